import Foundation

/// Minimum-phase conversion of an FIR by the real cepstrum (homomorphic method).
///
/// The log magnitude spectrum's real cepstrum is folded onto positive quefrencies, which gives the
/// minimum-phase filter with the same magnitude (Oppenheim & Schafer, *Discrete-Time Signal
/// Processing*, §13.8). The FFT is `oversampling` times the filter length (rounded to a fast size)
/// so cepstral aliasing stays negligible; magnitudes are floored at −200 dB relative to the peak
/// so spectral zeros stay finite.
public enum MinimumPhase {
    /// The minimum-phase FIR with the magnitude response of `h`, `h.count` taps.
    public static func convert(_ h: [Double], oversampling: Int = 16) -> [Double] {
        precondition(!h.isEmpty)
        let n = FFTSize.fast(atLeast: max(oversampling * h.count, 1024))
        let fft = RealFFT.plan(size: n)
        let spectrum = fft.forward(h)
        let bins = fft.binCount
        var peak = 0.0
        for k in 0..<bins { peak = max(peak, hypot(spectrum[2 * k], spectrum[2 * k + 1])) }
        let floor = max(peak * 1e-10, Double.leastNormalMagnitude)
        var logMagnitude = [Double](repeating: 0, count: 2 * bins)
        for k in 0..<bins {
            logMagnitude[2 * k] = log(max(hypot(spectrum[2 * k], spectrum[2 * k + 1]), floor))
        }
        var cepstrum = fft.inverse(logMagnitude)
        // Fold: keep c[0] and c[N/2], double the positive quefrencies, drop the negative ones.
        for i in 1..<((n + 1) / 2) { cepstrum[i] *= 2 }
        for i in (n / 2 + 1)..<n { cepstrum[i] = 0 }
        let folded = fft.forward(cepstrum)
        var minimum = [Double](repeating: 0, count: 2 * bins)
        for k in 0..<bins {
            let magnitude = exp(folded[2 * k])
            minimum[2 * k] = magnitude * cos(folded[2 * k + 1])
            minimum[2 * k + 1] = magnitude * sin(folded[2 * k + 1])
        }
        return Array(fft.inverse(minimum).prefix(h.count))
    }
}
