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

    /// Amplitude gain for a direction at angle θ from the axis (`cosAngle` = cos θ) at `frequency` Hz.
    public func gain(cosAngle: Double, frequency: Double, speedOfSound: Double) -> Double {
        switch self {
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

    /// 2·J1(x)/x, → 1 as x → 0.
    static func jinc(_ x: Double) -> Double {
        abs(x) < 1e-8 ? 1 : 2 * j1(x) / x
    }

    /// Mean of gain² over all directions, (1/2)∫₋₁¹ D²(u) du (Simpson's rule, 401 points; the
    /// patterns are smooth in cos θ, so this is exact to 1e-6).
    public func meanSquareGain(frequency: Double, speedOfSound: Double) -> Double {
        if case .omni = self { return 1 }
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
    public var directivity: Directivity

    public init(position: Vector3, axis: Vector3 = Vector3(1, 0, 0), directivity: Directivity = .omni) {
        self.position = position
        self.axis = axis.normalized
        self.directivity = directivity
    }
}
