import Foundation
import Numerics

/// A first-order IIR section, H(z) = (b0 + b1·z⁻¹) / (1 + a1·z⁻¹).
///
/// Designs are the bilinear transform of the analog prototypes ωc/(s+ωc), s/(s+ωc) and
/// (ωc − s)/(s + ωc) with the corner frequency prewarped (K = tan(π·fc/fs)), so the corner lands
/// exactly at `frequency`: −3.01 dB for the low- and high-pass, −90° phase for the all-pass.
public struct FirstOrderSection: Sendable, Equatable {
    public var b0, b1, a1: Double

    public init(b0: Double, b1: Double, a1: Double) {
        self.b0 = b0
        self.b1 = b1
        self.a1 = a1
    }

    private static func prewarped(_ frequency: Double, _ sampleRate: Double) -> Double {
        precondition(frequency > 0 && frequency < sampleRate / 2, "corner \(frequency) Hz must lie in (0, fs/2)")
        return Foundation.tan(Double.pi * frequency / sampleRate)
    }

    /// First-order low-pass, unity at DC, −3.01 dB at `frequency`.
    public static func lowPass(frequency: Double, sampleRate: Double) -> FirstOrderSection {
        let k = prewarped(frequency, sampleRate)
        return FirstOrderSection(b0: k / (1 + k), b1: k / (1 + k), a1: (k - 1) / (1 + k))
    }

    /// First-order high-pass, unity at Nyquist, −3.01 dB at `frequency`.
    public static func highPass(frequency: Double, sampleRate: Double) -> FirstOrderSection {
        let k = prewarped(frequency, sampleRate)
        return FirstOrderSection(b0: 1 / (1 + k), b1: -1 / (1 + k), a1: (k - 1) / (1 + k))
    }

    /// First-order all-pass: unit magnitude, phase 0 at DC, −π/2 at `frequency`, −π at Nyquist.
    public static func allPass(frequency: Double, sampleRate: Double) -> FirstOrderSection {
        let k = prewarped(frequency, sampleRate)
        let c = (k - 1) / (k + 1)
        return FirstOrderSection(b0: c, b1: 1, a1: c)
    }

    /// Frequency response at `frequency` Hz.
    public func response(frequency: Double, sampleRate: Double) -> Complex<Double> {
        let w = 2 * Double.pi * frequency / sampleRate
        let z1 = Complex(Foundation.cos(w), -Foundation.sin(w))
        return (Complex(b0) + Complex(b1) * z1) / (Complex(1) + Complex(a1) * z1)
    }

    /// Filters `x` from rest.
    public func process(_ x: [Double]) -> [Double] {
        var y = [Double](repeating: 0, count: x.count)
        var state = 0.0
        for i in x.indices {
            let output = b0 * x[i] + state
            state = b1 * x[i] - a1 * output
            y[i] = output
        }
        return y
    }
}
