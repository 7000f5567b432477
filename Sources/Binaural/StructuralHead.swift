import Foundation
import Numerics
import SoundstageDSP

/// Brown & Duda's structural head model ("A structural model for binaural sound synthesis",
/// IEEE Trans. Speech Audio Proc. 6(5), 1998): per ear a one-pole, one-zero head-shadow filter and a
/// delay, both functions of θ, the angle between the source and the ear (ears at ±90°):
///
/// H(ω, θ) = (1 + jα(θ)·ω/(2ω₀)) / (1 + jω/(2ω₀)),  ω₀ = c/a,
/// α(θ) = (1 + α_min/2) + (1 − α_min/2)·cos(θ/θ_min·π),  α_min = 0.1, θ_min = 150°,
/// T(θ) = −(a/c)·cos θ for |θ| < π/2, (a/c)·(|θ| − π/2) beyond.
///
/// Cheaper than the sphere series and smooth in frequency; its high-frequency far/near ratio at 30°
/// is −13.6 dB.
public struct StructuralHead: HeadModel {
    public let radius: Double
    public let speedOfSound: Double
    public static let alphaMin = 0.1
    public static let thetaMin = 150 * Double.pi / 180

    public init(radius: Double = 0.0875, speedOfSound: Double = SpeedOfSound.nominal) {
        self.radius = radius
        self.speedOfSound = speedOfSound
    }

    public var name: String { String(format: "Brown–Duda structural model a = %.2f cm", radius * 100) }

    /// α(θ), the high-frequency gain of the head shadow.
    public static func alpha(_ theta: Double) -> Double {
        (1 + alphaMin / 2) + (1 - alphaMin / 2) * cos(theta / thetaMin * Double.pi)
    }

    /// T(θ) in seconds.
    public func delay(_ theta: Double) -> Double {
        let t = abs(theta)
        return t < Double.pi / 2 ? -radius / speedOfSound * cos(t) : radius / speedOfSound * (t - Double.pi / 2)
    }

    public func earResponse(theta: Double, frequency: Double) -> Complex<Double> {
        let w = 2 * Double.pi * frequency
        let w0 = speedOfSound / radius
        let shadow = Complex(1, StructuralHead.alpha(theta) * w / (2 * w0)) / Complex(1, w / (2 * w0))
        let phase = -w * delay(theta)
        return shadow * Complex(cos(phase), sin(phase))
    }

    public func transferFunctions(
        direction: Vector3, frequencies: [Double]
    ) -> (left: [Complex<Double>], right: [Complex<Double>]) {
        let d = direction.normalized
        let thetaLeft = acos(max(-1, min(1, d.y))), thetaRight = acos(max(-1, min(1, -d.y)))
        return (
            frequencies.map { earResponse(theta: thetaLeft, frequency: $0) },
            frequencies.map { earResponse(theta: thetaRight, frequency: $0) }
        )
    }
}
