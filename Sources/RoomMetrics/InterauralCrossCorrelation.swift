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
        let norm = (sumOfSquares(ears.left, lo..<hi) * sumOfSquares(ears.right, lo..<hi)).squareRoot()
        guard norm > 0 else { return Result(coefficient: 0, lagSeconds: 0) }
        let values = CrossCorrelation.lagged(ears.left, ears.right, window: lo..<hi, maxLag: maxLag).map { $0 / norm }
        var best = 0
        for i in values.indices where abs(values[i]) > abs(values[best]) { best = i }
        let lag = Double(best - maxLag) + CrossCorrelation.parabolicOffset(values.map(abs), at: best)
        return Result(coefficient: min(abs(values[best]), 1), lagSeconds: lag / ears.sampleRate)
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
        return (
            evaluate(ears, window: onset..<min(n80, end)).coefficient,
            n80 < end ? evaluate(ears, window: n80..<end).coefficient : 0
        )
    }
}
