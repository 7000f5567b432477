import Foundation
import Numerics
import SoundstageDSP

/// A rigid sphere with point ears, evaluated with the analytic series of Duda & Martens,
/// "Range dependence of the response of a spherical head model", JASA 104(5), 1998, eq. (2) for a
/// source at infinity (plane wave):
///
/// H(μ, θ) = (1/μ²)·Σ_m (2m + 1)·(−i)^(m−1)·P_m(cos θ)/h′_m(μ),  μ = 2πf·a/c,
///
/// with θ the angle between the source direction and the ear, P_m Legendre polynomials and h_m the
/// spherical Hankel function of the first kind; the result is conjugated to this project's e^(−jωt)
/// delay convention. The series is summed until m exceeds μ + 30 and the terms fall below 1e-12 of
/// the sum. Ears at azimuth ±100° (slightly behind the interaural axis) by default.
public struct SphereHead: HeadModel {
    public let radius: Double
    public let speedOfSound: Double
    /// Ear azimuth in radians (left ear at +earAzimuth, right at −earAzimuth), in the horizontal plane.
    public let earAzimuth: Double

    public init(radius: Double = 0.0875, speedOfSound: Double = SpeedOfSound.nominal, earAzimuthDegrees: Double = 100) {
        self.radius = radius
        self.speedOfSound = speedOfSound
        earAzimuth = earAzimuthDegrees * Double.pi / 180
    }

    public var name: String {
        String(format: "rigid sphere a = %.2f cm, ears at ±%.0f°", radius * 100, earAzimuth * 180 / Double.pi)
    }

    /// Unit vectors of the left and right ears.
    public var ears: (left: Vector3, right: Vector3) {
        (
            HeadDirection.vector(azimuth: earAzimuth, elevation: 0),
            HeadDirection.vector(azimuth: -earAzimuth, elevation: 0)
        )
    }

    public func transferFunctions(
        direction: Vector3, frequencies: [Double]
    ) -> (left: [Complex<Double>], right: [Complex<Double>]) {
        let d = direction.normalized
        let (l, r) = ears
        return (
            frequencies.map { response(cosAngle: d.dot(l), frequency: $0) },
            frequencies.map { response(cosAngle: d.dot(r), frequency: $0) }
        )
    }

    /// Pressure at a point on the sphere at angle acos(`cosAngle`) from the incident direction,
    /// relative to the free-field pressure at the centre.
    public func response(cosAngle x: Double, frequency: Double) -> Complex<Double> {
        let mu = 2 * Double.pi * frequency * radius / speedOfSound
        if mu < 1e-6 { return Complex(1) }
        let count = min(Int(mu) + 40, 400)
        // Spherical Bessel j_m and y_m by upward recurrence f_{m+1} = (2m+1)/μ·f_m − f_{m−1}, kept in
        // running variables (y_m dominates h_m for m > μ, so the slow loss of accuracy of j_m there
        // does not matter).
        var jPrevious = 0.0, yPrevious = 0.0  // j_{m−1}, y_{m−1} (unused at m = 0)
        var jm = sin(mu) / mu, ym = -cos(mu) / mu
        var jNext = sin(mu) / (mu * mu) - cos(mu) / mu, yNext = -cos(mu) / (mu * mu) - sin(mu) / mu
        var sum = Complex<Double>(0)
        var pPrevious = 1.0, p = x  // Legendre P_0 and P_1
        for m in 0..<count {
            // h'_m = h_{m−1} − (m+1)/μ·h_m (m ≥ 1), h'_0 = −h_1, with h_m = j_m + i·y_m.
            let dj = m == 0 ? -jNext : jPrevious - Double(m + 1) / mu * jm
            let dy = m == 0 ? -yNext : yPrevious - Double(m + 1) / mu * ym
            let legendre = m == 0 ? 1.0 : p
            // (−i)^(m−1): i, 1, −i, −1 for m ≡ 0, 1, 2, 3 (mod 4).
            let phase: Complex<Double>
            switch m % 4 {
            case 0: phase = Complex(0, 1)
            case 1: phase = Complex(1, 0)
            case 2: phase = Complex(0, -1)
            default: phase = Complex(-1, 0)
            }
            let term = phase * Complex(Double(2 * m + 1) * legendre) / Complex(dj, dy)
            sum = sum + term
            if m > Int(mu) + 30 && term.length < 1e-12 * sum.length { break }
            if m >= 1 {
                let next = (Double(2 * m + 1) * x * p - Double(m) * pPrevious) / Double(m + 1)
                pPrevious = p
                p = next
            }
            // Advance the Bessel pair: (m−1, m, m+1) → (m, m+1, m+2).
            let k = Double(2 * m + 3) / mu
            let jAfter = k * jNext - jm, yAfter = k * yNext - ym
            (jPrevious, jm, jNext) = (jm, jNext, jAfter)
            (yPrevious, ym, yNext) = (ym, yNext, yAfter)
        }
        return (sum * Complex(1 / (mu * mu))).conjugate
    }
}
