import CNetCDFLoader
import Foundation
import SoundstageDSP

/// Reading double variables and text attributes of a netCDF-4 / HDF5 file (a SOFA file).
struct NetCDFReader: ~Copyable {
    let path: String
    private let id: Int32

    init(opening path: String) throws {
        try NetCDFFile.requireLibrary(path)
        var id: Int32 = 0
        let status = soundstage_nc_open(path, NC_NOWRITE, &id)
        guard status == NC_NOERR else {
            throw AudioFileError.malformed(
                path: path, reason: "not a netCDF-4/SOFA file (\(NetCDFFile.message(status)))")
        }
        self.path = path
        self.id = id
    }

    /// Opens a SOFA file and checks its `DataType` (the convention name only labels the error).
    static func openSOFA(_ path: String, dataType: String, convention: String) throws -> NetCDFReader {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw AudioFileError.unreadable(path: path, reason: FileProblem.reading(path, CocoaError(.fileReadUnknown)))
        }
        let file = try NetCDFReader(opening: path)
        let found = file.attribute("DataType")
        guard found == dataType else {
            throw AudioFileError.malformed(
                path: path, reason: "DataType is '\(found ?? "")', expected \(dataType) (\(convention))")
        }
        return file
    }

    deinit { soundstage_nc_close(id) }

    /// The lengths of a variable's dimensions and its values in row-major order.
    func doubles(_ name: String) throws -> (shape: [Int], values: [Double]) {
        var variable: Int32 = 0
        guard soundstage_nc_inq_varid(id, name, &variable) == NC_NOERR else {
            throw AudioFileError.malformed(path: path, reason: "no variable '\(name)'")
        }
        var count: Int32 = 0
        soundstage_nc_inq_varndims(id, variable, &count)
        var dimensions = [Int32](repeating: 0, count: Int(count))
        soundstage_nc_inq_vardimid(id, variable, &dimensions)
        let shape = dimensions.map { dimension -> Int in
            var length = 0
            soundstage_nc_inq_dimlen(id, dimension, &length)
            return length
        }
        let total = shape.reduce(1, *)
        guard total <= AudioFile.maximumSampleCount else {
            throw AudioFileError.malformed(
                path: path, reason: "'\(name)' holds more than \(AudioFile.maximumSampleCount) values")
        }
        var values = [Double](repeating: 0, count: total)
        let status = soundstage_nc_get_var_double(id, variable, &values)
        guard status == NC_NOERR else {
            throw AudioFileError.malformed(path: path, reason: "'\(name)': \(NetCDFFile.message(status))")
        }
        return (shape, values)
    }

    /// A global text attribute (a character array or a string), nil when absent.
    func attribute(_ name: String) -> String? {
        var type: nc_type = 0
        var length = 0
        guard soundstage_nc_inq_atttype(id, NC_GLOBAL, name, &type) == NC_NOERR,
            soundstage_nc_inq_attlen(id, NC_GLOBAL, name, &length) == NC_NOERR, length < 1 << 20
        else { return nil }
        if type == NC_STRING {
            guard length == 1 else { return nil }
            var pointer: UnsafeMutablePointer<CChar>?
            guard soundstage_nc_get_att_string(id, NC_GLOBAL, name, &pointer) == NC_NOERR else { return nil }
            defer { soundstage_nc_free_string(1, &pointer) }
            return pointer.map { String(cString: $0) }
        }
        guard type == NC_CHAR else { return nil }
        var bytes = [CChar](repeating: 0, count: length + 1)
        guard soundstage_nc_get_att_text(id, NC_GLOBAL, name, &bytes) == NC_NOERR else { return nil }
        return String(decoding: bytes.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
