import Evaluation
import Foundation

/// Reads seat-set files (YAML); see ``SeatSet`` for the format.
public enum SeatSetFile {
    public static func load(_ file: String) throws -> SeatSet { try parse(SceneNode.load(file: file)) }

    public static func parse(_ root: SceneNode) throws -> SeatSet {
        try root.requireKeys(in: ["name", "grid", "line", "seats", "ear_height", "yaw_deg", "nominal", "description"])
        let name =
            try root.optional("name")?.string()
            ?? URL(fileURLWithPath: root.file).deletingPathExtension().lastPathComponent
        var points = [(x: Double, y: Double)]()
        var spacing: Double?
        let forms = try ["grid", "line", "seats"].filter { try root.has($0) }
        guard forms.count == 1 else {
            throw InputError(
                root.file,
                "give exactly one of 'grid', 'line' or 'seats' (got "
                    + "\(forms.isEmpty ? "none" : forms.joined(separator: ", ")))"
            )
        }
        if let grid = try root.optional("grid") {
            try grid.requireKeys(in: ["x", "y", "spacing"])
            let x = try grid.required("x").numbers(count: 2), y = try grid.required("y").numbers(count: 2)
            let step = try grid.required("spacing").number(in: 0.01...5, unit: "m")
            guard x[1] >= x[0], y[1] >= y[0] else { throw grid.fail("ranges must be [from, to] with from ≤ to") }
            // Counted in floating point first: a range of 1e15 m must be an error, not an Int overflow
            // (found by fuzzing).
            let countX = ((x[1] - x[0]) / step + 1e-9).rounded(.down) + 1,
                countY = ((y[1] - y[0]) / step + 1e-9).rounded(.down) + 1
            guard countX * countY <= 100_000 else {
                throw grid.fail(String(format: "%.3g seats is more than 100 000", countX * countY))
            }
            let nx = Int(countX), ny = Int(countY)
            for i in 0..<nx { for j in 0..<ny { points.append((x[0] + Double(i) * step, y[0] + Double(j) * step)) } }
            spacing = step
        } else if let line = try root.optional("line") {
            try line.requireKeys(in: ["from", "to", "count"])
            let a = try line.required("from").numbers(count: 2), b = try line.required("to").numbers(count: 2)
            let count = try line.required("count").integer()
            guard (2...10_000).contains(count) else { throw line.fail("count must lie in 2…10000") }
            for i in 0..<count {
                let t = Double(i) / Double(count - 1)
                points.append((a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])))
            }
        } else {
            points = try root.required("seats").sequence().map { try $0.numbers(count: 2) }.map { ($0[0], $0[1]) }
            guard !points.isEmpty else { throw root.fail("'seats' is empty") }
        }
        let earHeight = try root.optional("ear_height")?.number(in: 0.2...2.5, unit: "m") ?? 1.1
        let yaw = try root.optional("yaw_deg").map { try $0.number(in: -360...360, unit: "°") * Double.pi / 180 }
        let nominal = try root.optional("nominal").map { try $0.numbers(count: 2) }.map { ($0[0], $0[1]) } ?? points[0]
        return SeatSet(
            name: name, points: points, spacings: Array(repeating: spacing, count: points.count),
            earHeights: Array(repeating: earHeight, count: points.count),
            yaws: Array(repeating: yaw, count: points.count),
            nominal: nominal, parts: [(name, points.count, spacing)])
    }
}
