import Foundation
import RoomAcoustics

/// One row of `results.csv`: one mode at one seat of one room.
public struct ResultRow: Sendable, Equatable {
    public var room: String
    public var mode: String
    /// Index of the seat in the study's seat set.
    public var seat: Int
    /// Head centre in room coordinates, metres.
    public var position: Vector3
    /// Listener yaw in degrees (room frame, 0 faces +x, positive counter-clockwise).
    public var yawDegrees: Double
    public var metrics: SeatMetrics

    public init(room: String, mode: String, seat: Int, position: Vector3, yawDegrees: Double, metrics: SeatMetrics) {
        (self.room, self.mode, self.seat, self.position, self.yawDegrees, self.metrics) = (room, mode, seat, position, yawDegrees, metrics)
    }
}

/// `results.csv`: the columns, their units and text format, writing and reading.
///
/// Every number is written with a fixed number of decimals and read back exactly, so everything
/// computed from a results file (summary, maps, merged shards) is the same whether the rows came
/// from one run or from several.
public enum ResultTable {
    /// A column: name, what it holds, decimals written.
    public struct Column: Sendable {
        public var name: String
        public var meaning: String
        public var decimals: Int
    }

    /// Columns of the metrics, in file order after `room, mode, seat, x, y, z, yaw`.
    public static let metricColumns: [Column] = [
        Column(name: "width_deg", meaning: "image width: lateral angle of the hard-left image minus that of the hard-right image, degrees", decimals: 2),
        Column(name: "center_error_deg", meaning: "phantom-centre error: lateral angle of the centre-panned image minus the device's direction from the seat, degrees (positive: to the listener's left)", decimals: 2),
        Column(name: "separation_db", meaning: "channel separation at the ears for hard-left/right pink noise, 250 Hz–4 kHz, dB (higher is better; virtualizer bypassed)", decimals: 2),
        Column(name: "iacc_e3", meaning: "IACC_E3 of the centre path (mean 0–80 ms IACC, 500/1000/2000 Hz octaves), 0–1", decimals: 4),
        Column(name: "iacc_l3", meaning: "IACC_L3 of the centre path (mean 80 ms–end IACC, same octaves), 0–1", decimals: 4),
        Column(name: "coherence", meaning: "interaural coherence of centre-panned pink noise, mean of the 500 Hz–2 kHz third octaves, 0–1", decimals: 4),
        Column(name: "drr_db", meaning: "direct-to-reverberant ratio of the centre path, 500 Hz–2 kHz octaves, ±2.5 ms direct window, dB", decimals: 2),
        Column(name: "critical_distance_m", meaning: "critical distance 0.057·√(Q·V/T30) with the mode's measured centre-path Q (500 Hz–2 kHz) and this seat's T30, metres", decimals: 3),
        Column(name: "coloration_db", meaning: "RMS over 100 Hz–10 kHz third octaves of the centre path's summed-ear level re the reference pair's at the same seat, mean removed, dB", decimals: 2),
        Column(name: "t30_s", meaning: "T30 of the centre path, mean of the 500 Hz and 1 kHz octaves, seconds", decimals: 3),
        Column(name: "c80_db", meaning: "C80 of the centre path, mean of the 500 Hz and 1 kHz octaves, dB", decimals: 2),
    ]

    public static let header = (["room", "mode", "seat", "x", "y", "z", "yaw"] + metricColumns.map(\.name)).joined(separator: ",")

    /// The metric values of `m` in column order (nil: missing).
    public static func values(_ m: SeatMetrics) -> [Double?] {
        [m.widthDegrees, m.centreErrorDegrees, m.separationDB, m.iaccE3, m.iaccL3, m.coherence, m.drrDB,
         m.criticalDistanceMetres, m.colorationDB, m.t30Seconds, m.c80DB]
    }

    static func metrics(_ v: [Double?], file: String, line: Int) throws -> SeatMetrics {
        func required(_ i: Int) throws -> Double {
            guard let x = v[i] else { throw InputError(file, "line \(line): column '\(metricColumns[i].name)' is empty") }
            return x
        }
        return SeatMetrics(widthDegrees: try required(0), centreErrorDegrees: try required(1), separationDB: try required(2),
                           iaccE3: try required(3), iaccL3: try required(4), coherence: try required(5), drrDB: v[6],
                           criticalDistanceMetres: v[7], colorationDB: try required(8), t30Seconds: v[9], c80DB: v[10])
    }

    static func format(_ x: Double?, decimals: Int) -> String {
        guard let x else { return "" }
        precondition(x.isFinite, "non-finite value in a result row")
        let text = String(format: "%.\(decimals)f", x)
        // "-0.00" and "0.00" are the same number; write one of them.
        return Double(text) == 0 ? String(format: "%.\(decimals)f", 0.0) : text
    }

    /// The CSV text of `rows` (header line first, "\n" line ends).
    public static func csv(_ rows: [ResultRow]) -> String {
        var out = header + "\n"
        for row in rows {
            var fields = [row.room, row.mode, String(row.seat), format(row.position.x, decimals: 3), format(row.position.y, decimals: 3),
                          format(row.position.z, decimals: 3), format(row.yawDegrees, decimals: 2)]
            fields += zip(values(row.metrics), metricColumns).map { format($0, decimals: $1.decimals) }
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    /// `rows` as `results.csv` holds them: its text and the rows read back from it (rounded to the
    /// written decimals), which every summary is computed from.
    public static func asWritten(_ rows: [ResultRow]) throws -> (csv: String, rows: [ResultRow]) {
        let text = csv(rows)
        return (text, try parse(text, file: "results.csv"))
    }

    /// Reads a results file written by ``csv(_:)``.
    public static func parse(_ text: String, file: String) throws -> [ResultRow] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard lines.first == header else { throw InputError(file, "not a results table: the first line must be '\(header)'") }
        return try lines.dropFirst().enumerated().map { offset, line in
            let lineNumber = offset + 2
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 7 + metricColumns.count else {
                throw InputError(file, "line \(lineNumber): expected \(7 + metricColumns.count) fields, got \(fields.count)")
            }
            func number(_ i: Int) throws -> Double? {
                if fields[i].isEmpty { return nil }
                guard let x = Double(fields[i]), x.isFinite else { throw InputError(file, "line \(lineNumber): field \(i + 1) '\(fields[i])' is not a number") }
                return x
            }
            guard let seat = Int(fields[2]), seat >= 0 else { throw InputError(file, "line \(lineNumber): seat '\(fields[2])' is not a seat index") }
            guard let x = try number(3), let y = try number(4), let z = try number(5), let yaw = try number(6) else {
                throw InputError(file, "line \(lineNumber): position or yaw is empty")
            }
            let metrics = try ResultTable.metrics(try (7..<fields.count).map(number), file: file, line: lineNumber)
            return ResultRow(room: fields[0], mode: fields[1], seat: seat, position: Vector3(x, y, z), yawDegrees: yaw, metrics: metrics)
        }
    }
}
