import Foundation
import SoundstageDSP

/// One loudspeaker driver of a device.
public struct Driver: Sendable, Equatable {
    /// Name used for files and reports ("woofer", "mid-left").
    public var name: String
    /// Position in the device frame (x forward, y left, z up; origin at the device centre), metres.
    public var position: Vector3
    /// Unit axis in the device frame.
    public var axis: Vector3
    /// Unit up of the driver's own frame (measured directivity's elevation +90°), in the device frame.
    public var up: Vector3
    public var directivity: Directivity

    /// `up` nil: ``Directivity/defaultUp(axis:)`` (the device's up, or its front for vertical axes).
    public init(name: String, position: Vector3, axis: Vector3, up: Vector3? = nil, directivity: Directivity) {
        self.name = name
        self.position = position
        self.axis = axis.normalized
        self.up = up?.normalized ?? Directivity.defaultUp(axis: axis)
        self.directivity = directivity
    }

    /// Amplitude gain toward the device-frame unit vector `u` at `frequency` Hz.
    public func gain(toward u: Vector3, frequency: Double, speedOfSound: Double) -> Double {
        directivity.gain(toward: u, axis: axis, up: up, frequency: frequency, speedOfSound: speedOfSound)
    }
}

/// A multi-driver device placed in a room.
///
/// Device frame: x forward (the device's front), y to its left, z up, origin at its centre. The
/// pose puts that origin at ``position`` in the room and turns the device by ``yawRadians`` about z
/// (counter-clockwise seen from above; 0 faces the room's +x).
public struct Device: Sendable, Equatable {
    public var name: String
    public var drivers: [Driver]
    /// Centre of the device in the room frame, metres.
    public var position: Vector3
    /// Rotation about z in radians.
    public var yawRadians: Double

    public init(name: String, drivers: [Driver], position: Vector3 = .zero, yawRadians: Double = 0) {
        self.name = name
        self.drivers = drivers
        self.position = position
        self.yawRadians = yawRadians
    }

    /// Converts a device-frame direction to the room frame.
    public func toRoom(direction v: Vector3) -> Vector3 {
        Vector3(cos(yawRadians) * v.x - sin(yawRadians) * v.y, sin(yawRadians) * v.x + cos(yawRadians) * v.y, v.z)
    }

    /// Converts a device-frame point to the room frame.
    public func toRoom(point p: Vector3) -> Vector3 { position + toRoom(direction: p) }

    /// The driver as a sound source in the room.
    public func source(_ driver: Driver) -> SoundSource {
        SoundSource(
            position: toRoom(point: driver.position), axis: toRoom(direction: driver.axis),
            up: toRoom(direction: driver.up), directivity: driver.directivity)
    }
}
