import Foundation
import SoundstageDSP

/// Timbral coloration: how far a power response's shape departs from a reference's.
///
/// Per third-octave band (nominal 100 Hz–10 kHz) the power of the two ears together is summed
/// from their spectra; the coloration is the RMS over bands of the level difference to the
/// reference after removing the mean difference (overall level does not count), in dB.
public enum Coloration {
    /// Third-octave bands the coloration is evaluated over.
    public static let bands = FrequencyBands.thirdOctaves(from: 100, to: 10000)

    /// Band levels in dB of the summed power of `spectra` (each `2·binCount` interleaved complex
    /// values of a real FFT of `fftSize` samples at `sampleRate`), one value per ``bands`` entry.
    public static func bandLevelsDB(spectra: [[Double]], fftSize: Int, sampleRate: Double) -> [Double] {
        let binWidth = sampleRate / Double(fftSize)
        return bands.map { band in
            let first = Int((band.lower / binWidth).rounded(.up)), last = lastBin(band, fftSize, sampleRate)
            var power = 0.0
            for spectrum in spectra where first <= last {
                for k in first...last {
                    power += spectrum[2 * k] * spectrum[2 * k] + spectrum[2 * k + 1] * spectrum[2 * k + 1]
                }
            }
            return Decibels.energy(power)
        }
    }

    /// The highest bin ``bandLevelsDB(spectra:fftSize:sampleRate:)`` reads.
    public static func highestBin(fftSize: Int, sampleRate: Double) -> Int {
        bands.map { lastBin($0, fftSize, sampleRate) }.max() ?? 0
    }

    private static func lastBin(_ band: FrequencyBand, _ fftSize: Int, _ sampleRate: Double) -> Int {
        min(Int((band.upper / (sampleRate / Double(fftSize))).rounded(.down)), fftSize / 2)
    }

    /// RMS in dB over bands of (levels − reference) with the mean difference removed.
    public static func deviationDB(_ levels: [Double], reference: [Double]) -> Double {
        precondition(levels.count == reference.count && !levels.isEmpty, "one level per band in both")
        let differences = zip(levels, reference).map { $0 - $1 }
        let mean = differences.reduce(0, +) / Double(differences.count)
        return (differences.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(differences.count)).squareRoot()
    }
}
