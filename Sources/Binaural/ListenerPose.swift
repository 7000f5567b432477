import Foundation
import SoundstageDSP

/// Where a listener's head is and where it faces.
public struct ListenerPose: Sendable, Equatable {
    /// Head centre (the midpoint between the ears) in the room frame, metres.
    public var position: Vector3
    /// Facing direction about z in radians (0 faces the room's +x, counter-clockwise positive).
    public var yawRadians: Double

    public init(position: Vector3, yawRadians: Double) {
        self.position = position
        self.yawRadians = yawRadians
    }

    /// A listener at `position` facing `target` (in the horizontal plane).
    public static func facing(_ target: Vector3, from position: Vector3) -> ListenerPose {
        ListenerPose(position: position, yawRadians: atan2(target.y - position.y, target.x - position.x))
    }

    /// Converts a room-frame direction to the head frame (x nose, y left ear, z up).
    public func toHead(_ v: Vector3) -> Vector3 {
        Vector3(cos(yawRadians) * v.x + sin(yawRadians) * v.y, -sin(yawRadians) * v.x + cos(yawRadians) * v.y, v.z)
    }

    /// Lateral angle in degrees (positive left) at which this listener sees `point`.
    public func lateralAngleDegrees(of point: Vector3) -> Double {
        HeadDirection.lateralAngle(toHead(point - position)) * 180 / Double.pi
    }
}
