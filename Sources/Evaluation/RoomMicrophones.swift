import Binaural
import Foundation
import RoomAcoustics
import RoomMetrics
import SoundstageDSP
import SpatialChain

/// The room metrics a sweep reads with microphones at the listener's position instead of the head:
/// an omni and figure-of-eights along the listener's front and ear axes (``FirstOrderResponse``).
///
/// - DRR with the exact direct sound: the simulator's direct arrival is rendered apart, so
///   nothing of a reflection 1.2 ms later counts as direct (a ±2.5 ms window would).
/// - J_LF (ISO 3382-1) and the strongest early reflection, summed over the hard-left, hard-right and
///   centre signals: what the chain sends toward the walls, which a centre beam with side nulls is
///   meant to keep down and a crosstalk canceller may raise.
///
/// Everything is read below 2.9 kHz, so the microphones are rendered at a reduced rate (the largest
/// integer fraction of the simulation rate ≥ 6 kHz), with the chain's feeds decimated to it.
struct RoomMicrophones: Sendable {
    /// The reduced sample rate and the decimation factor.
    let sampleRate: Double, decimation: Int
    let renderer: ImpulseResponseRenderer
    /// Seconds of early response kept after t = 0 (the direct sounds arrive within 0.1 s).
    let earlySeconds: Double
    /// Transform lengths at the reduced rate: early responses and whole centre responses.
    let earlySize: Int, wholeSize: Int
    /// Feed spectra at the reduced rate: early[mode][kind][speaker] and whole[mode][speaker] (centre).
    let early: [ChainMode: [[[Double]?]?]]
    let whole: [ChainMode: [[Double]?]]
    /// Band weights per bin: ISO's J_LF octaves 125 Hz–1 kHz, and the 500 Hz–2 kHz octaves of DRR and
    /// the early reflection, at the early and the whole length.
    let lateralBand: [Double], midBand: [Double], midBandWhole: [Double]

    /// The lowest reduced rate, Hz: the 2 kHz octave ends at 2.83 kHz.
    static let minimumRate = 6000.0

    init(feeds: [ChainMode: [[[Double]]?]], impulseLength: Int, duration: Double, sampleRate fs: Double) {
        decimation = max(1, Int(fs / RoomMicrophones.minimumRate))
        sampleRate = fs / Double(decimation)
        renderer = ImpulseResponseRenderer(sampleRate: sampleRate)
        earlySeconds = min(duration, 0.1 + LateralEnergyFraction.end + 0.02)
        let feedLength = impulseLength / decimation + 1
        earlySize = FFTSize.fast(atLeast: feedLength + Int((earlySeconds * sampleRate).rounded(.up)) + 1)
        wholeSize = FFTSize.fast(atLeast: feedLength + Int((duration * sampleRate).rounded(.up)) + 2)
        let decimator = Decimator(factor: decimation, length: impulseLength)
        let (earlyFFT, wholeFFT) = (RealFFT.plan(size: earlySize), RealFFT.plan(size: wholeSize))
        func transformed(_ feeds: [[Double]], _ fft: RealFFT) -> [[Double]?] {
            feeds.map { feed in feed.contains { $0 != 0 } ? fft.forward(decimator.decimate(feed)) : nil }
        }
        early = feeds.mapValues { kinds in kinds.map { $0.map { transformed($0, earlyFFT) } } }
        whole = feeds.compactMapValues { kinds in
            kinds[StudySignals.Kind.centre.rawValue].map { transformed($0, wholeFFT) }
        }
        let rate = sampleRate
        func band(_ labels: [String], size: Int) -> [Double] {
            let bank = RoomParameterAnalysis.analysisBank
            let indices = labels.compactMap { label in bank.bands.firstIndex { $0.label == label } }
            return (0...(size / 2)).map { k in
                indices.reduce(0) { $0 + bank.gain(band: $1, frequency: Double(k) * rate / Double(size)) }
            }
        }
        lateralBand = band(["125", "250", "500", "1000"], size: earlySize)
        midBand = band(BinauralRoomParameters.octaveLabels, size: earlySize)
        midBandWhole = band(BinauralRoomParameters.octaveLabels, size: wholeSize)
    }

    /// One source's microphone spectra at a seat.
    struct SourceSpectra {
        /// Early spectra: direct (omni), room (omni), room along the front and left axes.
        var direct: [Double], room: [Double], front: [Double], left: [Double]
        /// Whole-length spectra of the direct sound and of the room's part (omni).
        var wholeDirect: [Double], wholeRoom: [Double]
        /// Distance from the source to the listener, m.
        var distance: Double
    }

    /// Renders and transforms the microphones' responses to `source` at `pose`.
    func spectra(
        _ source: PreparedSource, arrivals: ArrivalSet, tailStart: Double?, pose: ListenerPose, simulator: RoomSimulator
    ) -> SourceSpectra {
        let front = Vector3(cos(pose.yawRadians), sin(pose.yawRadians), 0)
        let left = Vector3(-sin(pose.yawRadians), cos(pose.yawRadians), 0)
        let response = simulator.firstOrderResponse(
            source, arrivals: arrivals, tailStart: tailStart, axes: [front, left], earlySeconds: earlySeconds,
            renderer: renderer)
        let (e, w) = (RealFFT.plan(size: earlySize), RealFFT.plan(size: wholeSize))
        return SourceSpectra(
            direct: e.forward(response.direct), room: e.forward(Array(response.reverberant.prefix(response.early))),
            front: e.forward(response.reflectionsAlong[0]), left: e.forward(response.reflectionsAlong[1]),
            wholeDirect: w.forward(response.direct), wholeRoom: w.forward(response.reverberant),
            distance: (source.source.position - pose.position).length)
    }

    /// What one test signal adds to the J_LF and early-reflection sums: its window energies, and its
    /// band signals with the direct sound's onset.
    struct SignalPart {
        var lateral: (lateral: Double, omni: Double)
        var reflection: (direct: [Double], room: [Double], front: [Double], left: [Double], onset: Int)
    }

    /// One test signal's part through `mode` and `speakers` (its sources' spectra at this seat); nil
    /// when the mode does not send that signal.
    func signalPart(_ mode: ChainMode, _ kind: StudySignals.Kind, speakers: [SourceSpectra]) -> SignalPart? {
        guard let feeds = early[mode]?[kind.rawValue] else { return nil }
        let fft = RealFFT.plan(size: earlySize)
        let direct = mix(feeds, speakers.map(\.direct), bins: fft.binCount)
        let room = mix(feeds, speakers.map(\.room), bins: fft.binCount)
        let roomLeft = mix(feeds, speakers.map(\.left), bins: fft.binCount)
        let roomFront = mix(feeds, speakers.map(\.front), bins: fft.binCount)
        // J_LF: omni (direct + room) 0–80 ms, and the room's part along the ears 5–80 ms. ISO's
        // figure-of-eight also hears the direct sound after 5 ms, which an impulsive source does not
        // have; a chain's filters ring longer, and their lateral gradient at the head (what a crosstalk
        // canceller makes) is not a reflection.
        let lateralDirect = fft.inverse(weighted(direct, lateralBand))
        let onset = ImpulseOnset.index(of: lateralDirect) ?? 0
        let energies = LateralEnergyFraction.windowEnergies(
            omni: fft.inverse(weighted(sum(direct, room), lateralBand)),
            lateral: fft.inverse(weighted(roomLeft, lateralBand)), onset: onset, sampleRate: sampleRate)
        // The strongest reflection, 500 Hz–2 kHz.
        let midDirect = fft.inverse(weighted(direct, midBand))
        return SignalPart(
            lateral: energies,
            reflection: (
                midDirect, fft.inverse(weighted(room, midBand)), fft.inverse(weighted(roomFront, midBand)),
                fft.inverse(weighted(roomLeft, midBand)), ImpulseOnset.index(of: midDirect) ?? 0
            ))
    }

    /// The microphone metrics of `mode` from its test signals' parts (hard left, hard right, centre, in
    /// that order) and, for DRR, its `speakers` (their sources' spectra at this seat).
    func metrics(
        _ mode: ChainMode, signals: [SignalPart], speakers: [SourceSpectra], into metrics: inout SeatMetrics,
        freeField: Bool
    ) {
        var lateral = (lateral: 0.0, omni: 0.0)
        var reflection = EarlyReflection.Accumulator(sampleRate: sampleRate)
        for part in signals {
            lateral.lateral += part.lateral.lateral
            lateral.omni += part.lateral.omni
            let r = part.reflection
            reflection.add(direct: r.direct, room: r.room, front: r.front, left: r.left, onset: r.onset)
        }
        metrics[.lateralFraction] = lateral.omni > 0 ? lateral.lateral / lateral.omni : nil
        let strongest = freeField ? nil : reflection.strongest
        metrics[.earlyReflection] = strongest?.levelDB
        metrics[.earlyReflectionAzimuth] = strongest?.azimuthDegrees
        guard let feeds = whole[mode] else { return }
        let bins = wholeSize / 2 + 1
        let directEnergy = bandEnergy(mix(feeds, speakers.map(\.wholeDirect), bins: bins), midBandWhole)
        let roomEnergy = bandEnergy(mix(feeds, speakers.map(\.wholeRoom), bins: bins), midBandWhole)
        metrics[.drr] = !freeField && directEnergy > 0 && roomEnergy > 0 ? 10 * log10(directEnergy / roomEnergy) : nil
        // The distance at which one source would give this direct energy: with every source's direct
        // energy w_d/r_d², r = (Σ w_d / Σ w_d/r_d²)^(1/2) (the speakers of a pair, each at its own distance).
        var weights = 0.0, weightedInverseSquares = 0.0
        for (feed, speaker) in zip(feeds, speakers) {
            guard let feed else { continue }
            let w = bandEnergy(feed, midBandWhole)
            weights += w
            weightedInverseSquares += w / (speaker.distance * speaker.distance)
        }
        metrics[.sourceDistance] = weightedInverseSquares > 0 ? (weights / weightedInverseSquares).squareRoot() : nil
    }

    /// Σ_d feed_d·response_d over bins.
    private func mix(_ feeds: [[Double]?], _ responses: [[Double]], bins: Int) -> [Double] {
        var out = [Double](repeating: 0, count: 2 * bins)
        for (feed, response) in zip(feeds, responses) {
            guard let feed else { continue }
            out.withUnsafeMutableBufferPointer { o in
                feed.withUnsafeBufferPointer { f in
                    response.withUnsafeBufferPointer { r in
                        guard let op = o.baseAddress, let fp = f.baseAddress, let rp = r.baseAddress else { return }
                        ComplexArithmetic.multiplyAdd(op, fp, rp, bins: bins)
                    }
                }
            }
        }
        return out
    }

    private func sum(_ a: [Double], _ b: [Double]) -> [Double] { zip(a, b).map { $0 + $1 } }

    /// `spectrum` with each bin scaled by `weights`.
    private func weighted(_ spectrum: [Double], _ weights: [Double]) -> [Double] {
        var out = spectrum
        for k in weights.indices {
            out[2 * k] *= weights[k]
            out[2 * k + 1] *= weights[k]
        }
        return out
    }

    /// Σ_k w_k²·|X_k|²: the energy of the band-limited signal up to a constant common to equal sizes.
    private func bandEnergy(_ spectrum: [Double], _ weights: [Double]) -> Double {
        var energy = 0.0
        for k in weights.indices {
            energy +=
                weights[k] * weights[k]
                * (spectrum[2 * k] * spectrum[2 * k] + spectrum[2 * k + 1] * spectrum[2 * k + 1])
        }
        return energy
    }
}

/// Decimation of short signals by an integer factor through the spectrum: the bins below 0.45 of the
/// new rate kept, a raised-cosine taper to 0.5, the rest dropped (exact for band-limited content).
struct Decimator: Sendable {
    let factor: Int, size: Int

    init(factor: Int, length: Int) {
        self.factor = factor
        size = factor * FFTSize.fast(atLeast: (length + factor - 1) / factor + 1)
    }

    func decimate(_ x: [Double]) -> [Double] {
        guard factor > 1 else { return x }
        let spectrum = RealFFT.plan(size: size).forward(x)
        let small = RealFFT.plan(size: size / factor)
        var bins = [Double](repeating: 0, count: 2 * small.binCount)
        let edge = Double(small.binCount - 1), pass = 0.9 * edge
        for k in 0..<(small.binCount - 1) {
            let f = Double(k)
            let g = f <= pass ? 1 : 0.5 * (1 + cos(Double.pi * (f - pass) / (edge - pass)))
            bins[2 * k] = spectrum[2 * k] * g / Double(factor)
            bins[2 * k + 1] = spectrum[2 * k + 1] * g / Double(factor)
        }
        return Array(small.inverse(bins).prefix((x.count + factor - 1) / factor))
    }
}
