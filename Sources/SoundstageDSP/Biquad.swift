import Foundation
import Numerics

/// A second-order IIR section, H(z) = (b0 + b1·z⁻¹ + b2·z⁻²) / (1 + a1·z⁻¹ + a2·z⁻²).
///
/// The designs follow R. Bristow-Johnson, "Cookbook formulae for audio EQ biquad filter
/// coefficients" (the RBJ Audio EQ Cookbook), with coefficients normalized so a0 = 1.
/// Frequencies are in Hz, gains in dB, Q dimensionless.
public struct Biquad: Sendable, Equatable {
    public var b0, b1, b2, a1, a2: Double

    public init(b0: Double, b1: Double, b2: Double, a0: Double = 1, a1: Double, a2: Double) {
        self.b0 = b0 / a0
        self.b1 = b1 / a0
        self.b2 = b2 / a0
        self.a1 = a1 / a0
        self.a2 = a2 / a0
    }

    /// Intermediate quantities of the cookbook: ω0 = 2π·f0/fs and α = sin ω0 / (2Q).
    private static func omega(
        _ frequency: Double, _ q: Double, _ sampleRate: Double
    ) -> (cos: Double, sin: Double, alpha: Double) {
        precondition(
            frequency > 0 && frequency < sampleRate / 2, "biquad frequency \(frequency) Hz must lie in (0, fs/2)")
        precondition(q > 0, "biquad Q must be positive")
        let w0 = 2 * Double.pi * frequency / sampleRate
        return (Foundation.cos(w0), Foundation.sin(w0), Foundation.sin(w0) / (2 * q))
    }

    /// Second-order low-pass; −3 dB at `frequency` when Q = 1/√2 (Butterworth).
    public static func lowPass(frequency: Double, q: Double = 1 / 2.0.squareRoot(), sampleRate: Double) -> Biquad {
        let (c, _, alpha) = omega(frequency, q, sampleRate)
        return Biquad(b0: (1 - c) / 2, b1: 1 - c, b2: (1 - c) / 2, a0: 1 + alpha, a1: -2 * c, a2: 1 - alpha)
    }

    /// Second-order high-pass.
    public static func highPass(frequency: Double, q: Double = 1 / 2.0.squareRoot(), sampleRate: Double) -> Biquad {
        let (c, _, alpha) = omega(frequency, q, sampleRate)
        return Biquad(b0: (1 + c) / 2, b1: -(1 + c), b2: (1 + c) / 2, a0: 1 + alpha, a1: -2 * c, a2: 1 - alpha)
    }

    /// Band-pass with 0 dB peak gain at `frequency`.
    public static func bandPass(frequency: Double, q: Double, sampleRate: Double) -> Biquad {
        let (c, _, alpha) = omega(frequency, q, sampleRate)
        return Biquad(b0: alpha, b1: 0, b2: -alpha, a0: 1 + alpha, a1: -2 * c, a2: 1 - alpha)
    }

    /// Notch (band-stop) with a zero at `frequency`.
    public static func notch(frequency: Double, q: Double, sampleRate: Double) -> Biquad {
        let (c, _, alpha) = omega(frequency, q, sampleRate)
        return Biquad(b0: 1, b1: -2 * c, b2: 1, a0: 1 + alpha, a1: -2 * c, a2: 1 - alpha)
    }

    /// Second-order all-pass: unit magnitude, phase −π at `frequency`.
    public static func allPass(frequency: Double, q: Double, sampleRate: Double) -> Biquad {
        let (c, _, alpha) = omega(frequency, q, sampleRate)
        return Biquad(b0: 1 - alpha, b1: -2 * c, b2: 1 + alpha, a0: 1 + alpha, a1: -2 * c, a2: 1 - alpha)
    }

    /// Peaking equalizer: `gainDB` at `frequency`, 0 dB far from it.
    public static func peaking(frequency: Double, q: Double, gainDB: Double, sampleRate: Double) -> Biquad {
        let (c, _, alpha) = omega(frequency, q, sampleRate)
        let a = Foundation.pow(10, gainDB / 40)
        return Biquad(
            b0: 1 + alpha * a, b1: -2 * c, b2: 1 - alpha * a,
            a0: 1 + alpha / a, a1: -2 * c, a2: 1 - alpha / a)
    }

    /// Low shelf: `gainDB` at DC, 0 dB at Nyquist, half the gain (in dB) at `frequency`.
    public static func lowShelf(
        frequency: Double, q: Double = 1 / 2.0.squareRoot(), gainDB: Double, sampleRate: Double
    ) -> Biquad {
        let (c, _, alpha) = omega(frequency, q, sampleRate)
        let a = Foundation.pow(10, gainDB / 40)
        let k = 2 * a.squareRoot() * alpha
        return Biquad(
            b0: a * ((a + 1) - (a - 1) * c + k),
            b1: 2 * a * ((a - 1) - (a + 1) * c),
            b2: a * ((a + 1) - (a - 1) * c - k),
            a0: (a + 1) + (a - 1) * c + k,
            a1: -2 * ((a - 1) + (a + 1) * c),
            a2: (a + 1) + (a - 1) * c - k)
    }

    /// High shelf: 0 dB at DC, `gainDB` at Nyquist.
    public static func highShelf(
        frequency: Double, q: Double = 1 / 2.0.squareRoot(), gainDB: Double, sampleRate: Double
    ) -> Biquad {
        let (c, _, alpha) = omega(frequency, q, sampleRate)
        let a = Foundation.pow(10, gainDB / 40)
        let k = 2 * a.squareRoot() * alpha
        return Biquad(
            b0: a * ((a + 1) + (a - 1) * c + k),
            b1: -2 * a * ((a - 1) + (a + 1) * c),
            b2: a * ((a + 1) + (a - 1) * c - k),
            a0: (a + 1) - (a - 1) * c + k,
            a1: 2 * ((a - 1) - (a + 1) * c),
            a2: (a + 1) - (a - 1) * c - k)
    }

    /// Frequency response H(e^{jω}) at `frequency` Hz.
    public func response(frequency: Double, sampleRate: Double) -> Complex<Double> {
        let w = 2 * Double.pi * frequency / sampleRate
        let z1 = Complex(Foundation.cos(w), -Foundation.sin(w))  // z⁻¹
        let z2 = z1 * z1
        let num = Complex(b0) + Complex(b1) * z1 + Complex(b2) * z2
        let den = Complex(1) + Complex(a1) * z1 + Complex(a2) * z2
        return num / den
    }

    /// Filters `x` from rest (transposed direct form II).
    public func process(_ x: [Double]) -> [Double] {
        var y = [Double](repeating: 0, count: x.count)
        var s1 = 0.0, s2 = 0.0
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
                for i in 0..<xp.count {
                    let input = xp[i]
                    let output = b0 * input + s1
                    s1 = b1 * input - a1 * output + s2
                    s2 = b2 * input - a2 * output
                    yp[i] = output
                }
            }
        }
        return y
    }
}

/// A cascade of biquads applied in order (e.g. a higher-order Butterworth or a crossover branch).
public struct BiquadCascade: Sendable {
    public var sections: [Biquad]
    public init(_ sections: [Biquad]) { self.sections = sections }

    /// Product of the sections' responses.
    public func response(frequency: Double, sampleRate: Double) -> Complex<Double> {
        sections.reduce(Complex(1)) { $0 * $1.response(frequency: frequency, sampleRate: sampleRate) }
    }

    /// Filters `x` through every section from rest.
    public func process(_ x: [Double]) -> [Double] {
        sections.reduce(x) { $1.process($0) }
    }
}
