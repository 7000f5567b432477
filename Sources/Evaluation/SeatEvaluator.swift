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
public struct StudySignals: Sendable {
    /// The test signals each mode is evaluated with.
    enum Kind: Int, CaseIterable, Sendable {
        case hardLeft, hardRight, centre, centreImpulse, separationLeft, separationRight
    }

    public let processor: SpatialProcessor
    public let lateralization: any LateralizationModel
    /// The head's responses on a direction grid, shared by every room.
    public let headTable: HeadResponseTable
    /// Samples in each noise signal, samples skipped at the start (the chain's start-up), samples in
    /// the centre-path impulse response before the room.
    let noiseLength: Int, skip: Int, impulseLength: Int
    /// Seconds of room response after the direct sound the image metrics hear.
    let localizationWindow: Double
    /// feeds[mode][kind] = one feed per speaker, or nil when the mode does not use that signal.
    let feeds: [ChainMode: [[[Double]]?]]

    /// Designs the chain and renders every mode's feeds (`modes` plus the reference for coloration).
    public init(study: Study) throws {
        let processor = try StudySignals.designProcessor(study)
        self.processor = processor
        lateralization =
            HeadLateralization.table(head: study.head, sampleRate: study.sampleRate)
            ?? WoodworthLateralization(headRadius: study.head.radius)
        headTable = HeadResponseTable(head: study.head)
        let n = Int(study.signalSeconds * study.sampleRate)
        noiseLength = n
        localizationWindow = study.localizationWindowSeconds
        skip = min(n / 4, processor.latency + 256)
        impulseLength = processor.latency + 2 * study.configuration.filterLength + Int(0.05 * study.sampleRate)
        let noise = TestSignals.pinkNoise(count: n, seed: study.seed)
        let silence = [Double](repeating: 0, count: n)
        var impulse = [Double](repeating: 0, count: impulseLength)
        impulse[0] = 1
        let bypassed = processor.bypassingVirtualizer()
        var feeds = [ChainMode: [[[Double]]?]]()
        for mode in Set(study.modes + [.reference]) {
            // Modes with a virtualizer measure separation with it bypassed (see SeatMetrics).
            let separate = processor.virtualizer != nil && (mode == .ctc || mode == .spatial)
            feeds[mode] = Kind.allCases.map { kind -> [[Double]]? in
                switch kind {
                case .hardLeft: return processor.feeds(mode: mode, left: noise, right: silence)
                case .hardRight: return processor.feeds(mode: mode, left: silence, right: noise)
                case .centre: return processor.feeds(mode: mode, left: noise, right: noise)
                case .centreImpulse: return processor.feeds(mode: mode, left: impulse, right: impulse)
                case .separationLeft: return separate ? bypassed.feeds(mode: mode, left: noise, right: silence) : nil
                case .separationRight: return separate ? bypassed.feeds(mode: mode, left: silence, right: noise) : nil
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
            device: device, head: study.head, configuration: study.configuration, sampleRate: study.sampleRate)
    }
}

/// Evaluates every mode of a study at seats of one room: the room's sources are enumerated once,
/// the feeds transformed once; per seat only the binaural responses are rendered and transformed,
/// then per (mode, signal) a multiply-add over drivers and one inverse FFT per ear.
///
/// Two transform lengths: the noise signals' ear signals are read over their first `n` samples,
/// which only the first `n` samples of each BRIR reach, so they use a short transform of the
/// truncated BRIRs (exactly the same samples); the centre path's impulse response uses the whole BRIR.
public struct SeatEvaluator: Sendable {
    public let room: Study.RoomEntry
    public let modes: [ChainMode]
    let signals: StudySignals
    let renderer: BinauralRenderer
    let deviceSources: [PreparedSource], referenceSources: [PreparedSource]
    let brirLength: Int
    /// Transform lengths of the noise signals and of the centre path.
    let noiseSize: Int, impulseSize: Int
    /// spectra[mode][kind][speaker]: the feed's spectrum (noise or impulse length), nil for a silent
    /// feed or an unused signal.
    let spectra: [ChainMode: [[[Double]?]?]]
    /// Directivity factor of each mode's centre path (500 Hz–2 kHz).
    public let directivityFactor: [ChainMode: Double]

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
        let noiseSize = FFTSize.fast(atLeast: 2 * signals.noiseLength),
            impulseSize = BinauralRoomParameters.transformSize(
                length: signals.impulseLength + brirLength, sampleRate: room.options.sampleRate)
        (self.noiseSize, self.impulseSize) = (noiseSize, impulseSize)
        spectra = signals.feeds.mapValues { kinds in
            kinds.enumerated().map { kind, feeds in
                let fft = RealFFT.plan(size: kind == StudySignals.Kind.centreImpulse.rawValue ? impulseSize : noiseSize)
                return feeds?.map { feed in feed.contains { $0 != 0 } ? fft.forward(feed) : nil }
            }
        }
        let frequencies = FrequencyBands.thirdOctaves(from: 500, to: 2000).map(\.centre)
        directivityFactor = Dictionary(
            uniqueKeysWithValues: signals.feeds.keys.map { mode in
                (
                    mode,
                    ArrayDirectivity.directivityFactor(
                        device: mode == .reference ? room.reference : room.device,
                        feeds: signals.feeds[mode]![StudySignals.Kind.centreImpulse.rawValue]!,
                        sampleRate: signals.processor.sampleRate,
                        speedOfSound: room.room.atmosphere.speedOfSound, frequencies: frequencies)
                )
            })
    }

    /// One speaker's BRIR spectra: whole (impulse length) and its early part up to the localization
    /// window (noise length).
    struct SpeakerSpectra {
        var whole: (left: [Double], right: [Double])
        var early: (left: [Double], right: [Double])
    }

    /// `response` up to `end` samples, the last 2 ms faded out with a half Hann window.
    static func faded(_ response: [Double], end: Int, sampleRate: Double) -> [Double] {
        let end = min(end, response.count), fade = min(end, Int(0.002 * sampleRate))
        var out = Array(response.prefix(end))
        for i in 0..<fade { out[end - fade + i] *= 0.5 * (1 + cos(Double.pi * Double(i + 1) / Double(fade))) }
        return out
    }

    /// The metrics of every study mode (in `modes` order) at `pose`.
    public func evaluate(_ pose: ListenerPose) -> [SeatMetrics] {
        let seat = SeatSpectra(evaluator: self, pose: pose)
        let referenceImpulse = seat.earSpectra(.reference, .centreImpulse)
        let referenceLevels = seat.colorationLevels(referenceImpulse)
        return modes.map { mode in
            metrics(mode, at: seat, referenceImpulse: referenceImpulse, referenceLevels: referenceLevels)
        }
    }

    /// The metrics of `mode` at one seat (the reference pair's centre impulse spectra and band
    /// levels shared by every mode).
    private func metrics(
        _ mode: ChainMode, at seat: SeatSpectra, referenceImpulse: (left: [Double], right: [Double]),
        referenceLevels: [Double]
    ) -> SeatMetrics {
        let fs = seat.sampleRate
        let hardLeft = seat.noise(mode, .hardLeft)
        let hardRight = seat.noise(mode, .hardRight)
        let centre = seat.noise(mode, .centre)
        let separationLeft = seat.optionalNoise(mode, .separationLeft) ?? hardLeft
        let separationRight = seat.optionalNoise(mode, .separationRight) ?? hardRight
        let mirrored = EarSignals(left: separationRight.right, right: separationRight.left, sampleRate: fs)
        let impulseSpectra = mode == .reference ? referenceImpulse : seat.earSpectra(mode, .centreImpulse)
        var centrePath = BinauralRoomParameters(
            leftSpectrum: impulseSpectra.left, rightSpectrum: impulseSpectra.right, fftSize: impulseSize,
            length: signals.impulseLength + brirLength, sampleRate: fs)
        if room.room.isFreeField {
            // No room, no reverberation: what follows the direct sound is the chain's and the
            // head's own ringing, not a room parameter.
            (centrePath.t30Seconds, centrePath.c80DB, centrePath.drrDB) = (nil, nil, nil)
        }
        let q = directivityFactor[mode] ?? 1
        let model = signals.lateralization
        let deviceLateral = seat.pose.lateralAngleDegrees(of: room.device.position)
        var metrics = SeatMetrics()
        metrics[.width] = StereoImage.widthDegrees(hardLeft: hardLeft, hardRight: hardRight, model: model)
        metrics[.centerError] = StereoImage.centreErrorDegrees(
            centre: centre, deviceLateralDegrees: deviceLateral, model: model)
        metrics[.separation] = (StereoImage.separationDB(separationLeft) + StereoImage.separationDB(mirrored)) / 2
        metrics[.iaccE3] = centrePath.iaccE3
        metrics[.iaccL3] = centrePath.iaccL3
        metrics[.coherence] = SpectralCoherence.meanThirdOctave(
            left: impulseSpectra.left, right: impulseSpectra.right, fftSize: impulseSize, sampleRate: fs)
        metrics[.drr] = centrePath.drrDB
        metrics[.criticalDistance] = centrePath.t30Seconds.map {
            CriticalDistance.theory(directivityFactor: q, volume: room.room.volume, reverberationTime: $0)
        }
        metrics[.coloration] =
            mode == .reference
            ? 0 : Coloration.deviationDB(seat.colorationLevels(impulseSpectra), reference: referenceLevels)
        metrics[.t30] = centrePath.t30Seconds
        metrics[.c80] = centrePath.c80DB
        return metrics
    }
}

/// One seat's speaker spectra and the ear signals of every (mode, test signal) through them.
private struct SeatSpectra {
    let evaluator: SeatEvaluator
    let pose: ListenerPose
    let long: RealFFT, short: RealFFT
    let device: [SeatEvaluator.SpeakerSpectra], reference: [SeatEvaluator.SpeakerSpectra]
    var sampleRate: Double { evaluator.signals.processor.sampleRate }

    /// Renders and transforms the BRIRs of the device's drivers (when a device mode is evaluated) and
    /// of the reference pair at `pose`.
    init(evaluator: SeatEvaluator, pose: ListenerPose) {
        self.evaluator = evaluator
        self.pose = pose
        long = RealFFT.plan(size: evaluator.impulseSize)
        short = RealFFT.plan(size: evaluator.noiseSize)
        let usesDevice = evaluator.modes.contains { $0 != .reference }
        device = usesDevice ? SeatSpectra.transformed(evaluator.deviceSources, evaluator, pose, long, short) : []
        reference = SeatSpectra.transformed(evaluator.referenceSources, evaluator, pose, long, short)
    }

    /// Each source's BRIR at `pose`, whole (impulse length) and up to the localization window.
    private static func transformed(
        _ sources: [PreparedSource], _ evaluator: SeatEvaluator, _ pose: ListenerPose, _ long: RealFFT, _ short: RealFFT
    ) -> [SeatEvaluator.SpeakerSpectra] {
        let n = evaluator.signals.noiseLength
        let fs = evaluator.signals.processor.sampleRate
        let speedOfSound = evaluator.room.room.atmosphere.speedOfSound
        return sources.map { source in
            let brir = evaluator.renderer.render(source, listener: pose)
            let direct = (source.source.position - pose.position).length / speedOfSound
            let early = min(n, Int(((direct + evaluator.signals.localizationWindow) * fs).rounded(.up)))
            return SeatEvaluator.SpeakerSpectra(
                whole: (long.forward(brir.left), long.forward(brir.right)),
                early: (
                    short.forward(SeatEvaluator.faded(brir.left, end: early, sampleRate: fs)),
                    short.forward(SeatEvaluator.faded(brir.right, end: early, sampleRate: fs))
                ))
        }
    }

    /// Σ_d feed_d ⊛ BRIR_d per ear as spectra: noise signals through the early BRIRs, the impulse
    /// through the whole ones; nil when the mode does not use that signal.
    func optionalEarSpectra(_ mode: ChainMode, _ kind: StudySignals.Kind) -> (left: [Double], right: [Double])? {
        guard let kinds = evaluator.spectra[mode], let feeds = kinds[kind.rawValue] else { return nil }
        let whole = kind == .centreImpulse
        let speakers = mode == .reference ? reference : device
        return SeatResponses.mix(
            feeds, through: speakers.map { whole ? $0.whole : $0.early }, bins: (whole ? long : short).binCount)
    }

    /// The ear spectra of a signal every mode uses.
    func earSpectra(_ mode: ChainMode, _ kind: StudySignals.Kind) -> (left: [Double], right: [Double]) {
        guard let spectra = optionalEarSpectra(mode, kind) else { preconditionFailure("\(mode) has no \(kind) feeds") }
        return spectra
    }

    /// The ear signals of a noise signal after the chain's start-up; nil when the mode does not use it.
    func optionalNoise(_ mode: ChainMode, _ kind: StudySignals.Kind) -> EarSignals? {
        let signals = evaluator.signals
        return optionalEarSpectra(mode, kind).map {
            EarSignals(
                left: Array(short.inverse($0.left)[signals.skip..<signals.noiseLength]),
                right: Array(short.inverse($0.right)[signals.skip..<signals.noiseLength]), sampleRate: sampleRate)
        }
    }

    /// The ear signals of a noise signal every mode uses.
    func noise(_ mode: ChainMode, _ kind: StudySignals.Kind) -> EarSignals {
        guard let ears = optionalNoise(mode, kind) else { preconditionFailure("\(mode) has no \(kind) feeds") }
        return ears
    }

    /// Third-octave levels of the summed ears for coloration.
    func colorationLevels(_ s: (left: [Double], right: [Double])) -> [Double] {
        Coloration.bandLevelsDB(spectra: [s.left, s.right], fftSize: evaluator.impulseSize, sampleRate: sampleRate)
    }
}
