import Binaural
import BinauralRoom
import Foundation
import Hearing
import RoomAcoustics
import RoomMetrics
import SoundstageDSP
import SpatialChain

/// The listener-independent half of a sweep: the chain designed once and every mode's driver feeds
/// for every test signal, computed once per study (the chain never depends on the listener).
///
/// Every test signal is an impulse: the image metrics read the *expected* cues of pink-noise bursts
/// through the resulting responses (``BinauralModel/predictBurst(response:)``), so no metric depends
/// on a noise seed.
public struct StudySignals: Sendable {
    /// The test signals each mode is evaluated with: the hard-left, hard-right and centre-panned inputs,
    /// and the hard-left/right inputs with the virtualizer bypassed (separation).
    enum Kind: Int, CaseIterable, Sendable {
        case hardLeft, hardRight, centre, separationLeft, separationRight
    }

    public let processor: SpatialProcessor
    /// The auditory model, with cue maps built from the study's head.
    public let hearing: BinauralModel
    /// The head's responses on a direction grid, shared by every room.
    public let headTable: HeadResponseTable
    /// Samples in each feed (chain latency, its filters and 50 ms; longer for long filter sets).
    let impulseLength: Int
    /// Seconds of each room response after its direct sound the image metrics read: the model's
    /// 200 ms burst, its interaural allowance and 9 ms for the chain's spread.
    static let earlySeconds = 0.21
    /// feeds[mode][kind] = one feed per speaker, or nil when the mode does not use that signal.
    let feeds: [ChainMode: [[[Double]]?]]

    /// Designs the chain and renders every mode's feeds (`modes` plus the reference for coloration).
    public init(study: Study) throws {
        // The listener's tables (the auditory model's cue maps, the head's responses) do not depend on
        // the chain: built on another thread while the chain is designed.
        let listener = ParallelResults<(BinauralModel, HeadResponseTable)>(count: 1)
        let tables = DispatchGroup()
        DispatchQueue.global().async(group: tables) {
            listener[0] = (
                BinauralModel(head: study.head, sampleRate: study.sampleRate), HeadResponseTable(head: study.head)
            )
        }
        let processor: SpatialProcessor
        do {
            processor = try StudySignals.designProcessor(study)
        } catch {
            tables.wait()
            throw error
        }
        tables.wait()
        self.processor = processor
        (hearing, headTable) = listener[0]
        // Long enough for the built-in filters and for every filter set's taps (plus the upmix's frame
        // for three-input sets), so no user filter is cut short.
        let filterSetLengths = study.modes.compactMap { mode -> Int? in
            guard case .filters(let set) = mode.kind else { return nil }
            return set.length + (set.inputCount == 3 ? processor.upmix.stft.frameLength : 0)
        }
        impulseLength = max(processor.fixedFilterLength, filterSetLengths.max() ?? 0)
        let silence = [Double](repeating: 0, count: impulseLength)
        var impulse = silence
        impulse[0] = 1
        var feeds = [ChainMode: [[[Double]]?]]()
        for mode in Set(study.modes + [.reference]) {
            // Modes with a virtualizer measure separation with it bypassed (see SeatMetrics).
            feeds[mode] = Kind.allCases.map { kind -> [[Double]]? in
                switch kind {
                case .hardLeft: return processor.feeds(mode: mode, left: impulse, right: silence)
                case .hardRight: return processor.feeds(mode: mode, left: silence, right: impulse)
                case .centre: return processor.feeds(mode: mode, left: impulse, right: impulse)
                case .separationLeft: return processor.separationFeeds(mode: mode, left: impulse, right: silence)
                case .separationRight: return processor.separationFeeds(mode: mode, left: silence, right: impulse)
                }
            }
        }
        self.feeds = feeds
    }

    /// The study's chain, designed in the device's own frame (wherever the rooms place the device).
    private static func designProcessor(_ study: Study) throws -> SpatialProcessor {
        var device = study.rooms[0].device
        (device.position, device.yawRadians) = (.zero, 0)
        return try SpatialProcessor(
            device: device, head: study.designHead, configuration: study.configuration, sampleRate: study.sampleRate)
    }
}

/// Evaluates every mode of a study at seats of one room: the room's sources are enumerated once,
/// the feeds transformed once; per seat only the binaural responses are rendered and transformed,
/// then per (mode, signal) a multiply-add over drivers and inverse FFTs per ear.
///
/// Two transform lengths: the image metrics, separation and lag/lead read each BRIR up to
/// ``StudySignals/earlySeconds`` after its direct sound (a short transform of the truncated BRIRs:
/// a 200 ms burst only ever hears that much); the centre path's room parameters use the whole BRIR.
public struct SeatEvaluator: Sendable {
    public let room: Study.RoomEntry
    public let modes: [ChainMode]
    let signals: StudySignals
    let renderer: BinauralRenderer
    let deviceSources: [PreparedSource], referenceSources: [PreparedSource]
    let brirLength: Int
    /// Samples of a BRIR the early transform can hold (direct sounds up to 100 ms, then 210 ms).
    let earlyLength: Int
    /// Transform lengths of the early responses and of the whole centre path.
    let earlySize: Int, impulseSize: Int
    /// The whole centre path's bins its readers use (coloration, room parameters, coherence); the mix
    /// computes only these.
    let wholeBinsRead: Range<Int>
    /// spectra[mode][kind][speaker]: the feed's spectrum at the early length, nil for a silent feed or
    /// an unused signal.
    let spectra: [ChainMode: [[[Double]?]?]]
    /// wholeSpectra[mode][speaker]: the centre feed's spectrum at the whole length.
    let wholeSpectra: [ChainMode: [[Double]?]]
    /// Directivity factor of each mode's centre path (500 Hz–2 kHz); for the reference pair, one
    /// speaker's (two speakers metres apart add their diffuse energies, not their pressures).
    public let directivityFactor: [ChainMode: Double]
    /// The omni and figure-of-eight microphones at the listener's position (DRR, J_LF, reflections).
    let microphones: RoomMicrophones
    /// signalIDs[mode][kind]: one number per distinct signal, shared by the (mode, kind) pairs whose
    /// feeds are the same bits through the same speakers (`ctc` and `spatial` for a hard-left or
    /// hard-right input); nil for a signal the mode does not use.
    let signalIDs: [ChainMode: [Int?]]

    /// Prepares `room` for evaluating `modes`, enumerating its sources on up to `jobs` threads.
    public init(
        room: Study.RoomEntry, modes: [ChainMode], signals: StudySignals,
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.room = room
        self.modes = modes
        self.signals = signals
        let simulator = RoomSimulator(room: room.room, options: room.options)
        renderer = BinauralRenderer(simulator: simulator, table: signals.headTable)
        // Image enumeration per source (seconds for a floor plan's tree): one source per core.
        let sources =
            room.device.drivers.map { room.device.source($0) }
            + room.reference.drivers.map { room.reference.source($0) }
        let prepared = ParallelResults.map(count: sources.count, jobs: jobs) { simulator.prepare(source: sources[$0]) }
        deviceSources = Array(prepared.prefix(room.device.drivers.count))
        referenceSources = Array(prepared.suffix(room.reference.drivers.count))
        brirLength = simulator.length
        let fs = room.options.sampleRate
        earlyLength = min(brirLength, Int(((0.1 + StudySignals.earlySeconds) * fs).rounded(.up)))
        let earlySize = FFTSize.fast(atLeast: signals.impulseLength + earlyLength),
            impulseSize = BinauralRoomParameters.transformSize(
                length: signals.impulseLength + brirLength, sampleRate: fs)
        (self.earlySize, self.impulseSize) = (earlySize, impulseSize)
        wholeBinsRead =
            0..<(1
            + max(
                Coloration.highestBin(fftSize: impulseSize, sampleRate: fs),
                BinauralRoomParameters.highestBin(fftSize: impulseSize, sampleRate: fs),
                SpectralCoherence.highestBin(fftSize: impulseSize, sampleRate: fs)))
        let early = RealFFT.plan(size: earlySize), whole = RealFFT.plan(size: impulseSize)
        func transformed(_ feeds: [[Double]], _ fft: RealFFT) -> [[Double]?] {
            feeds.map { feed in feed.contains { $0 != 0 } ? fft.forward(feed) : nil }
        }
        spectra = signals.feeds.mapValues { kinds in kinds.map { $0.map { transformed($0, early) } } }
        let centre = StudySignals.Kind.centre.rawValue
        wholeSpectra = signals.feeds.compactMapValues { kinds in kinds[centre].map { transformed($0, whole) } }
        directivityFactor = Dictionary(
            uniqueKeysWithValues: signals.feeds.compactMap { mode, kinds in
                kinds[centre].map { (mode, SeatEvaluator.directivityFactor(mode, feeds: $0, room: room)) }
            })
        microphones = RoomMicrophones(
            feeds: signals.feeds, impulseLength: signals.impulseLength, duration: simulator.duration, sampleRate: fs)
        signalIDs = SeatEvaluator.signalIDs(signals.feeds)
    }

    /// Numbers the distinct signals of `feeds` (the device's and the reference pair's apart). The
    /// numbers only name signals within a seat, so their order does not matter.
    private static func signalIDs(_ feeds: [ChainMode: [[[Double]]?]]) -> [ChainMode: [Int?]] {
        var distinct = [(reference: Bool, feeds: [[Double]])](), ids = [ChainMode: [Int?]]()
        for (mode, kinds) in feeds {
            let reference = mode == .reference
            ids[mode] = kinds.map { signal -> Int? in
                guard let signal else { return nil }
                if let id = distinct.firstIndex(where: { $0.reference == reference && $0.feeds == signal }) {
                    return id
                }
                distinct.append((reference, signal))
                return distinct.count - 1
            }
        }
        return ids
    }

    /// The centre path's directivity factor, 500 Hz–2 kHz third octaves: the array's for the device's
    /// modes (drivers centimetres apart add pressures), the mean of each speaker's own for the pair.
    private static func directivityFactor(_ mode: ChainMode, feeds: [[Double]], room: Study.RoomEntry) -> Double {
        let frequencies = FrequencyBands.thirdOctaves(from: 500, to: 2000).map(\.centre)
        let speakers = mode == .reference ? room.reference : room.device
        func q(_ feeds: [[Double]]) -> Double {
            ArrayDirectivity.directivityFactor(
                device: speakers, feeds: feeds, sampleRate: room.options.sampleRate,
                speedOfSound: room.room.atmosphere.speedOfSound, frequencies: frequencies)
        }
        guard mode == .reference else { return q(feeds) }
        let alone = feeds.indices.filter { feeds[$0].contains { $0 != 0 } }.map { d in
            q(feeds.indices.map { $0 == d ? feeds[d] : Array(repeating: 0, count: feeds[d].count) })
        }
        return alone.isEmpty ? 1 : alone.reduce(0, +) / Double(alone.count)
    }

    /// The metrics of every study mode (in `modes` order) at `pose`.
    public func evaluate(_ pose: ListenerPose) -> [SeatMetrics] {
        let seat = SeatSpectra(evaluator: self, pose: pose)
        let referenceWhole = seat.wholeCentre(.reference)
        let referenceLevels = seat.colorationLevels(referenceWhole)
        var analyses = [Int: SignalAnalysis]()
        return modes.map { mode in
            metrics(
                mode, at: seat, referenceWhole: referenceWhole, referenceLevels: referenceLevels, analyses: &analyses)
        }
    }

    /// What a seat's metrics read of one test signal that depends only on its feeds: its early ear
    /// spectra, the auditory model's image of them, and its parts of lag/lead energy and of the
    /// microphones' J_LF and early reflection. Made once per distinct signal (``signalIDs``) at a seat.
    struct SignalAnalysis {
        let response: (left: [Double], right: [Double])
        let image: ImagePrediction
        let lagLead: LagLeadEnergy.Part?
        let microphones: RoomMicrophones.SignalPart?
    }

    /// The analysis of `kind` through `mode` at `seat`, from `analyses` when a mode evaluated before
    /// sent the same signal.
    private func analysis(
        _ mode: ChainMode, _ kind: StudySignals.Kind, at seat: SeatSpectra, analyses: inout [Int: SignalAnalysis]
    ) -> SignalAnalysis {
        guard let id = signalIDs[mode]?[kind.rawValue] else { preconditionFailure("\(mode) has no \(kind)") }
        if let made = analyses[id] { return made }
        let response = seat.earlySpectra(mode, kind)
        let made = SignalAnalysis(
            response: response, image: signals.hearing.predictBurst(response: seat.signals(response)),
            lagLead: LagLeadEnergy.part(
                room: response, direct: seat.directSpectra(mode, kind), fft: seat.early, sampleRate: seat.sampleRate),
            microphones: microphones.signalPart(mode, kind, speakers: seat.speakers(mode).map(\.microphones)))
        analyses[id] = made
        return made
    }

    /// The metrics of `mode` at one seat (the reference pair's whole centre spectra and band levels
    /// shared by every mode).
    private func metrics(
        _ mode: ChainMode, at seat: SeatSpectra, referenceWhole: (left: [Double], right: [Double]),
        referenceLevels: [Double], analyses: inout [Int: SignalAnalysis]
    ) -> SeatMetrics {
        let fs = seat.sampleRate
        var metrics = SeatMetrics()
        var lagLead = LagLeadEnergy()
        var images = [ImagePrediction](), responses = [(left: [Double], right: [Double])]()
        var microphoneParts = [RoomMicrophones.SignalPart]()
        for kind in [StudySignals.Kind.hardLeft, .hardRight, .centre] {
            let analysis = analysis(mode, kind, at: seat, analyses: &analyses)
            let response = analysis.response
            images.append(analysis.image)
            analysis.lagLead.map { lagLead.add($0) }
            analysis.microphones.map { microphoneParts.append($0) }
            responses.append(response)
        }
        let deviceLateral = seat.pose.lateralAngleDegrees(of: room.device.position)
        metrics.setImages(left: images[0], right: images[1], centre: images[2], deviceLateralDegrees: deviceLateral)
        let pinkBins = seat.pinkBins
        let separationLeft = seat.optionalEarlySpectra(mode, .separationLeft, needed: pinkBins) ?? responses[0]
        let separationRight = seat.optionalEarlySpectra(mode, .separationRight, needed: pinkBins) ?? responses[1]
        metrics[.separation] =
            (seat.pinkLevelDifference(separationLeft) - seat.pinkLevelDifference(separationRight)) / 2
        metrics[.lagLead] = room.room.isFreeField ? nil : lagLead.decibels
        let wholeSpectra = mode == .reference ? referenceWhole : seat.wholeCentre(mode)
        var centrePath = BinauralRoomParameters(
            leftSpectrum: wholeSpectra.left, rightSpectrum: wholeSpectra.right, fftSize: impulseSize,
            length: signals.impulseLength + brirLength, sampleRate: fs)
        if room.room.isFreeField {
            // No room, no reverberation: what follows the direct sound is the chain's and the
            // head's own ringing, not a room parameter.
            (centrePath.t30Seconds, centrePath.c80DB) = (nil, nil)
        }
        microphones.metrics(
            mode, signals: microphoneParts, speakers: seat.speakers(mode).map(\.microphones), into: &metrics,
            freeField: room.room.isFreeField)
        let q = directivityFactor[mode] ?? 1
        metrics[.iaccE3] = centrePath.iaccE3
        metrics[.iaccL3] = centrePath.iaccL3
        metrics[.coherence] = SpectralCoherence.meanThirdOctave(
            left: wholeSpectra.left, right: wholeSpectra.right, fftSize: impulseSize, sampleRate: fs)
        metrics[.criticalDistance] = centrePath.t30Seconds.map {
            CriticalDistance.theory(directivityFactor: q, volume: room.room.volume, reverberationTime: $0)
        }
        metrics[.coloration] =
            mode == .reference
            ? 0 : Coloration.deviationDB(seat.colorationLevels(wholeSpectra), reference: referenceLevels)
        metrics[.t30] = centrePath.t30Seconds
        metrics[.c80] = centrePath.c80DB
        return metrics
    }
}

extension SeatMetrics {
    /// The image metrics from the model's predictions for the hard-left, hard-right and centre signals.
    mutating func setImages(
        left: ImagePrediction, right: ImagePrediction, centre: ImagePrediction, deviceLateralDegrees: Double
    ) {
        let images: [(ImagePrediction, SeatMetric, SeatMetric, SeatMetric)] = [
            (left, .leftImage, .leftImageSpread, .leftImageConfidence),
            (right, .rightImage, .rightImageSpread, .rightImageConfidence),
            (centre, .centerImage, .centerImageSpread, .centerImageConfidence),
        ]
        for (prediction, angle, spread, confidence) in images {
            self[angle] = prediction.lateralDegrees
            self[spread] = prediction.spreadDegrees
            self[confidence] = prediction.confidence
        }
        if let l = left.lateralDegrees, let r = right.lateralDegrees { self[.width] = l - r }
        self[.centerError] = centre.lateralDegrees.map { $0 - deviceLateralDegrees }
    }
}

/// Energy of the room's part of a response 1–30 ms after its direct sound and of the direct sound,
/// 500 Hz–2 kHz, accumulated over signals.
struct LagLeadEnergy {
    var lag = 0.0, direct = 0.0

    /// The bins read, 500 Hz–2 kHz.
    static func bins(fftSize: Int, sampleRate fs: Double) -> Range<Int> {
        Int((500 * Double(fftSize) / fs).rounded(.up))..<(Int(2000 * Double(fftSize) / fs) + 1)
    }

    /// 10·log10(lag/direct); nil when either is zero.
    var decibels: Double? { lag > 0 && direct > 0 ? 10 * log10(lag / direct) : nil }

    /// What one signal adds: the room's part at each ear over the lag window, and the energy of the
    /// direct sound at each ear.
    struct Part {
        var lagWindows: [[Double]], directEnergies: [Double]
    }

    /// Adds one signal's part (in the order the signals are evaluated: the sums are sequential).
    mutating func add(_ part: Part) {
        for window in part.lagWindows { for x in window { lag += x * x } }
        for energy in part.directEnergies { direct += energy }
    }

    /// One signal's part: `room` (the whole early response's ear spectra) and `direct` (its direct sound
    /// alone), both on the bins of `fft`; nil when the direct sound is silent in the band.
    static func part(
        room: (left: [Double], right: [Double]), direct: (left: [Double], right: [Double]), fft: RealFFT,
        sampleRate fs: Double
    ) -> Part? {
        func banded(_ x: [Double], minus y: [Double]?) -> [Double] {
            var out = [Double](repeating: 0, count: x.count)
            for k in LagLeadEnergy.bins(fftSize: fft.size, sampleRate: fs) {
                out[2 * k] = x[2 * k] - (y?[2 * k] ?? 0)
                out[2 * k + 1] = x[2 * k + 1] - (y?[2 * k + 1] ?? 0)
            }
            return fft.inverse(out)
        }
        let directEars = [banded(direct.left, minus: nil), banded(direct.right, minus: nil)]
        var peak = 0.0
        for ear in directEars { for x in ear { peak = max(peak, abs(x)) } }
        guard peak > 0,
            let onset = directEars[0].indices.first(where: {
                max(abs(directEars[0][$0]), abs(directEars[1][$0])) >= 0.1 * peak
            })
        else { return nil }
        let from = onset + Int(0.001 * fs), to = min(fft.size, onset + Int(0.030 * fs))
        return Part(
            lagWindows: zip([room.left, room.right], [direct.left, direct.right]).map { ear, directEar in
                Array(banded(ear, minus: directEar)[from..<max(from, to)])
            },
            directEnergies: directEars.map { $0.reduce(0) { $0 + $1 * $1 } })
    }
}

/// One seat's speaker spectra and the ear responses of every (mode, test signal) through them.
private struct SeatSpectra {
    let evaluator: SeatEvaluator
    let pose: ListenerPose
    let whole: RealFFT, early: RealFFT
    let device: [SpeakerSpectra], reference: [SpeakerSpectra]
    var sampleRate: Double { evaluator.signals.processor.sampleRate }

    /// One speaker's BRIR spectra: whole (impulse length), up to ``StudySignals/earlySeconds`` after
    /// its direct sound, and its direct sound alone (early length); and the microphones' spectra.
    struct SpeakerSpectra {
        var whole: (left: [Double], right: [Double])
        var early: (left: [Double], right: [Double])
        var direct: (left: [Double], right: [Double])
        var microphones: RoomMicrophones.SourceSpectra
    }

    /// Renders and transforms the BRIRs of the device's drivers (when a device mode is evaluated) and
    /// of the reference pair at `pose`.
    init(evaluator: SeatEvaluator, pose: ListenerPose) {
        self.evaluator = evaluator
        self.pose = pose
        whole = RealFFT.plan(size: evaluator.impulseSize)
        early = RealFFT.plan(size: evaluator.earlySize)
        let usesDevice = evaluator.modes.contains { $0 != .reference }
        device = usesDevice ? SeatSpectra.transformed(evaluator.deviceSources, evaluator, pose, whole, early) : []
        reference = SeatSpectra.transformed(evaluator.referenceSources, evaluator, pose, whole, early)
    }

    /// Each source's BRIR at `pose`, whole, early and direct.
    private static func transformed(
        _ sources: [PreparedSource], _ evaluator: SeatEvaluator, _ pose: ListenerPose, _ whole: RealFFT,
        _ early: RealFFT
    ) -> [SpeakerSpectra] {
        let fs = evaluator.signals.processor.sampleRate
        let speedOfSound = evaluator.room.room.atmosphere.speedOfSound
        let simulator = evaluator.renderer.simulator
        let arrivals = sources.map { simulator.arrivals($0, receiver: pose.position, withDirections: true) }
        let brirs = evaluator.renderer.renderSplit(
            sources.indices.map { (sources[$0], arrivals[$0].arrivals, arrivals[$0].tailStart) }, listener: pose)
        return sources.indices.map { s in
            let (source, brir) = (sources[s], brirs[s])
            let (arrivals, tailStart) = arrivals[s]
            let direct = (source.source.position - pose.position).length / speedOfSound
            let end = min(evaluator.earlyLength, Int(((direct + StudySignals.earlySeconds) * fs).rounded(.up)))
            return SpeakerSpectra(
                whole: (whole.forward(brir.whole.left), whole.forward(brir.whole.right)),
                early: (
                    early.forward(faded(brir.whole.left, end: end, sampleRate: fs)),
                    early.forward(faded(brir.whole.right, end: end, sampleRate: fs))
                ),
                direct: (
                    early.forward(faded(brir.direct.left, end: end, length: brir.whole.left.count, sampleRate: fs)),
                    early.forward(faded(brir.direct.right, end: end, length: brir.whole.left.count, sampleRate: fs))
                ),
                microphones: evaluator.microphones.spectra(
                    source, arrivals: arrivals, tailStart: tailStart, pose: pose, simulator: simulator))
        }
    }

    /// `response` up to `end` samples, the last 2 ms faded out with a half Hann window. `length`: the
    /// response's length when its trailing zeros are left out (the direct sound's), else its count.
    private static func faded(_ response: [Double], end: Int, length: Int? = nil, sampleRate: Double) -> [Double] {
        let end = min(end, length ?? response.count), fade = min(end, Int(0.002 * sampleRate))
        var out = Array(response.prefix(end))
        if out.count < end { out += [Double](repeating: 0, count: end - out.count) }
        for (i, gain) in Window.fadeOut(count: fade).enumerated() { out[end - fade + i] *= gain }
        return out
    }

    func speakers(_ mode: ChainMode) -> [SpeakerSpectra] { mode == .reference ? reference : device }

    /// Σ_d feed_d ⊛ BRIR_d per ear as early spectra (only the bins in `needed`, the rest zero); nil when
    /// the mode does not use that signal.
    func optionalEarlySpectra(
        _ mode: ChainMode, _ kind: StudySignals.Kind, needed: Range<Int>? = nil
    ) -> (left: [Double], right: [Double])? {
        guard let kinds = evaluator.spectra[mode], let feeds = kinds[kind.rawValue] else { return nil }
        return SeatResponses.mix(feeds, through: speakers(mode).map(\.early), bins: early.binCount, needed: needed)
    }

    /// The early ear spectra of a signal every mode uses.
    func earlySpectra(_ mode: ChainMode, _ kind: StudySignals.Kind) -> (left: [Double], right: [Double]) {
        guard let spectra = optionalEarlySpectra(mode, kind) else { preconditionFailure("\(mode) has no \(kind)") }
        return spectra
    }

    /// The direct sound's part of ``earlySpectra(_:_:)``, in the bins ``LagLeadEnergy`` reads.
    func directSpectra(_ mode: ChainMode, _ kind: StudySignals.Kind) -> (left: [Double], right: [Double]) {
        guard let feeds = evaluator.spectra[mode]?[kind.rawValue] else { preconditionFailure("\(mode) has no \(kind)") }
        return SeatResponses.mix(
            feeds, through: speakers(mode).map(\.direct), bins: early.binCount,
            needed: LagLeadEnergy.bins(fftSize: early.size, sampleRate: sampleRate))
    }

    /// The centre signal's ear spectra through the whole BRIRs, in the bins their readers use.
    func wholeCentre(_ mode: ChainMode) -> (left: [Double], right: [Double]) {
        guard let feeds = evaluator.wholeSpectra[mode] else { preconditionFailure("\(mode) has no centre feeds") }
        return SeatResponses.mix(
            feeds, through: speakers(mode).map(\.whole), bins: whole.binCount, needed: evaluator.wholeBinsRead)
    }

    /// Early ear spectra back to the two ears' impulse responses.
    func signals(_ spectra: (left: [Double], right: [Double])) -> EarSignals {
        EarSignals(left: early.inverse(spectra.left), right: early.inverse(spectra.right), sampleRate: sampleRate)
    }

    /// Left-minus-right ear level in dB of pink noise through early ear spectra, 250 Hz–4 kHz
    /// (power spectra weighted by 1/f).
    func pinkLevelDifference(_ s: (left: [Double], right: [Double])) -> Double {
        let binHz = sampleRate / Double(early.size)
        var left = 0.0, right = 0.0
        for k in pinkBins {
            let w = 1 / (Double(k) * binHz)
            left += w * (s.left[2 * k] * s.left[2 * k] + s.left[2 * k + 1] * s.left[2 * k + 1])
            right += w * (s.right[2 * k] * s.right[2 * k] + s.right[2 * k + 1] * s.right[2 * k + 1])
        }
        return 10 * log10(left / right)
    }

    /// The bins ``pinkLevelDifference(_:)`` reads, 250 Hz–4 kHz.
    var pinkBins: Range<Int> {
        let binHz = sampleRate / Double(early.size)
        return Int((250 / binHz).rounded(.up))..<(Int(4000 / binHz) + 1)
    }

    /// Third-octave levels of the summed ears for coloration.
    func colorationLevels(_ s: (left: [Double], right: [Double])) -> [Double] {
        Coloration.bandLevelsDB(spectra: [s.left, s.right], fftSize: evaluator.impulseSize, sampleRate: sampleRate)
    }
}
