import Foundation
import SoundstageDSP

/// ISO 3382-1 room-acoustic parameters of one impulse response (one band or broadband).
///
/// A value that cannot be computed is nil and ``notes`` says why; no field is ever NaN.
public struct RoomParameters: Sendable, Equatable {
    /// Early decay time in seconds: regression of the decay curve from 0 to −10 dB, times 6.
    public var edt: Double?
    /// Reverberation time in seconds from the −5 to −25 dB range, extrapolated to 60 dB.
    public var t20: Double?
    /// Reverberation time in seconds from the −5 to −35 dB range, extrapolated to 60 dB.
    public var t30: Double?
    /// Clarity for speech in dB: 10·log10(E(0…50 ms)/E(50 ms…)).
    public var c50: Double?
    /// Clarity for music in dB: 10·log10(E(0…80 ms)/E(80 ms…)).
    public var c80: Double?
    /// Definition: E(0…50 ms)/E(0…), dimensionless 0…1.
    public var d50: Double?
    /// Centre time in milliseconds: ∫t·h²/∫h².
    public var tsMs: Double?
    /// Direct-to-reverberant ratio in dB (see ``DirectToReverberantRatio``).
    public var drr: Double?
    /// Why any value is missing.
    public var notes: [String] = []

    public init(
        edt: Double? = nil, t20: Double? = nil, t30: Double? = nil, c50: Double? = nil, c80: Double? = nil,
        d50: Double? = nil, tsMs: Double? = nil, drr: Double? = nil, notes: [String] = []
    ) {
        self.edt = edt
        self.t20 = t20
        self.t30 = t30
        self.c50 = c50
        self.c80 = c80
        self.d50 = d50
        self.tsMs = tsMs
        self.drr = drr
        self.notes = notes
    }
}

/// Computes ``RoomParameters`` from impulse responses.
public enum RoomParameterAnalysis {
    /// Octave bands reported by the analysis: 125 Hz … 8 kHz.
    public static let reportedOctaves = FrequencyBands.octaves(from: 125, to: 8000)
    /// The analysis bank spans 31.5 Hz … 16 kHz so the reported bands' neighbours absorb the
    /// energy outside them (the bank's end bands extend to DC and Nyquist).
    public static let analysisBank = BandFilterBank.octave(from: 31.5, to: 16000)

    /// Broadband parameters of `response` (onset by the −20 dB rule).
    public static func broadband(_ response: [Double], sampleRate: Double) -> RoomParameters {
        guard let onset = ImpulseOnset.index(of: response), let peak = ImpulseOnset.peakIndex(of: response) else {
            return RoomParameters(notes: ["the response is silent"])
        }
        return parameters(response, onset: onset, directPeak: peak, sampleRate: sampleRate)
    }

    /// Parameters per reported octave band, keyed by nominal label ("125" … "8000").
    ///
    /// Each band is the zero-phase octave-filtered response analysed from the *broadband* onset and
    /// direct peak, so the 50/80 ms limits and the DRR window sit on the direct sound in every band.
    public static func octaves(
        _ response: [Double], sampleRate: Double
    ) -> [(band: FrequencyBand, parameters: RoomParameters)] {
        guard let onset = ImpulseOnset.index(of: response), let peak = ImpulseOnset.peakIndex(of: response) else {
            return reportedOctaves.map { ($0, RoomParameters(notes: ["the response is silent"])) }
        }
        let bank = analysisBank
        let indices = reportedOctaves.compactMap { band in bank.bands.firstIndex { $0.label == band.label } }
        return bank.mapBands(response, sampleRate: sampleRate, only: indices) { index, signal in
            let band = bank.bands[index]
            if band.lower >= sampleRate / 2 {
                return (band, RoomParameters(notes: ["band lies above the Nyquist frequency"]))
            }
            return (band, parameters(signal, onset: onset, directPeak: peak, sampleRate: sampleRate))
        }
    }

    /// All parameters of `h` with the given onset and direct-sound peak sample; with `onlyT30AndC80`,
    /// T30 and C80 alone (with their notes; the same values), for readers of nothing else.
    public static func parameters(
        _ h: [Double], onset: Int, directPeak: Int, sampleRate: Double, onlyT30AndC80: Bool = false
    ) -> RoomParameters {
        var result = RoomParameters()
        let total = sumOfSquares(h, onset..<h.count)
        guard total > 0 else { return RoomParameters(notes: ["no energy after the onset"]) }
        let curve = EnergyDecayCurve(response: h, onset: onset, sampleRate: sampleRate)
        if !onlyT30AndC80 {
            result.edt = decayTime(curve, from: 0, to: -10, name: "EDT", notes: &result.notes)
            result.t20 = decayTime(curve, from: -5, to: -25, name: "T20", notes: &result.notes)
        }
        result.t30 = decayTime(curve, from: -5, to: -35, name: "T30", notes: &result.notes)

        let n50 = onset + Int((0.050 * sampleRate).rounded())
        let n80 = onset + Int((0.080 * sampleRate).rounded())
        let e80 = sumOfSquares(h, onset..<n80)
        if n80 >= h.count {
            result.notes.append("C50, C80, D50: the response ends before 80 ms after the onset")
        } else {
            let late80 = total - e80
            if late80 > 0 {
                result.c80 = Decibels.energy(e80 / late80)
            } else {
                result.notes.append("C80: no energy after 80 ms")
            }
            if !onlyT30AndC80 {
                let e50 = sumOfSquares(h, onset..<n50), late50 = total - e50
                if late50 > 0 {
                    result.c50 = Decibels.energy(e50 / late50)
                } else {
                    result.notes.append("C50: no energy after 50 ms")
                }
                result.d50 = e50 / total
            }
        }
        if onlyT30AndC80 { return result }
        var moment = 0.0
        for i in onset..<h.count { moment += Double(i - onset) * h[i] * h[i] }
        result.tsMs = 1000 * moment / total / sampleRate
        result.drr = DirectToReverberantRatio.value(h, directPeak: directPeak, sampleRate: sampleRate)
        if result.drr == nil { result.notes.append("DRR: no energy after the direct-sound window") }
        return result
    }

    /// Decay time from the least-squares line through the curve between `upper` and `lower` dB,
    /// extrapolated to 60 dB; nil (with a note) if the curve does not reach `lower` before its
    /// usable end.
    static func decayTime(
        _ curve: EnergyDecayCurve, from upper: Double, to lower: Double,
        name: String, notes: inout [String]
    ) -> Double? {
        let count = curve.usableLength
        let reached = count > 0 ? curve.levelDB(at: count - 1) : 0
        guard reached <= lower else {
            notes.append(
                "\(name): the decay reaches only \(String(format: "%.1f", reached)) dB before the noise or the end "
                    + "(needs \(Int(lower)) dB)")
            return nil
        }
        // The curve never rises: the first sample at or below `upper`, the last at or above `lower`.
        let first = curve.firstIndex(atOrBelow: upper), last = curve.firstIndex(atOrBelow: lower.nextDown) - 1
        guard first < count, last >= 0, last > first + 2 else {
            // The curve passes the whole range between two or three samples: nothing decays there
            // (an anechoic response, or one whose reflections are far below its direct sound).
            notes.append(
                "\(name): the decay falls from \(Int(upper)) to \(Int(lower)) dB at once (within 3 samples): "
                    + "no reverberant decay to fit")
            return nil
        }
        let x = (first...last).map { Double($0) / curve.sampleRate }
        let (slope, _) = linearFit(x: x, y: (first...last).map(curve.levelDB(at:)))
        guard slope < 0 else {
            notes.append("\(name): the decay curve does not fall")
            return nil
        }
        return -60 / slope
    }
}
