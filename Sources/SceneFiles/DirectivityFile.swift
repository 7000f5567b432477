import AudioFiles
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
        if path.lowercased().hasSuffix(".sofa") { return try loadSOFA(path) }
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

    /// A SOFA `FreeFieldDirectivityTF` file (``SOFADirectivity``): its receiver directions must form a
    /// full azimuth × elevation grid (a pole, elevation ±90°, may hold a single direction).
    static func loadSOFA(_ path: String) throws -> MeasuredDirectivity {
        let sofa: SOFADirectivity
        do { sofa = try SOFADirectivity.read(path: path) } catch let error as AudioFileError {
            throw InputError(path, error.description.replacingOccurrences(of: "\(path): ", with: ""))
        }
        func key(_ x: Double) -> Double { (x * 1e6).rounded() / 1e6 }
        // Azimuths into [−180, 180).
        let azimuths = sofa.azimuths.map { key($0 - 360 * (($0 + 180) / 360).rounded(.down)) }
        let elevations = sofa.elevations.map(key)
        var index = [[Double]: Int]()
        for (i, pair) in zip(azimuths, elevations).enumerated() { index[[pair.0, pair.1]] = i }
        let isPole = { (e: Double) in abs(abs(e) - 90) < 1e-6 }
        let gridAzimuths = Array(Set(zip(azimuths, elevations).filter { !isPole($0.1) }.map(\.0))).sorted()
        let gridElevations = Array(Set(elevations)).sorted()
        guard gridAzimuths.count >= 2 else { throw InputError(path, "needs at least two azimuths off the poles") }
        var rows = [[Int]]()
        for e in gridElevations {
            if isPole(e), let single = elevations.firstIndex(of: e) {
                rows.append(Array(repeating: single, count: gridAzimuths.count))
                continue
            }
            rows.append(
                try gridAzimuths.map { a in
                    guard let i = index[[a, e]] else {
                        throw InputError(
                            path, "the directions are not a full grid: none at azimuth \(a)°, elevation \(e)°")
                    }
                    return i
                })
        }
        let magnitudes = sofa.frequencies.indices.map { k in rows.map { row in row.map { sofa.magnitudes[$0][k] } } }
        do {
            return try MeasuredDirectivity(
                name: URL(fileURLWithPath: path).lastPathComponent, frequencies: sofa.frequencies,
                azimuths: gridAzimuths, elevations: gridElevations, magnitudes: magnitudes)
        } catch {
            throw InputError(path, error.message)
        }
    }
}
