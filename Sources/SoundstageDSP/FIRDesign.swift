import Foundation
import Numerics

/// Normalized sinc, sin(πx)/(πx), with sinc(0) = 1.
@inlinable
public func sinc(_ x: Double) -> Double {
    if abs(x) < 1e-12 { return 1 }
    let px = Double.pi * x
    return sin(px) / px
}

/// Linear-phase FIR design by the window method (ideal response's impulse response × window).
///
/// Cut-off frequencies are the −6 dB points, in Hz. Lengths are in taps; high- and band-pass
/// designs built by spectral inversion need an odd length (a type I filter). The group delay of
/// every design is (length − 1)/2 samples.
public enum FIRDesign {
    /// Low-pass with unity gain at DC.
    public static func lowPass(cutoff: Double, sampleRate: Double, length: Int, window: Window = .hamming) -> [Double] {
        precondition(cutoff > 0 && cutoff < sampleRate / 2, "cut-off \(cutoff) Hz must lie in (0, fs/2)")
        precondition(length >= 1)
        let fc = cutoff / sampleRate
        let centre = Double(length - 1) / 2
        let w = window.symmetric(length: length)
        var h = (0..<length).map { 2 * fc * sinc(2 * fc * (Double($0) - centre)) * w[$0] }
        let dc = h.reduce(0, +)
        for i in h.indices { h[i] /= dc }
        return h
    }

    /// High-pass with unity gain at Nyquist: δ − low-pass.
    public static func highPass(cutoff: Double, sampleRate: Double, length: Int, window: Window = .hamming) -> [Double]
    {
        precondition(length % 2 == 1, "a linear-phase high-pass needs an odd length, got \(length)")
        var h = lowPass(cutoff: cutoff, sampleRate: sampleRate, length: length, window: window).map { -$0 }
        h[length / 2] += 1
        return h
    }

    /// Band-pass between `low` and `high` Hz: the difference of two low-passes.
    public static func bandPass(
        low: Double, high: Double, sampleRate: Double, length: Int, window: Window = .hamming
    ) -> [Double] {
        precondition(low < high, "band-pass needs low < high")
        precondition(length % 2 == 1, "a linear-phase band-pass needs an odd length, got \(length)")
        let hi = lowPass(cutoff: high, sampleRate: sampleRate, length: length, window: window)
        let lo = lowPass(cutoff: low, sampleRate: sampleRate, length: length, window: window)
        return zip(hi, lo).map { $0 - $1 }
    }
}

/// Frequency response of FIR filters by direct evaluation of the DTFT, H(f) = Σ h[n]·e^(−j2πfn/fs).
public enum FIRResponse {
    public static func response(_ h: [Double], frequency: Double, sampleRate: Double) -> Complex<Double> {
        let w = 2 * Double.pi * frequency / sampleRate
        var re = 0.0, im = 0.0
        for (n, value) in h.enumerated() {
            re += value * cos(w * Double(n))
            im -= value * sin(w * Double(n))
        }
        return Complex(re, im)
    }

    /// 20·log10 |H(f)| in dB.
    public static func magnitudeDB(_ h: [Double], frequency: Double, sampleRate: Double) -> Double {
        20 * log10(max(response(h, frequency: frequency, sampleRate: sampleRate).length, 1e-300))
    }

    /// Group delay −dφ/dω in samples at `frequency`, from the DTFT and its derivative:
    /// τ = Re( Σ n·h[n]·e^(−jωn) / Σ h[n]·e^(−jωn) ).
    public static func groupDelay(_ h: [Double], frequency: Double, sampleRate: Double) -> Double {
        let w = 2 * Double.pi * frequency / sampleRate
        var num = Complex<Double>(0), den = Complex<Double>(0)
        for (n, value) in h.enumerated() {
            let e = Complex(cos(w * Double(n)), -sin(w * Double(n)))
            num = num + Complex(value * Double(n)) * e
            den = den + Complex(value) * e
        }
        return (num / den).real
    }
}
