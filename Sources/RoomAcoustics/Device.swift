import Foundation

/// One loudspeaker driver of a device.
public struct Driver: Sendable, Equatable {
    /// Name used for files and reports ("woofer", "mid-left").
    public var name: String
    /// Position in the device frame (x forward, y left, z up; origin at the device centre), metres.
    public var position: Vector3
    /// Unit axis in the device frame.
    public var axis: Vector3
    public var directivity: Directivity

    public init(name: String, position: Vector3, axis: Vector3, directivity: Directivity) {
        self.name = name
        self.position = position
        self.axis = axis.normalized
        self.directivity = directivity
    }
}

/// A multi-driver device placed in a room.
///
/// Device frame: x forward (the device's front), y to its left, z up, origin at its centre. The
/// pose puts that origin at ``position`` in the room and turns the device by ``yaw`` about z
/// (counter-clockwise seen from above; 0 faces the room's +x).
public struct Device: Sendable, Equatable {
    public var name: String
    public var drivers: [Driver]
    /// Centre of the device in the room frame, metres.
    public var position: Vector3
    /// Rotation about z in radians.
    public var yaw: Double

    public init(name: String, drivers: [Driver], position: Vector3 = .zero, yaw: Double = 0) {
        self.name = name
        self.drivers = drivers
        self.position = position
        self.yaw = yaw
    }

    /// Converts a device-frame direction to the room frame.
    public func toRoom(direction v: Vector3) -> Vector3 {
        Vector3(cos(yaw) * v.x - sin(yaw) * v.y, sin(yaw) * v.x + cos(yaw) * v.y, v.z)
    }

    /// Converts a device-frame point to the room frame.
    public func toRoom(point p: Vector3) -> Vector3 { position + toRoom(direction: p) }

    /// The driver as a sound source in the room.
    public func source(_ driver: Driver) -> SoundSource {
        SoundSource(position: toRoom(point: driver.position), axis: toRoom(direction: driver.axis), directivity: driver.directivity)
    }

    /// The Echo-Studio-like preset (positions and sizes are estimates; published facts: five drivers,
    /// a down-firing woofer, midranges facing left, right and up, a forward tweeter). Piston radii
    /// are the effective radiating radii of 5.25″, 2″ and 1″ drivers.
    public static func echoStudio(position: Vector3 = .zero, yaw: Double = 0) -> Device {
        Device(name: "echo-studio", drivers: [
            Driver(name: "woofer", position: Vector3(0, 0, -0.10), axis: Vector3(0, 0, -1), directivity: .piston(radius: 0.055)),
            Driver(name: "mid-left", position: Vector3(0, 0.0875, 0.03), axis: Vector3(0, 1, 0), directivity: .piston(radius: 0.022)),
            Driver(name: "mid-right", position: Vector3(0, -0.0875, 0.03), axis: Vector3(0, -1, 0), directivity: .piston(radius: 0.022)),
            Driver(name: "mid-top", position: Vector3(0, 0, 0.10), axis: Vector3(0, 0, 1), directivity: .piston(radius: 0.022)),
            Driver(name: "tweeter", position: Vector3(0.0875, 0, 0.03), axis: Vector3(1, 0, 0), directivity: .piston(radius: 0.0125)),
        ], position: position, yaw: yaw)
    }
}
