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
        let (cosLeft, cosRight) = (d.dot(l), d.dot(r))
        let series = SphereHead.seriesCache.value(
            SeriesKey(radius: radius, speedOfSound: speedOfSound, frequencies: frequencies)
        ) { frequencies.map { RadialSeries(frequency: $0, radius: radius, speedOfSound: speedOfSound) } }
        // P_m(cos θ) depends on the ear's angle alone: one recurrence per ear for every frequency.
        let orders = series.map(\.derivatives.count).max() ?? 0
        let (legendreLeft, legendreRight) = (Legendre(x: cosLeft, count: orders), Legendre(x: cosRight, count: orders))
        return (series.map { $0.response(legendreLeft) }, series.map { $0.response(legendreRight) })
    }

    /// The radial series of every frequency a caller has asked for, per head size: a head's responses
    /// are read on the same few frequency grids (the HRIR's FFT bins, the tables' bands) for every
    /// direction, and only the Legendre polynomials depend on the direction. Grids beyond the first 64
    /// are computed per call.
    private static let seriesCache = ComputedCache<SeriesKey, [RadialSeries]>(limit: 64)
    private struct SeriesKey: Hashable {
        let radius: Double, speedOfSound: Double, frequencies: [Double]
    }

    /// Pressure at a point on the sphere at angle acos(`cosAngle`) from the incident direction,
    /// relative to the free-field pressure at the centre.
    public func response(cosAngle x: Double, frequency: Double) -> Complex<Double> {
        let series = RadialSeries(frequency: frequency, radius: radius, speedOfSound: speedOfSound)
        return series.response(Legendre(x: x, count: series.derivatives.count))
    }
}

/// The direction-independent half of the sphere's series at one frequency: for each order m, the
/// reciprocal of h′_m(μ) that the term (2m + 1)·(−i)^(m−1)·P_m(cos θ)/h′_m(μ) divides by, so a response
/// at any angle is a Legendre recurrence and a multiply per order. The terms are the same floating-point
/// operations as dividing by h′_m directly (swift-numerics divides z/w as z·(w̄/|w|²) whenever |w|² is
/// normal, and the rest keeps the division), so the responses do not depend on whether the series was
/// reused.
private struct RadialSeries: Sendable {
    let mu: Double
    /// h′_m = j′_m + i·y′_m for m = 0, 1, …, and w̄/|w|² where |w|² is normal (nil: divide by h′_m).
    let derivatives: [Complex<Double>]
    let reciprocals: [Complex<Double>?]

    init(frequency: Double, radius: Double, speedOfSound: Double) {
        let mu = 2 * Double.pi * frequency * radius / speedOfSound
        self.mu = mu
        guard mu >= 1e-6 else {
            (derivatives, reciprocals) = ([], [])
            return
        }
        let count = min(Int(mu) + 40, 400)
        // Spherical Bessel j_m and y_m by upward recurrence f_{m+1} = (2m+1)/μ·f_m − f_{m−1}, kept in
        // running variables (y_m dominates h_m for m > μ, so the slow loss of accuracy of j_m there
        // does not matter).
        var jPrevious = 0.0, yPrevious = 0.0  // j_{m−1}, y_{m−1} (unused at m = 0)
        var jm = sin(mu) / mu, ym = -cos(mu) / mu
        var jNext = sin(mu) / (mu * mu) - cos(mu) / mu, yNext = -cos(mu) / (mu * mu) - sin(mu) / mu
        var derivatives = [Complex<Double>](), reciprocals = [Complex<Double>?]()
        derivatives.reserveCapacity(count)
        reciprocals.reserveCapacity(count)
        for m in 0..<count {
            // h'_m = h_{m−1} − (m+1)/μ·h_m (m ≥ 1), h'_0 = −h_1, with h_m = j_m + i·y_m.
            let dj = m == 0 ? -jNext : jPrevious - Double(m + 1) / mu * jm
            let dy = m == 0 ? -yNext : yPrevious - Double(m + 1) / mu * ym
            let w = Complex(dj, dy)
            let lengthSquared = w.lengthSquared
            derivatives.append(w)
            reciprocals.append(lengthSquared.isNormal ? w.conjugate.divided(by: lengthSquared) : nil)
            // Advance the Bessel pair: (m−1, m, m+1) → (m, m+1, m+2).
            let k = Double(2 * m + 3) / mu
            let jAfter = k * jNext - jm, yAfter = k * yNext - ym
            (jPrevious, jm, jNext) = (jm, jNext, jAfter)
            (yPrevious, ym, yNext) = (ym, yNext, yAfter)
        }
        (self.derivatives, self.reciprocals) = (derivatives, reciprocals)
    }

    /// The series at the angle whose Legendre polynomials `legendre` holds (at least as many orders as
    /// the series has), summed until m exceeds μ + 30 and the terms fall below 1e-12 of the sum.
    func response(_ legendre: Legendre) -> Complex<Double> {
        if mu < 1e-6 { return Complex(1) }
        var sum = Complex<Double>(0)
        for m in derivatives.indices {
            // (−i)^(m−1): i, 1, −i, −1 for m ≡ 0, 1, 2, 3 (mod 4).
            let phase: Complex<Double>
            switch m % 4 {
            case 0: phase = Complex(0, 1)
            case 1: phase = Complex(1, 0)
            case 2: phase = Complex(0, -1)
            default: phase = Complex(-1, 0)
            }
            let numerator = phase * Complex(Double(2 * m + 1) * legendre.values[m])
            let term = reciprocals[m].map { numerator * $0 } ?? numerator / derivatives[m]
            sum = sum + term
            if m > Int(mu) + 30 && term.length < 1e-12 * sum.length { break }
        }
        return (sum * Complex(1 / (mu * mu))).conjugate
    }
}

/// Legendre polynomials P_0(x) … P_{count−1}(x) by Bonnet's recurrence
/// (m + 1)·P_{m+1} = (2m + 1)·x·P_m − m·P_{m−1}.
private struct Legendre {
    let values: [Double]

    init(x: Double, count: Int) {
        var values = [Double](repeating: 1, count: max(count, 2))
        values[1] = x
        var m = 1
        while m + 1 < count {
            values[m + 1] = (Double(2 * m + 1) * x * values[m] - Double(m) * values[m - 1]) / Double(m + 1)
            m += 1
        }
        self.values = values
    }
}
