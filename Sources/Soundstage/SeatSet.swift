import Binaural
import Foundation
import RoomAcoustics

/// A set of listener seats, given relative to the device so one file serves every room.
///
/// Seat coordinates are in the device's horizontal frame: `x` metres in front of the device, `y`
/// metres to its left. The ear height is above the floor. Listeners face the device unless
/// `yaw_deg` fixes a room-frame yaw.
///
/// A study may list several sets; ``combining(_:)`` joins them, each seat keeping its own ear
/// height, yaw and grid spacing.
///
/// ```yaml
/// name: sofa-grid
/// grid: {x: [1.0, 4.5], y: [-1.75, 1.75], spacing: 0.25}    # or
/// # line: {from: [2.0, 0.0], to: [2.0, 1.5], count: 7}       # or
/// # seats: [[2.0, 0.0]]
/// ear_height: 1.1
/// nominal: [2.0, 0.0]        # the nominal seat (defaults to the first seat)
/// ```
public struct SeatSet: Sendable {
    public var name: String
    /// Seat positions (x forward, y left) in the device frame, metres.
    public var points: [(x: Double, y: Double)]
    /// Per seat: the grid spacing in metres when it belongs to a grid (the square it stands for), else nil.
    public var spacings: [Double?]
    /// Per seat: the ear height above the floor, metres.
    public var earHeights: [Double]
    /// Per seat: a fixed yaw in radians (room frame), or nil to face the device.
    public var yaws: [Double?]
    /// The nominal seat in the device frame.
    public var nominal: (x: Double, y: Double)
    /// The sets this one was combined from (name, seat count, grid spacing), in order; one entry
    /// for a set read from one file.
    public var parts: [(name: String, count: Int, spacing: Double?)]

    /// The grid spacing shared by every seat, or nil.
    public var spacing: Double? {
        guard let first = spacings.first, let value = first, spacings.allSatisfy({ $0 == value }) else { return nil }
        return value
    }

    public static func load(_ file: String) throws -> SeatSet { try parse(SceneNode.load(file: file)) }

    public static func parse(_ root: SceneNode) throws -> SeatSet {
        try root.requireKeys(in: ["name", "grid", "line", "seats", "ear_height", "yaw_deg", "nominal", "description"])
        let name = try root.optional("name")?.string() ?? URL(fileURLWithPath: root.file).deletingPathExtension().lastPathComponent
        var points = [(x: Double, y: Double)]()
        var spacing: Double?
        let forms = try ["grid", "line", "seats"].filter { try root.has($0) }
        guard forms.count == 1 else { throw InputError(root.file, "give exactly one of 'grid', 'line' or 'seats' (got \(forms.isEmpty ? "none" : forms.joined(separator: ", ")))") }
        if let grid = try root.optional("grid") {
            try grid.requireKeys(in: ["x", "y", "spacing"])
            let x = try grid.required("x").numbers(count: 2), y = try grid.required("y").numbers(count: 2)
            let step = try grid.required("spacing").number(in: 0.01...5, unit: "m")
            guard x[1] >= x[0], y[1] >= y[0] else { throw grid.fail("ranges must be [from, to] with from ≤ to") }
            let nx = Int(((x[1] - x[0]) / step + 1e-9).rounded(.down)) + 1, ny = Int(((y[1] - y[0]) / step + 1e-9).rounded(.down)) + 1
            guard nx * ny <= 100_000 else { throw grid.fail("\(nx * ny) seats is more than 100 000") }
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
        return SeatSet(name: name, points: points, spacings: Array(repeating: spacing, count: points.count),
                       earHeights: Array(repeating: earHeight, count: points.count), yaws: Array(repeating: yaw, count: points.count),
                       nominal: nominal, parts: [(name, points.count, spacing)])
    }

    /// `sets` one after the other (seat indices continue from set to set); the nominal seat is the
    /// first set's, the name the names joined with " + ".
    public static func combining(_ sets: [SeatSet]) -> SeatSet {
        precondition(!sets.isEmpty, "nothing to combine")
        return SeatSet(name: sets.map(\.name).joined(separator: " + "), points: sets.flatMap(\.points), spacings: sets.flatMap(\.spacings),
                       earHeights: sets.flatMap(\.earHeights), yaws: sets.flatMap(\.yaws), nominal: sets[0].nominal, parts: sets.flatMap(\.parts))
    }

    /// The listener pose of seat `seat` in the room, for `device` placed in a room.
    public func pose(seat: Int, device: Device) -> ListenerPose {
        let point = points[seat]
        let horizontal = device.toRoom(direction: Vector3(point.x, point.y, 0))
        let position = Vector3(device.position.x + horizontal.x, device.position.y + horizontal.y, earHeights[seat])
        return yaws[seat].map { ListenerPose(position: position, yaw: $0) } ?? .facing(device.position, from: position)
    }

    /// Every seat's pose in the room.
    public func poses(device: Device) -> [ListenerPose] { points.indices.map { pose(seat: $0, device: device) } }
}
