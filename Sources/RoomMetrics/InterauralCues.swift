import Foundation
import SoundstageDSP

/// Interaural time and level differences.
///
/// Signs: ITD > 0 when the right ear lags, ILD > 0 when the left ear is louder; both mean a source
/// on the left, matching azimuth positive to the left.
public enum InterauralCues {
    /// Upper limit in Hz of the band the ITD is read from (below it, phase cues dominate).
    public static let itdLowPassHz = 1500.0
    /// The largest interaural lag considered, seconds (beyond any head's ITD).
    public static let maximumLagSeconds = 0.001

    /// ITD in seconds: the peak of the ±1 ms cross-correlation of the ear signals low-passed
    /// (zero phase, transition ±¼ octave) below 1.5 kHz, with parabolic sub-sample interpolation.
    public static func itd(_ ears: EarSignals) -> Double {
        let lowPass = BandFilterBank(crossovers: [itdLowPassHz], halfWidthOctaves: 0.25)
        let left = lowPass.split(ears.left, sampleRate: ears.sampleRate, paddingSeconds: 0.05, only: [0])[0]
        let right = lowPass.split(ears.right, sampleRate: ears.sampleRate, paddingSeconds: 0.05, only: [0])[0]
        let maxLag = Int((maximumLagSeconds * ears.sampleRate).rounded())
        let r = CrossCorrelation.lagged(left, right, window: 0..<left.count, maxLag: maxLag)
        var best = 0
        for i in r.indices where r[i] > r[best] { best = i }
        let lag = Double(best - maxLag) + CrossCorrelation.parabolicOffset(r, at: best)
        return lag / ears.sampleRate
    }

    /// Broadband ILD in dB, 10·log10(E_left/E_right).
    public static func ild(_ ears: EarSignals) -> Double {
        Decibels.energy(
            sumOfSquares(ears.left, 0..<ears.left.count) / max(sumOfSquares(ears.right, 0..<ears.right.count), 1e-300))
    }

    /// ILD in dB within a band `low…high` Hz (zero-phase band filter with ±¼-octave transitions).
    public static func ild(_ ears: EarSignals, low: Double, high: Double) -> Double {
        let bank = BandFilterBank(crossovers: [low, high], halfWidthOctaves: min(0.25, log2(high / low) / 2))
        let l = bank.split(ears.left, sampleRate: ears.sampleRate, paddingSeconds: 0.05, only: [1])[0]
        let r = bank.split(ears.right, sampleRate: ears.sampleRate, paddingSeconds: 0.05, only: [1])[0]
        return Decibels.energy(sumOfSquares(l, 0..<l.count) / max(sumOfSquares(r, 0..<r.count), 1e-300))
    }
}
