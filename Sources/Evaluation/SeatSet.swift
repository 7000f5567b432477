import Binaural
import Foundation
import RoomAcoustics
import SoundstageDSP

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

    public init(
        name: String, points: [(x: Double, y: Double)], spacings: [Double?], earHeights: [Double], yaws: [Double?],
        nominal: (x: Double, y: Double), parts: [(name: String, count: Int, spacing: Double?)]
    ) {
        self.name = name
        self.points = points
        self.spacings = spacings
        self.earHeights = earHeights
        self.yaws = yaws
        self.nominal = nominal
        self.parts = parts
    }

    /// The grid spacing shared by every seat, or nil.
    public var spacing: Double? {
        guard let first = spacings.first, let value = first, spacings.allSatisfy({ $0 == value }) else { return nil }
        return value
    }

    /// `sets` one after the other (seat indices continue from set to set); the nominal seat is the
    /// first set's, the name the names joined with " + ".
    public static func combining(_ sets: [SeatSet]) -> SeatSet {
        precondition(!sets.isEmpty, "nothing to combine")
        return SeatSet(
            name: sets.map(\.name).joined(separator: " + "), points: sets.flatMap(\.points),
            spacings: sets.flatMap(\.spacings),
            earHeights: sets.flatMap(\.earHeights), yaws: sets.flatMap(\.yaws), nominal: sets[0].nominal,
            parts: sets.flatMap(\.parts))
    }

    /// The listener pose of seat `seat` in the room, for `device` placed in a room.
    public func pose(seat: Int, device: Device) -> ListenerPose {
        let point = points[seat]
        let horizontal = device.toRoom(direction: Vector3(point.x, point.y, 0))
        let position = Vector3(device.position.x + horizontal.x, device.position.y + horizontal.y, earHeights[seat])
        return yaws[seat].map { ListenerPose(position: position, yawRadians: $0) }
            ?? .facing(device.position, from: position)
    }

    /// Every seat's pose in the room.
    public func poses(device: Device) -> [ListenerPose] { points.indices.map { pose(seat: $0, device: device) } }
}
