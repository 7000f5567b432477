import Foundation
import SoundstageDSP

/// Frequency-dependent far-field directivity of a source, as an amplitude gain relative to its axis.
public enum Directivity: Sendable, Equatable {
    /// The same in every direction.
    case omni
    /// First-order pattern a + (1 − a)·cos θ: a = 1 omni, 0.5 cardioid, 0.37 supercardioid,
    /// 0.25 hypercardioid, 0 figure-of-eight. Frequency independent.
    case firstOrder(omniWeight: Double)
    /// A rigid circular piston of `radius` metres in an enclosure.
    ///
    /// In front (θ ≤ 90°) the baffled-piston pattern 2·J1(ka·sin θ)/(ka·sin θ) (Kinsler et al.,
    /// *Fundamentals of Acoustics*, §8.9). Behind, a real driver's box radiates what diffracts around
    /// it: omni at low frequency, little at high. Modelled as D₉₀·(g + (1 − g)·sin²θ) with
    /// g = 1/(1 + (ka)²), continuous at 90° and → D₉₀ (omni-like) as ka → 0. An engineering model,
    /// not a solution of the enclosure's diffraction problem.
    case piston(radius: Double)
    /// Measured data on the sphere, in the driver's frame (see ``MeasuredDirectivity``); needs the
    /// driver's up vector as well as its axis, so use ``gain(toward:axis:up:frequency:speedOfSound:)``.
    case measured(MeasuredDirectivity)

    /// Amplitude gain toward the unit vector `u`, for a source whose axis and up are the unit vectors
    /// `axis` and `up` (all in one frame), at `frequency` Hz.
    public func gain(toward u: Vector3, axis: Vector3, up: Vector3, frequency: Double, speedOfSound: Double) -> Double {
        guard case .measured(let data) = self else {
            return gain(cosAngle: u.dot(axis), frequency: frequency, speedOfSound: speedOfSound)
        }
        let side = up.cross(axis)
        return data.gain(toward: Vector3(u.dot(axis), u.dot(side), u.dot(up)), frequency: frequency)
    }

    /// Amplitude gain for a direction at angle θ from the axis (`cosAngle` = cos θ) at `frequency` Hz;
    /// a measured pattern is averaged around its axis here (use
    /// ``gain(toward:axis:up:frequency:speedOfSound:)`` for the direction's own value).
    public func gain(cosAngle: Double, frequency: Double, speedOfSound: Double) -> Double {
        switch self {
        case .measured(let data):
            let c = max(-1, min(1, cosAngle)), s = (1 - c * c).squareRoot()
            let around = (0..<36).map { Double($0) * Double.pi / 18 }
            return around.reduce(0) {
                $0 + data.gain(toward: Vector3(c, s * cos($1), s * sin($1)), frequency: frequency)
            }
                / 36
        case .omni: return 1
        case .firstOrder(let a): return a + (1 - a) * cosAngle
        case .piston(let radius):
            let ka = 2 * Double.pi * frequency / speedOfSound * radius
            let c = max(-1, min(1, cosAngle))
            let sine = (1 - c * c).squareRoot()
            if c >= 0 { return Directivity.jinc(ka * sine) }
            let g = 1 / (1 + ka * ka)
            return Directivity.jinc(ka) * (g + (1 - g) * sine * sine)
        }
    }

    /// The up of a source whose axis is `axis` when none is given: +z made perpendicular to the axis,
    /// or +x for a vertical axis.
    public static func defaultUp(axis: Vector3) -> Vector3 {
        let a = axis.normalized
        let z = Vector3(0, 0, 1)
        let candidate = z - a.dot(z) * a
        return candidate.length > 1e-6
            ? candidate.normalized : (Vector3(1, 0, 0) - a.dot(Vector3(1, 0, 0)) * a).normalized
    }

    /// 2·J1(x)/x, → 1 as x → 0.
    static func jinc(_ x: Double) -> Double {
        abs(x) < 1e-8 ? 1 : 2 * j1(x) / x
    }

    /// Mean of gain² over all directions, (1/2)∫₋₁¹ D²(u) du (Simpson's rule, 401 points; the
    /// patterns are smooth in cos θ, so this is exact to 1e-6). Measured patterns: (1/4π)∮ D² dΩ by
    /// the midpoint rule on a 2° × 2° grid.
    public func meanSquareGain(frequency: Double, speedOfSound: Double) -> Double {
        if case .omni = self { return 1 }
        if case .measured(let data) = self {
            var sum = 0.0
            for e in 0..<90 {
                let elevation = -89.0 + 2 * Double(e)
                let weight = cos(elevation * Double.pi / 180)
                for a in 0..<180 {
                    let g = data.gain(
                        azimuthDegrees: -179.0 + 2 * Double(a), elevationDegrees: elevation, frequency: frequency)
                    sum += weight * g * g
                }
            }
            let step = 2 * Double.pi / 180
            return sum * step * step / (4 * Double.pi)
        }
        let n = 400
        var sum = 0.0
        for i in 0...n {
            let u = -1 + 2 * Double(i) / Double(n)
            let w: Double = i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2)
            let g = gain(cosAngle: u, frequency: frequency, speedOfSound: speedOfSound)
            sum += w * g * g
        }
        return sum * (2 / Double(n)) / 3 / 2
    }

    /// Directivity factor Q = D²(axis)/mean D² (1 for omni, 3 for a cardioid).
    public func directivityFactor(frequency: Double, speedOfSound: Double) -> Double {
        let axis = gain(cosAngle: 1, frequency: frequency, speedOfSound: speedOfSound)
        return axis * axis / meanSquareGain(frequency: frequency, speedOfSound: speedOfSound)
    }
}

/// A sound source: position, axis and directivity.
public struct SoundSource: Sendable, Equatable {
    /// Position in the room frame, metres.
    public var position: Vector3
    /// Unit vector of the main axis in the room frame.
    public var axis: Vector3
    /// Unit vector of the source's up (perpendicular to the axis), for measured directivity.
    public var up: Vector3
    public var directivity: Directivity

    public init(
        position: Vector3, axis: Vector3 = Vector3(1, 0, 0), up: Vector3? = nil, directivity: Directivity = .omni
    ) {
        self.position = position
        self.axis = axis.normalized
        self.up = up?.normalized ?? Directivity.defaultUp(axis: axis)
        self.directivity = directivity
    }

    /// Amplitude gain toward the room-frame unit vector `u` at `frequency` Hz.
    public func gain(toward u: Vector3, frequency: Double, speedOfSound: Double) -> Double {
        directivity.gain(toward: u, axis: axis, up: up, frequency: frequency, speedOfSound: speedOfSound)
    }
}
