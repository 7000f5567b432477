import Evaluation
import Foundation
import RoomAcoustics
import SoundstageDSP

/// `results.csv`: the columns, their units and text format, writing and reading.
///
/// Every number is written with a fixed number of decimals and read back exactly, so everything
/// computed from a results file (summary, maps, merged shards) is the same whether the rows came
/// from one run or from several.
public enum ResultTable {
    /// The columns before the metrics.
    static let placeColumns = ["room", "mode", "seat", "x", "y", "z", "yaw"]

    /// The header line: the place columns, then one column per ``SeatMetric``.
    public static let header = (placeColumns + SeatMetric.allCases.map(\.descriptor.column)).joined(separator: ",")

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
            var fields = [
                row.room, row.mode, String(row.seat), format(row.position.x, decimals: 3),
                format(row.position.y, decimals: 3),
                format(row.position.z, decimals: 3), format(row.yawDegrees, decimals: 2),
            ]
            fields += SeatMetric.allCases.map { format(row.metrics[$0], decimals: $0.descriptor.decimals) }
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
        guard lines.first == header else {
            throw InputError(file, "not a results table: the first line must be '\(header)'")
        }
        return try lines.dropFirst().enumerated().map { offset, line in
            let lineNumber = offset + 2
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == placeColumns.count + SeatMetric.allCases.count else {
                throw InputError(
                    file,
                    "line \(lineNumber): expected \(placeColumns.count + SeatMetric.allCases.count) fields, got "
                        + "\(fields.count)"
                )
            }
            func number(_ i: Int) throws -> Double? {
                if fields[i].isEmpty { return nil }
                guard let x = Double(fields[i]), x.isFinite else {
                    throw InputError(file, "line \(lineNumber): field \(i + 1) '\(fields[i])' is not a number")
                }
                return x
            }
            guard let seat = Int(fields[2]), seat >= 0 else {
                throw InputError(file, "line \(lineNumber): seat '\(fields[2])' is not a seat index")
            }
            guard let x = try number(3), let y = try number(4), let z = try number(5), let yaw = try number(6) else {
                throw InputError(file, "line \(lineNumber): position or yaw is empty")
            }
            var metrics = SeatMetrics()
            for metric in SeatMetric.allCases {
                let column = placeColumns.count + metric.rawValue
                metrics[metric] = try number(column)
                guard metrics[metric] != nil || metric.descriptor.isOptional else {
                    throw InputError(file, "line \(lineNumber): column '\(metric.descriptor.column)' is empty")
                }
            }
            return ResultRow(
                room: fields[0], mode: fields[1], seat: seat, position: Vector3(x, y, z), yawDegrees: yaw,
                metrics: metrics)
        }
    }
}
