import Evaluation
import Foundation
import RoomAcoustics

/// Reads a driver's measured directivity from a CSV file: a header line
/// `frequency_hz,azimuth_deg,elevation_deg,magnitude_db`, then one line per measured point, for
/// every combination of the file's frequencies, azimuths and elevations (a full grid, any order;
/// lines starting with `#` are comments). Angles are in the driver's frame (azimuth 0° and elevation
/// 0° on axis, azimuth +90° to the axis's left, elevation +90° the driver's `up`); magnitudes in dB,
/// any reference (each frequency is normalised to its on-axis value). See ``MeasuredDirectivity``.
public enum DirectivityFile {
    public static let header = "frequency_hz,azimuth_deg,elevation_deg,magnitude_db"

    public static func load(_ path: String) throws -> MeasuredDirectivity {
        let lines = try TextFile.read(path).split(whereSeparator: \.isNewline).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let rows = lines.enumerated().filter { !$0.element.isEmpty && !$0.element.hasPrefix("#") }
        guard let first = rows.first, first.element.replacingOccurrences(of: " ", with: "") == header else {
            throw InputError(path, "the first line must be the header '\(header)'")
        }
        var values = [[Double]: Double]()
        for (index, line) in rows.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
                Double($0.trimmingCharacters(in: .whitespaces))
            }
            guard fields.count == 4, let f = fields[0], let a = fields[1], let e = fields[2], let db = fields[3],
                [f, a, e, db].allSatisfy(\.isFinite)
            else { throw InputError(path, "line \(index + 1): expected four numbers (\(header))") }
            guard values.updateValue(db, forKey: [f, a, e]) == nil else {
                throw InputError(
                    path, "line \(index + 1): frequency \(f) Hz, azimuth \(a)°, elevation \(e)° is given twice")
            }
        }
        let axes = (0..<3).map { i in Array(Set(values.keys.map { $0[i] })).sorted() }
        let (frequencies, azimuths, elevations) = (axes[0], axes[1], axes[2])
        let magnitudes = try frequencies.map { f in
            try elevations.map { e in
                try azimuths.map { a -> Double in
                    guard let db = values[[f, a, e]] else {
                        throw InputError(
                            path, "the grid has no value for frequency \(f) Hz, azimuth \(a)°, elevation \(e)°")
                    }
                    return pow(10, db / 20)
                }
            }
        }
        do {
            return try MeasuredDirectivity(
                name: URL(fileURLWithPath: path).lastPathComponent, frequencies: frequencies, azimuths: azimuths,
                elevations: elevations, magnitudes: magnitudes)
        } catch {
            throw InputError(path, error.message)
        }
    }
}
