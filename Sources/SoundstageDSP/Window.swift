import Foundation

/// Tapering windows for FIR design and spectral analysis.
public enum Window: Sendable, Hashable {
    case rectangular
    /// Hann (raised cosine), first side lobe −31.5 dB.
    case hann
    /// Hamming, first side lobe −43 dB.
    case hamming
    /// Blackman, first side lobe −58 dB.
    case blackman
    /// Kaiser with shape parameter β (β ≈ 0.1102·(A − 8.7) for A dB of stop-band attenuation, A > 50).
    case kaiser(beta: Double)

    /// The symmetric window of `length` points (the form used for linear-phase FIR design):
    /// w[n] for n = 0…length−1, peak 1 at the centre.
    public func symmetric(length: Int) -> [Double] {
        precondition(length >= 1)
        if length == 1 { return [1] }
        let m = Double(length - 1)
        return (0..<length).map { value(at: Double($0) - m / 2, halfWidth: m / 2) }
    }

    /// The gains of a half-Hann fade-out over `count` samples, 0.5·(1 + cos(π(i + 1)/count)) for
    /// i = 0…count − 1 (falling to 0 at the last sample), shared: truncations fade out over the same few
    /// lengths again and again.
    public static func fadeOut(count: Int) -> [Double] {
        fadeOuts.value(count) { (0..<count).map { 0.5 * (1 + cos(Double.pi * Double($0 + 1) / Double(count))) } }
    }
    private static let fadeOuts = ComputedCache<Int, [Double]>(limit: 256)

    /// The periodic window of `length` points (for STFT frames): the first `length` points of the
    /// symmetric window of `length + 1` points.
    public func periodic(length: Int) -> [Double] {
        Array(symmetric(length: length + 1).prefix(length))
    }

    /// The continuous window at offset `t` from its centre, for a window spanning ±`halfWidth`;
    /// zero outside. Used by fractional-delay kernels whose centre falls between samples.
    public func value(at t: Double, halfWidth: Double) -> Double {
        if abs(t) > halfWidth { return 0 }
        let x = t / halfWidth  // −1…1
        switch self {
        case .rectangular: return 1
        case .hann: return 0.5 + 0.5 * cos(Double.pi * x)
        case .hamming: return 0.54 + 0.46 * cos(Double.pi * x)
        case .blackman: return 0.42 + 0.5 * cos(Double.pi * x) + 0.08 * cos(2 * Double.pi * x)
        case .kaiser(let beta):
            return BesselI0.value(beta * (1 - x * x).squareRoot()) / BesselI0.value(beta)
        }
    }
}

/// The modified Bessel function of the first kind, order zero, by its power series
/// I0(x) = Σ ((x/2)^k / k!)², summed until terms fall below 1e-17 of the sum.
public enum BesselI0 {
    public static func value(_ x: Double) -> Double {
        var sum = 1.0, term = 1.0, k = 1.0
        let half = x / 2
        while true {
            term *= (half / k) * (half / k)
            sum += term
            if term < 1e-17 * sum { return sum }
            k += 1
        }
    }
}
