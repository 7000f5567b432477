import Foundation
import SoundstageDSP

/// Binaural parameters of a two-ear impulse response or recording.
public struct BinauralParameters: Sendable {
    /// Broadband IACC of the early (0–80 ms), late (80 ms–end) and full windows.
    public var iaccEarly: Double, iaccLate: Double, iaccFull: Double
    /// Mean early / late IACC over the 500, 1000 and 2000 Hz octaves (IACC_E3, IACC_L3).
    public var iaccEarly3: Double, iaccLate3: Double
    /// ITD in seconds (positive: right ear lags).
    public var itdSeconds: Double
    /// Broadband ILD in dB (positive: left louder).
    public var ildDB: Double
    /// Per reported octave: IACC windows and ILD.
    public var octaves: [(band: FrequencyBand, iaccEarly: Double, iaccLate: Double, iaccFull: Double, ildDB: Double)]
    /// Interaural coherence per third-octave band (max |IACF| over ±1 ms of the band-filtered
    /// signals over the whole response), 0…1.
    public var coherence: [(band: FrequencyBand, value: Double)]

    /// Analyses `ears`.
    public init(_ ears: EarSignals) {
        let onset = InterauralCrossCorrelation.onset(ears)
        (iaccEarly, iaccLate, iaccFull) = InterauralCrossCorrelation.windows(ears, onset: onset)
        itdSeconds = InterauralCues.itd(ears)
        ildDB = InterauralCues.ild(ears)
        let bank = RoomParameterAnalysis.analysisBank
        let indices = RoomParameterAnalysis.reportedOctaves.compactMap { band in
            bank.bands.firstIndex { $0.label == band.label }
        }
        let left = bank.split(ears.left, sampleRate: ears.sampleRate, only: indices)
        let right = bank.split(ears.right, sampleRate: ears.sampleRate, only: indices)
        octaves = indices.indices.map { i in
            let band = EarSignals(left: left[i], right: right[i], sampleRate: ears.sampleRate)
            let w = InterauralCrossCorrelation.windows(band, onset: onset)
            return (bank.bands[indices[i]], w.early, w.late, w.full, InterauralCues.ild(band))
        }
        let e3 = octaves.filter { ["500", "1000", "2000"].contains($0.band.label) }
        iaccEarly3 = e3.map(\.iaccEarly).reduce(0, +) / Double(max(e3.count, 1))
        iaccLate3 = e3.map(\.iaccLate).reduce(0, +) / Double(max(e3.count, 1))
        coherence = BinauralParameters.thirdOctaveCoherence(ears, low: 50, high: 16000)
    }

    /// Interaural coherence per third-octave band whose nominal centre lies in `low…high` Hz (and
    /// whose upper edge lies below Nyquist): max |IACF| over ±1 ms of the band-filtered signals.
    public static func thirdOctaveCoherence(
        _ ears: EarSignals, low: Double, high: Double
    ) -> [(band: FrequencyBand, value: Double)] {
        let thirds = BandFilterBank.thirdOctave(from: 20, to: 20000)
        let reported = thirds.bands.indices.filter {
            thirds.bands[$0].nominal >= low && thirds.bands[$0].nominal <= high
                && thirds.bands[$0].upper < ears.sampleRate / 2
        }
        // Room for the filters' ringing: 25 periods of the lowest band edge (0.05 s from 500 Hz up).
        let padding = min(0.5, max(0.05, 25 / (reported.first.map { thirds.bands[$0].lower } ?? 500)))
        let tl = thirds.split(ears.left, sampleRate: ears.sampleRate, paddingSeconds: padding, only: reported)
        let tr = thirds.split(ears.right, sampleRate: ears.sampleRate, paddingSeconds: padding, only: reported)
        return reported.indices.map { i in
            let band = EarSignals(left: tl[i], right: tr[i], sampleRate: ears.sampleRate)
            return (
                thirds.bands[reported[i]],
                InterauralCrossCorrelation.evaluate(band, window: 0..<band.left.count).coefficient
            )
        }
    }
}
