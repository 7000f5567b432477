import CNetCDFLoader
import Foundation
import SoundstageDSP

/// A netCDF-4 file being defined and written (https://docs.unidata.ucar.edu/netcdf-c/current/):
/// dimensions, double variables with text attributes, global text attributes. Only what AES69 (SOFA)
/// files need. Built in a private temporary file; ``commit()`` then hands its bytes to
/// ``OutputFile`` (atomic, links followed, devices written through, folders refused), so a failure
/// never leaves a partial file and nothing the tool did not write is replaced.
struct NetCDFFile {
    let path: String
    private let temporaryPath: String
    private let id: Int32
    private var dimensions = [String: Int32]()
    private var variables = [String: Int32]()
    private var pendingData = [(variable: Int32, values: [Double])]()

    /// Creates the temporary file. Throws ``AudioFileError/unwritable(path:reason:)``.
    init(creating path: String) throws {
        self.path = path
        temporaryPath =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("soundstage-\(UUID().uuidString).nc").path
        try NetCDFFile.requireLibrary(path)
        var id: Int32 = 0
        let status = soundstage_nc_create(temporaryPath, NC_NETCDF4 | NC_NOCLOBBER, &id)
        guard status == NC_NOERR else {
            throw AudioFileError.unwritable(
                path: path,
                reason: "cannot create a temporary netCDF file \(temporaryPath): \(Self.message(status))")
        }
        self.id = id
    }

    /// The global attributes every SOFA file Soundstage writes carries (AES69-2022, SOFA 2.1), with
    /// fixed dates so the same inputs give the same data, followed by the convention's `extra` ones.
    mutating func setSOFAAttributes(
        convention: String, version: String, dataType: String, roomType: String, title: String,
        applicationVersion: String, extra: [(String, String)]
    ) throws {
        let date = "1970-01-01 00:00:00"
        let common = [
            ("Conventions", "SOFA"), ("Version", "2.1"), ("SOFAConventions", convention),
            ("SOFAConventionsVersion", version), ("DataType", dataType), ("RoomType", roomType), ("Title", title),
            ("DateCreated", date), ("DateModified", date), ("APIName", "Soundstage"),
            ("APIVersion", applicationVersion), ("AuthorContact", "-"), ("Organization", "-"),
            ("License", "No license provided, ask the author for permission"), ("ApplicationName", "soundstage"),
            ("ApplicationVersion", applicationVersion),
        ]
        for (key, value) in common + extra { try setAttribute(key, value) }
    }

    /// Opens libnetcdf on first use; throws ``AudioFileError/unreadable(path:reason:)`` naming `path`
    /// and what to install when it cannot be loaded.
    static func requireLibrary(_ path: String) throws {
        guard soundstage_nc_load() == 0 else { return }
        throw AudioFileError.unreadable(
            path: path,
            reason:
                "SOFA files need libnetcdf, which could not be loaded (\(String(cString: soundstage_nc_load_error())));"
                + " install it with `make deps` (Debian: libnetcdf-dev)")
    }

    static func message(_ status: Int32) -> String { String(cString: soundstage_nc_strerror(status)) }

    private func check(_ status: Int32, _ what: String) throws {
        guard status == NC_NOERR else {
            throw AudioFileError.unwritable(path: path, reason: "netCDF: \(what): \(Self.message(status))")
        }
    }

    mutating func defineDimension(_ name: String, length: Int) throws {
        var dimension: Int32 = 0
        try check(soundstage_nc_def_dim(id, name, length, &dimension), "dimension \(name)")
        dimensions[name] = dimension
    }

    /// A global attribute (`variable` nil) or an attribute of a defined variable.
    func setAttribute(_ name: String, _ text: String, of variable: String? = nil) throws {
        let target = variable.flatMap { variables[$0] } ?? NC_GLOBAL
        try check(soundstage_nc_put_att_text(id, target, name, text.utf8.count, text), "attribute \(name)")
    }

    /// A double variable over the named dimensions, its values in row-major order (last dimension
    /// fastest), and its text attributes.
    mutating func defineVariable(
        _ name: String, dimensions names: [String], values: [Double], attributes: [(String, String)] = []
    ) throws {
        let ids = names.compactMap { dimensions[$0] }
        precondition(ids.count == names.count, "undefined dimension in \(names)")
        var variable: Int32 = 0
        try check(soundstage_nc_def_var(id, name, NC_DOUBLE, Int32(ids.count), ids, &variable), "variable \(name)")
        variables[name] = variable
        for (key, text) in attributes { try setAttribute(key, text, of: name) }
        pendingData.append((variable, values))
    }

    /// Ends the definitions, writes every variable's values, closes and renames into place.
    func commit() throws {
        do {
            try check(soundstage_nc_enddef(id), "end of definitions")
            for (variable, values) in pendingData {
                try check(soundstage_nc_put_var_double(id, variable, values), "data")
            }
            try check(soundstage_nc_close(id), "close")
        } catch {
            soundstage_nc_close(id)
            abandon()
            throw error
        }
        defer { abandon() }
        let bytes: Data
        do { bytes = try Data(contentsOf: URL(fileURLWithPath: temporaryPath)) } catch {
            throw AudioFileError.unwritable(path: path, reason: FileProblem.writing(temporaryPath, error))
        }
        try OutputFile.write(bytes, to: path)
    }

    /// Removes the temporary file.
    func abandon() { try? FileManager.default.removeItem(atPath: temporaryPath) }
}
