import Foundation
import SoundstageDSP

/// Interaural cross-correlation function and coefficient (ISO 3382-1:2009 Annex A.4).
///
/// IACF(τ) = ∫_{t1}^{t2} pL(t)·pR(t+τ) dt / √(∫_{t1}^{t2} pL² dt · ∫_{t1}^{t2} pR² dt),
/// IACC = max |IACF(τ)| for |τ| ≤ 1 ms. A positive lag means the right ear lags (the source is on
/// the left), the sign convention of ITD. Windows are measured from the onset of the louder ear
/// (−20 dB rule): early 0–80 ms, late 80 ms–end, full 0–end.
public enum InterauralCrossCorrelation {
    /// The largest lag considered, seconds.
    public static let maximumLagSeconds = 0.001

    /// Result of one IACF evaluation.
    public struct Result: Sendable, Equatable {
        /// max |IACF| over the lags, 0…1.
        public var coefficient: Double
        /// Lag of that maximum in seconds (parabolically interpolated; positive = right ear lags).
        public var lagSeconds: Double
    }

    /// IACF evaluated over samples `window` of `ears`, lags −L…L with L = 1 ms.
    public static func evaluate(_ ears: EarSignals, window: Range<Int>) -> Result {
        let maxLag = Int((maximumLagSeconds * ears.sampleRate).rounded())
        let lo = max(window.lowerBound, 0), hi = min(window.upperBound, ears.left.count)
        guard lo < hi else { return Result(coefficient: 0, lagSeconds: 0) }
        let norm = (energy(ears.left, lo..<hi) * energy(ears.right, lo..<hi)).squareRoot()
        guard norm > 0 else { return Result(coefficient: 0, lagSeconds: 0) }
        let values = crossCorrelation(ears.left, ears.right, window: lo..<hi, maxLag: maxLag).map { $0 / norm }
        var best = 0
        for i in values.indices where abs(values[i]) > abs(values[best]) { best = i }
        let lag = Double(best - maxLag) + parabolicOffset(values.map(abs), at: best)
        return Result(coefficient: min(abs(values[best]), 1), lagSeconds: lag / ears.sampleRate)
    }

    /// r[τ + maxLag] = Σ_{n∈window} a[n]·b[n+τ], τ = −maxLag…maxLag (b read outside the window,
    /// zero outside the signal). Long windows go through the FFT (one product of spectra instead of
    /// 2·maxLag + 1 dot products); short ones are summed directly.
    public static func crossCorrelation(_ a: [Double], _ b: [Double], window: Range<Int>, maxLag: Int) -> [Double] {
        if window.count >= fftCrossoverLength { return fftCrossCorrelation(a, b, window: window, maxLag: maxLag) }
        var r = [Double](repeating: 0, count: 2 * maxLag + 1)
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                for lagIndex in 0..<(2 * maxLag + 1) {
                    let lag = lagIndex - maxLag
                    let start = max(window.lowerBound, -lag), end = min(window.upperBound, bp.count - lag)
                    var sum = 0.0
                    if start < end {
                        for n in start..<end { sum += ap[n] * bp[n &+ lag] }
                    }
                    r[lagIndex] = sum
                }
            }
        }
        return r
    }

    /// Window length in samples from which ``crossCorrelation(_:_:window:maxLag:)`` uses the FFT.
    static let fftCrossoverLength = 4096

    /// The same sums through the FFT: with a = a[window] and b' = b[window.lower − maxLag ..<
    /// window.upper + maxLag] (zero outside b), c[k] = Σ_n a[n]·b'[n + k] is the inverse transform of
    /// conj(A)·B' and r[τ] = c[τ + maxLag]; the transform is long enough that nothing wraps.
    static func fftCrossCorrelation(_ a: [Double], _ b: [Double], window: Range<Int>, maxLag: Int) -> [Double] {
        let size = FFTSize.fast(atLeast: window.count + 2 * maxLag)
        let fft = RealFFT.plan(size: size)
        var segment = [Double](repeating: 0, count: size)
        for n in window where n < a.count { segment[n - window.lowerBound] = a[n] }
        let spectrumA = fft.forward(segment)
        for j in 0..<size {
            let n = window.lowerBound - maxLag + j
            segment[j] = j < window.count + 2 * maxLag && n >= 0 && n < b.count ? b[n] : 0
        }
        var product = fft.forward(segment)
        for k in 0..<fft.binCount {
            let ar = spectrumA[2 * k], ai = -spectrumA[2 * k + 1], br = product[2 * k], bi = product[2 * k + 1]
            product[2 * k] = ar * br - ai * bi
            product[2 * k + 1] = ar * bi + ai * br
        }
        return Array(fft.inverse(product).prefix(2 * maxLag + 1))
    }

    /// Vertex offset (−0.5…0.5 samples) of the parabola through values[i−1…i+1].
    static func parabolicOffset(_ values: [Double], at i: Int) -> Double {
        guard i > 0 && i < values.count - 1 else { return 0 }
        let a = values[i - 1], b = values[i], c = values[i + 1]
        let denominator = a - 2 * b + c
        guard denominator < 0 else { return 0 }
        return max(-0.5, min(0.5, 0.5 * (a - c) / denominator))
    }

    /// Onset of a binaural response: the earlier of the two ears' −20 dB onsets.
    public static func onset(_ ears: EarSignals) -> Int {
        [ImpulseOnset.index(of: ears.left), ImpulseOnset.index(of: ears.right)].compactMap { $0 }.min() ?? 0
    }

    /// IACC of the early (0–80 ms), late (80 ms–end) and full windows from the onset.
    public static func windows(_ ears: EarSignals, onset: Int) -> (early: Double, late: Double, full: Double) {
        let (early, late) = earlyAndLate(ears, onset: onset)
        return (early, late, evaluate(ears, window: onset..<ears.left.count).coefficient)
    }

    /// IACC of the early (0–80 ms) and late (80 ms–end) windows from the onset.
    public static func earlyAndLate(_ ears: EarSignals, onset: Int) -> (early: Double, late: Double) {
        let n80 = onset + Int((0.080 * ears.sampleRate).rounded())
        let end = ears.left.count
        return (evaluate(ears, window: onset..<min(n80, end)).coefficient,
                n80 < end ? evaluate(ears, window: n80..<end).coefficient : 0)
    }
}
