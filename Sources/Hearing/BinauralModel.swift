import Binaural
import Foundation
import SoundstageDSP

/// A binaural auditory model that predicts the lateral direction, spread and confidence of the image
/// two ear signals evoke.
///
/// Stages:
/// 1. Periphery: ERB-spaced fourth-order gammatone bands, 100 Hz–12 kHz (``AuditoryFilterbank``).
/// 2. Binaural cues per band and time frame: ITD (fine structure below 1 kHz, envelope above),
///    ILD and interaural coherence (``BinauralCues``).
/// 3. Cue selection (Faller & Merimaa 2004, JASA 116:3075): a band/frame cue counts only when its
///    coherence is at least ``coherenceThreshold``. Sound from one direction is coherent; where
///    reflections, a second source or a diffuse tail overlap it the coherence drops, so the cues that
///    pass are those of the first wavefront at onsets and of whatever dominates the ongoing sound.
/// 4. Precedence, as localization dominance of the fused image (Haas 1951; Litovsky et al. 1999,
///    JASA 106:1633): the onset frames (each band's output in its first half millisecond, from
///    ``onsetFromHz`` up, see ``onsetFrames(_:onset:)``) give the *onset image*, the weighted median of
///    their coherent cues. A later cue pointing more than ``precedenceToleranceDegrees`` away from it is
///    suppressed unless its band has grown at least ``precedenceReleaseDB`` louder since its first
///    ongoing cue; a band so released follows the later sound, and its earlier cues are dropped — a later
///    sound takes the image only when it dominates (Haas: a lag up to about 10 dB louder does not move it).
///    The onset frames weigh together what ``onsetEquivalentSeconds`` of ongoing sound weighs.
///    Without onset frames (``predictSignal(_:)``) a band's own first coherent cue is its reference.
/// 5. Each selected cue is mapped to a lateral angle through the listener's own head
///    (``HeadCueMap``); the image is the weighted median of those angles, refined as the weighted mean
///    of the cues within ±30° of it (Wierstorf et al. 2013 discard outlying bands the same way).
///
/// Two ways in:
/// - ``predictBurst(response:)``: the *expected* cues of a pink-noise burst played through a binaural
///   impulse response. A noise burst starting at t = 0 gives, at time t, ear signals whose expected
///   cross-spectrum is that of the response truncated at t; the model reads it at nine times after the
///   response's onset (1, 2, 4, … 128 ms and the burst's end, 200 ms), and each band's output at two
///   times after the band's own delay (the onset frames: there the band is filtered first and truncated
///   after, as the ear does). No noise is generated, so nothing depends on a seed, and the cost is a
///   few FFTs per frame.
/// - ``predictSignal(_:)``: running 20 ms Hann frames (5 ms hop) of recorded or simulated ear signals.
public struct BinauralModel: Sendable {
    /// Minimum interaural coherence of a selected cue.
    public static let coherenceThreshold = 0.95
    /// A later cue within this many degrees of the onset image continues it.
    public static let precedenceToleranceDegrees = 10.0
    /// A discrepant later cue counts once its band is this many dB louder than at its first ongoing cue.
    public static let precedenceReleaseDB = 10.0
    /// Bands below this centre frequency weigh in proportion to it (Hz): lateralization of broadband
    /// sound is dominated by the region above (Bilsen & Raatgever 1973; Stern et al. 1988, JASA 84:156).
    public static let dominantRegionFromHz = 500.0
    /// Below this share of coherent cues the sound is diffuse: independent noise at the two ears passes
    /// the coherence test by chance in 0.25 % of 20 ms frames and bands, while a burst whose only
    /// coherent cue is its first frame still scores 1/34 ≈ 0.03.
    public static let minimumConfidence = 0.01
    /// Cues more than this far (degrees) from the median are outliers.
    public static let outlierDegrees = 30.0
    /// Band/frame cues quieter than the loudest by more than this (dB) are inaudible and ignored.
    public static let audibleRangeDB = 40.0
    /// Frames end this long (seconds) after their nominal time: the far ear hears the first wavefront up
    /// to an ITD later, and the cross-correlation at lags up to ±1 ms reads that far ahead.
    public static let interauralAllowance = 0.001
    /// The burst's frames: times after onset in seconds at which the truncated response is read.
    public static let burstFrameTimes = [0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.2]
    /// Bands from this centre frequency (Hz) have onset frames. Below, a band's impulse response peaks
    /// 4.5–13 ms after an impulse, so its first moments are no onset: a room's early reflections arrive
    /// within them and two loudspeakers a millisecond apart have long merged (summing localization).
    public static let onsetFromHz = 700.0
    /// The onset frames: times after each band's delay (seconds) at which its output is read.
    public static let onsetFrameTimes = [0.00025, 0.0005]
    /// The onset frames together weigh what this much ongoing sound weighs (seconds; frame weights grow
    /// as the square root of duration). In trains of 1 ms noise bursts, the onset and the ongoing part
    /// contribute equally to the lateral position when the ongoing part lasts about 15 ms with a
    /// consistent ITD (about 40 ms with ambiguous ones): JASA study PMC5511054 (Freyman, Zurek et al.).
    public static let onsetEquivalentSeconds = 0.015
    /// Fade-out of an onset frame's truncation (seconds).
    static let onsetFadeSeconds = 0.00025

    public let map: HeadCueMap
    public let sampleRate: Double

    /// A model for a listener with `head`, at `sampleRate` Hz.
    public init(head: any HeadModel, sampleRate: Double) {
        map = HeadCueMap(head: head, sampleRate: sampleRate)
        self.sampleRate = sampleRate
    }

    /// One analysis frame: the cue of each band (nil: silent or inaudible) and the frame's weight.
    struct Frame {
        var cues: [BandCue?]
        var weight: Double
        /// An onset frame (``onsetFrames(_:onset:)``): its cues form the onset image precedence refers to.
        var isOnset = false
    }

    /// The image of a 200 ms pink-noise burst played through `response` (the two ears' impulse
    /// responses of whatever sits between the signal and the ears: loudspeakers, chain, room, head).
    ///
    /// Frame weights grow as the square root of the time each frame stands for (frame k spans
    /// t_{k−1}…t_k): between weighting by duration (ongoing sound dominates) and equal weights per
    /// doubling of time (onsets dominate, as the first click of a train does: Stecker & Brown 2010,
    /// JASA 127:3092).
    public func predictBurst(response: EarSignals) -> ImagePrediction {
        let fs = sampleRate
        guard let onset = BinauralModel.onsetSample(response, sampleRate: fs) else {
            return .silent(centres: map.centresHz)
        }
        let start = max(0, onset - Int(0.005 * fs))
        var frames = onsetFrames(response, onset: onset)
        var previous = 0.0
        for time in BinauralModel.burstFrameTimes {
            let end = min(response.left.count, onset + Int(((BinauralModel.interauralAllowance + time) * fs).rounded()))
            let fade = min(Int(0.002 * fs), max(1, Int(time * fs / 2)))
            let left = BinauralModel.truncated(response.left, from: start, to: end, fade: fade)
            let right = BinauralModel.truncated(response.right, from: start, to: end, fade: fade)
            frames.append(Frame(cues: bandCues(left, right, pink: true), weight: (time - previous).squareRoot()))
            previous = time
        }
        return prediction(frames)
    }

    /// The image evoked by ear signals (a recording or a rendering), from running 20 ms Hann frames
    /// every 5 ms, each weighted equally.
    public func predictSignal(_ ears: EarSignals) -> ImagePrediction {
        let length = Int(0.02 * sampleRate), hop = Int(0.005 * sampleRate)
        guard ears.left.count >= length else { return .silent(centres: map.centresHz, tooShort: true) }
        let window = Window.hann.periodic(length: length)
        var frames = [Frame]()
        var start = 0
        while start + length <= ears.left.count {
            let left = (0..<length).map { ears.left[start + $0] * window[$0] }
            let right = (0..<length).map { ears.right[start + $0] * window[$0] }
            frames.append(Frame(cues: bandCues(left, right, pink: false), weight: 1))
            start += hop
        }
        return prediction(frames)
    }

    /// The response's onset: where the first arrival within ``precedenceReleaseDB`` of the strongest
    /// begins. Arrivals are compared by their energy (both ears) in 0.5 ms windows; the onset is the
    /// first sample of the first window within that range of the loudest window that reaches 20 dB
    /// below the response's peak. Sound more than ``precedenceReleaseDB`` below a later arrival cannot
    /// hold the image against it, so it does not start the burst's frames: a crosstalk canceller's
    /// pre-ringing (a 16 kHz ripple 17 dB below the main arrival, 1.5 ms ahead of it, above the
    /// model's bands) would otherwise place every onset frame before the sound the model hears.
    /// Nil when silent.
    static func onsetSample(_ response: EarSignals, sampleRate: Double) -> Int? {
        let count = min(response.left.count, response.right.count)
        guard count > 0 else { return nil }
        let window = min(count, max(1, Int((0.0005 * sampleRate).rounded())))
        return response.left.withUnsafeBufferPointer { l in
            response.right.withUnsafeBufferPointer { r -> Int? in
                // energies[n] = Σ_{n ≤ k < n + window} (l² + r²), as a running sum.
                var peak = 0.0, energy = 0.0
                var energies = [Double](repeating: 0, count: count - window + 1)
                for k in 0..<count {
                    peak = max(peak, abs(l[k]), abs(r[k]))
                    energy += l[k] * l[k] + r[k] * r[k]
                    if k >= window { energy -= l[k &- window] * l[k &- window] + r[k &- window] * r[k &- window] }
                    if k >= window &- 1 { energies[k &- (window &- 1)] = energy }
                }
                guard peak > 0, let loudest = energies.max() else { return nil }
                let threshold = loudest * pow(10, -precedenceReleaseDB / 10)
                let first = energies.firstIndex { $0 >= threshold } ?? 0
                return (first..<(first + window)).first { max(abs(l[$0]), abs(r[$0])) >= 0.1 * peak } ?? first
            }
        }
    }

    /// `signal[from..<to]` with the last `fade` samples faded out by a half-Hann.
    static func truncated(_ signal: [Double], from: Int, to: Int, fade: Int) -> [Double] {
        guard to > from else { return [] }
        var out = Array(signal[from..<to])
        let fade = min(fade, out.count)
        for (i, gain) in Window.fadeOut(count: fade).enumerated() { out[out.count - fade + i] *= gain }
        return out
    }

    /// Band cues of one frame (zero-padded to at least 4096 samples so the lowest bands are resolved).
    func bandCues(_ left: [Double], _ right: [Double], pink: Bool) -> [BandCue?] {
        let size = max(4096, FFTSize.powerOfTwo(atLeast: left.count))
        let bank = FilterbankCache.shared.bank(sampleRate: sampleRate, fftSize: size, pink: pink)
        let fft = RealFFT.plan(size: size)
        let l = fft.forward(left), r = fft.forward(right)
        let binHz = sampleRate / Double(size)
        let spectrum = l.withUnsafeBufferPointer { lp in
            r.withUnsafeBufferPointer { CrossSpectrum(left: lp.address, right: $0.address, bins: bank.bins) }
        }
        return bank.bands.map { band in
            // Band sums over bins grow with the FFT length; per unit length they compare across frames of
            // different lengths (precedence's release and the audible range read them).
            BinauralCues.band(band, spectrum: spectrum, binHz: binHz).map {
                BandCue(
                    itdSeconds: $0.itdSeconds, ildDB: $0.ildDB, coherence: $0.coherence,
                    energy: $0.energy / Double(size))
            }
        }
    }
}

extension ImagePrediction {
    /// The prediction for silence (or a signal too short for one frame).
    static func silent(centres: [Double], tooShort: Bool = false) -> ImagePrediction {
        ImagePrediction(
            lateralDegrees: nil, spreadDegrees: 0, confidence: 0,
            notes: [
                tooShort ? "not localizable: the signal is shorter than one 20 ms frame" : "not localizable: silent"
            ],
            bands: centres.map {
                ImagePrediction.Band(
                    centreHz: $0, lateralDegrees: nil, itdSeconds: 0, ildDB: 0, coherence: 0, weight: 0)
            })
    }
}

/// Filterbanks per (sample rate, FFT size, weighting), built once.
final class FilterbankCache: @unchecked Sendable {
    static let shared = FilterbankCache()
    private let banks = ComputedCache<BankKey, AuditoryFilterbank>()
    private struct BankKey: Hashable {
        let sampleRate: Double, fftSize: Int, pink: Bool
    }
    private let onsetBanks = ComputedCache<Double, OnsetFilterbank>()

    func onsetBank(sampleRate: Double) -> OnsetFilterbank {
        onsetBanks.value(sampleRate) {
            OnsetFilterbank(
                bank: bank(sampleRate: sampleRate, fftSize: 4096, pink: false), sampleRate: sampleRate,
                lastFrameSeconds: BinauralModel.onsetFrameTimes.last ?? 0,
                allowanceSeconds: BinauralModel.interauralAllowance)
        }
    }

    func bank(sampleRate: Double, fftSize: Int, pink: Bool) -> AuditoryFilterbank {
        banks.value(BankKey(sampleRate: sampleRate, fftSize: fftSize, pink: pink)) {
            AuditoryFilterbank(sampleRate: sampleRate, fftSize: fftSize, pinkWeighting: pink)
        }
    }
}
