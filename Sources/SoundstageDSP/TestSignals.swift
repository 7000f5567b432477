import Foundation

/// Seeded test signals: the same arguments give the same samples on every run and machine.
public enum TestSignals {
    /// Gaussian white noise with RMS `rms`.
    public static func whiteNoise(count: Int, seed: UInt64, rms: Double = 1) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in rms * generator.nextGaussian() }
    }

    /// Pink noise (power spectral density ∝ 1/f, −3 dB per octave), RMS `rms`.
    ///
    /// Made in the frequency domain: seeded white noise is transformed, every bin above DC is scaled
    /// by 1/√f and DC is removed, and the result is transformed back, so the slope is exact rather
    /// than the ±0.5 dB of recursive pinking filters. The signal is circular (its end joins its
    /// start smoothly), which suits looped playback.
    public static func pinkNoise(count: Int, seed: UInt64, rms: Double = 1) -> [Double] {
        precondition(count >= 2)
        let white = whiteNoise(count: count, seed: seed)
        let fft = RealFFT.plan(size: count)
        var spectrum = fft.forward(white)
        spectrum[0] = 0
        spectrum[1] = 0
        for k in 1..<fft.binCount {
            let scale = 1 / Double(k).squareRoot()
            spectrum[2 * k] *= scale
            spectrum[2 * k + 1] *= scale
        }
        return normalized(fft.inverse(spectrum), rms: rms)
    }

    /// Two noise channels with a prescribed correlation coefficient (0: fully decorrelated).
    ///
    /// Left is noise stream 0; right is ρ·left + √(1 − ρ²)·(stream 1), so E[LR]/√(E[L²]E[R²]) = ρ.
    public static func stereoNoise(
        count: Int, seed: UInt64, correlation rho: Double = 0,
        pink: Bool = true, rms: Double = 1
    ) -> (left: [Double], right: [Double]) {
        precondition(abs(rho) <= 1, "correlation must lie in [−1, 1]")
        let a = pink ? pinkNoise(count: count, seed: seed, rms: rms) : whiteNoise(count: count, seed: seed, rms: rms)
        var streamGenerator = SeededGenerator(seed: seed, stream: 1)
        let independentSeed = streamGenerator.nextSeed()
        let b =
            pink
            ? pinkNoise(count: count, seed: independentSeed, rms: rms)
            : whiteNoise(count: count, seed: independentSeed, rms: rms)
        let c = (1 - rho * rho).squareRoot()
        return (a, zip(a, b).map { rho * $0 + c * $1 })
    }

    /// Exponential (logarithmic) sine sweep from `f1` to `f2` Hz over `duration` s (Farina 2000):
    /// x(t) = sin(2π·f1·T/ln(f2/f1)·(e^{t·ln(f2/f1)/T} − 1)); instantaneous frequency
    /// f1·(f2/f1)^(t/T).
    public static func exponentialSweep(
        from f1: Double, to f2: Double, duration: Double,
        sampleRate: Double, amplitude: Double = 1
    ) -> [Double] {
        precondition(f1 > 0 && f2 > f1 && f2 <= sampleRate / 2, "sweep needs 0 < f1 < f2 ≤ fs/2")
        let count = Int((duration * sampleRate).rounded())
        let rate = log(f2 / f1)
        let k = 2 * Double.pi * f1 * duration / rate
        return (0..<count).map { n in
            let t = Double(n) / sampleRate
            return amplitude * sin(k * (exp(t * rate / duration) - 1))
        }
    }

    /// Scales `x` to RMS `rms`.
    public static func normalized(_ x: [Double], rms: Double) -> [Double] {
        let current = (x.reduce(0) { $0 + $1 * $1 } / Double(max(x.count, 1))).squareRoot()
        return current > 0 ? x.map { $0 * rms / current } : x
    }
}

extension SeededGenerator {
    /// A fresh 64-bit seed drawn from this generator.
    public mutating func nextSeed() -> UInt64 { next() }
}
