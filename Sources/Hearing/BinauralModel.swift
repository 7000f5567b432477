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
///    pass are those of the first wavefront at onsets and of whatever dominates the ongoing sound —
///    the precedence effect without a separate inhibition stage.
/// 4. Precedence (Haas 1951; Litovsky et al. 1999, JASA 106:1633): after a band's first coherent
///    cue, a later cue pointing more than ``precedenceToleranceDegrees`` elsewhere is suppressed
///    unless the band has grown at least ``precedenceReleaseDB`` louder since — a later sound takes
///    the image only when it dominates (Haas: a lag up to about 10 dB louder does not move it).
/// 5. Each selected cue is mapped to a lateral angle through the listener's own head
///    (``HeadCueMap``); the image is the weighted median of those angles, refined as the weighted mean
///    of the cues within ±30° of it (Wierstorf et al. 2013 discard outlying bands the same way).
///
/// Two ways in:
/// - ``predictBurst(response:)``: the *expected* cues of a pink-noise burst played through a binaural
///   impulse response. A noise burst starting at t = 0 gives, at time t, ear signals whose expected
///   cross-spectrum is that of the response truncated at t; the model reads it at nine times after the
///   response's onset (1, 2, 4, … 128 ms and the burst's end, 200 ms). No noise is generated, so nothing
///   depends on a seed, and the cost is a few FFTs per frame.
/// - ``predictSignal(_:)``: running 20 ms Hann frames (5 ms hop) of recorded or simulated ear signals.
public struct BinauralModel: Sendable {
    /// Minimum interaural coherence of a selected cue.
    public static let coherenceThreshold = 0.95
    /// A later cue within this many degrees of the band's onset cue continues the same image.
    public static let precedenceToleranceDegrees = 10.0
    /// A discrepant later cue counts once the band is this many dB louder than at its onset.
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
        let peak = max(response.left.map(abs).max() ?? 0, response.right.map(abs).max() ?? 0)
        guard peak > 0 else { return .silent(centres: map.centresHz) }
        let onset =
            response.left.indices.first { max(abs(response.left[$0]), abs(response.right[$0])) >= 0.1 * peak } ?? 0
        let start = max(0, onset - Int(0.005 * fs))
        var frames = [Frame]()
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

    /// `signal[from..<to]` with the last `fade` samples faded out by a half-Hann.
    static func truncated(_ signal: [Double], from: Int, to: Int, fade: Int) -> [Double] {
        guard to > from else { return [] }
        var out = Array(signal[from..<to])
        let fade = min(fade, out.count)
        for i in 0..<fade {
            out[out.count - fade + i] *= 0.5 * (1 + cos(Double.pi * Double(i + 1) / Double(fade)))
        }
        return out
    }

    /// Band cues of one frame (zero-padded to at least 4096 samples so the lowest bands are resolved).
    func bandCues(_ left: [Double], _ right: [Double], pink: Bool) -> [BandCue?] {
        let size = max(4096, FFTSize.powerOfTwo(atLeast: left.count))
        let bank = FilterbankCache.shared.bank(sampleRate: sampleRate, fftSize: size, pink: pink)
        let fft = RealFFT.plan(size: size)
        let l = fft.forward(left), r = fft.forward(right)
        let binHz = sampleRate / Double(size)
        return l.withUnsafeBufferPointer { lp in
            r.withUnsafeBufferPointer { rp in
                bank.bands.map { BinauralCues.band($0, left: lp.address, right: rp.address, binHz: binHz) }
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
    private let lock = NSLock()
    private var banks = [String: AuditoryFilterbank]()

    func bank(sampleRate: Double, fftSize: Int, pink: Bool) -> AuditoryFilterbank {
        let key = "\(sampleRate)/\(fftSize)/\(pink)"
        lock.lock()
        defer { lock.unlock() }
        if let bank = banks[key] { return bank }
        let bank = AuditoryFilterbank(sampleRate: sampleRate, fftSize: fftSize, pinkWeighting: pink)
        banks[key] = bank
        return bank
    }
}
