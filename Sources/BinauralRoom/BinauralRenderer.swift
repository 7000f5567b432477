import Binaural
import Foundation
import Numerics
import RoomAcoustics
import SoundstageDSP

/// Binaural room impulse responses: every arrival of the room simulation reaches each ear through
/// the head.
///
/// - Arrivals of order ≤ ``exactOrder`` (by default the direct sound; 1 adds the first-order
///   reflections at about 1.5 ms more per driver and seat) get the head's full transfer function for
///   their direction — the measured HRIR for a SOFA head — shaped by the arrival's band gains
///   (synthesized on a 512-point FFT grid and added at the arrival time).
/// - Later arrivals get the tabulated octave-band gains and per-ear delays of their direction
///   (``HeadResponseTable``), rendered like room arrivals.
/// - The late tail is two independent seeded realizations A and B, scaled by the head's diffuse-field
///   power per band; the left ear gets A and the right ear γ(f)·A + √(1 − γ²)·B with γ the head's
///   diffuse-field coherence, so the ears' late coherence is the head's. The noise is made once per
///   room (``BinauralTailNoise``) and each source's tail is its level per band from its start.
///
/// Times: the head centre hears an arrival at its room delay; each ear adds its own delay.
public struct BinauralRenderer: Sendable {
    public let simulator: RoomSimulator
    public let table: HeadResponseTable
    /// Highest reflection order rendered with the full head transfer function.
    public var exactOrder: Int
    static let exactFFTSize = 512

    /// The room's late-tail noise at the ears, shared by every source and seat (nil without a tail).
    let tailNoise: BinauralTailNoise?

    public init(simulator: RoomSimulator, table: HeadResponseTable, exactOrder: Int = 0) {
        self.simulator = simulator
        self.table = table
        self.exactOrder = exactOrder
        let room = simulator.room
        tailNoise =
            simulator.options.lateTail && !room.isFreeField
            ? BinauralTailNoise(
                simulator: simulator, table: table,
                decayRates: LateReverberation(
                    room: room, startTime: 0, bandCount: table.bandCount,
                    airAbsorption: simulator.options.airAbsorption, meanSquareDirectivity: [1]
                ).decayRates) : nil
    }

    /// The two ears' impulse responses for `prepared` (a source) heard by `listener`.
    public func render(_ prepared: PreparedSource, listener: ListenerPose) -> EarSignals {
        renderSplit(prepared, listener: listener).whole
    }

    /// The two ears' impulse responses for `prepared` heard by `listener`, and the part of them that is
    /// the direct sound (order 0, rendered exactly and high-passed like the whole): `whole − direct` is
    /// exactly what the room adds. The direct sound's ears end where the head's response of the direct
    /// sound ends (512 samples from HRIR.leadSeconds before its arrival; the whole response's length when
    /// high-passed): the rest of the whole length is zero.
    public func renderSplit(
        _ prepared: PreparedSource, listener: ListenerPose
    ) -> (whole: EarSignals, direct: EarSignals) {
        let (arrivals, tailStart) = simulator.arrivals(prepared, receiver: listener.position, withDirections: true)
        return renderSplit(prepared, listener: listener, arrivals: arrivals, tailStart: tailStart)
    }

    /// ``renderSplit(_:listener:)`` from the source's `arrivals` at the listener (with directions) and
    /// the tail's start, for callers that read the arrivals for more than the ears.
    public func renderSplit(
        _ prepared: PreparedSource, listener: ListenerPose, arrivals: ArrivalSet, tailStart: Double?
    ) -> (whole: EarSignals, direct: EarSignals) {
        renderSplit([(prepared, arrivals, tailStart)], listener: listener)[0]
    }

    /// ``renderSplit(_:listener:arrivals:tailStart:)`` for several sources heard by one listener (a seat's
    /// drivers), their late tails rendered in one pass over the room's tail noise. Each source's ears are
    /// what it alone gives.
    public func renderSplit(
        _ sources: [(prepared: PreparedSource, arrivals: ArrivalSet, tailStart: Double?)], listener: ListenerPose
    ) -> [(whole: EarSignals, direct: EarSignals)] {
        let parts = sources.map {
            sourceParts($0.prepared, listener: listener, arrivals: $0.arrivals, tailStart: $0.tailStart)
        }
        let tailed = parts.indices.filter { parts[$0].tail != nil }
        var tails = [(left: [Double], right: [Double])?](repeating: nil, count: parts.count)
        if !tailed.isEmpty {
            guard let tailNoise else { preconditionFailure("a tail without the room's tail noise") }
            let ears = tailNoise.render(tailed.compactMap { parts[$0].tail }, length: simulator.length)
            for (i, index) in tailed.enumerated() { tails[index] = ears[i] }
        }
        return parts.indices.map { assemble(parts[$0], tail: tails[$0]) }
    }

    /// One source's ears before assembly: the tabulated arrivals per ear, the exactly rendered ones, the
    /// direct sound, the scattered field and the late tail's parameters.
    private struct Parts {
        var sets: (left: ArrivalSet, right: ArrivalSet)
        var exact: EarSpan
        var direct: EarSpan
        var diffuse: (left: BandTrains, right: BandTrains)?
        var tail: LateReverberation?
    }

    private func sourceParts(
        _ prepared: PreparedSource, listener: ListenerPose, arrivals: ArrivalSet, tailStart: Double?
    ) -> Parts {
        let fs = simulator.options.sampleRate
        let length = simulator.length
        let bands = table.bandCount
        var leftSet = ArrivalSet(bandCount: bands), rightSet = ArrivalSet(bandCount: bands)
        var direct = EarSpan(
            covering: (0..<arrivals.count).filter { arrivals.orders[$0] == 0 }.map { arrivals.delays[$0] },
            sampleRate: fs, length: length)
        var exact = EarSpan(
            covering: (0..<arrivals.count).filter { arrivals.orders[$0] > 0 && Int(arrivals.orders[$0]) <= exactOrder }
                .map { arrivals.delays[$0] }, sampleRate: fs, length: length)
        var roomGains = [Double](repeating: 0, count: bands)
        var headGains = [Double](repeating: 0, count: 2 * bands)
        var earGains = [Double](repeating: 0, count: bands)
        for i in 0..<arrivals.count {
            for b in 0..<bands {
                roomGains[b] = arrivals.gains[i * arrivals.bandCount + min(b, arrivals.bandCount - 1)]
            }
            let direction = listener.toHead(arrivals.incidences[i])
            if arrivals.orders[i] == 0 {
                addExact(
                    direction: direction, delay: arrivals.delays[i], bandGains: roomGains, into: &direct, sampleRate: fs
                )
                continue
            }
            if Int(arrivals.orders[i]) <= exactOrder {
                addExact(
                    direction: direction, delay: arrivals.delays[i], bandGains: roomGains, into: &exact, sampleRate: fs)
                continue
            }
            let (dl, dr) = headGains.withUnsafeMutableBufferPointer {
                table.lookup(direction, gainsInto: $0.address)
            }
            let order = Int(arrivals.orders[i])
            for b in 0..<bands { earGains[b] = roomGains[b] * headGains[b] }
            earGains.withUnsafeBufferPointer {
                leftSet.append(
                    delay: max(0, arrivals.delays[i] + dl), gains: $0, order: order, departure: nil, incidence: nil)
            }
            for b in 0..<bands { earGains[b] = roomGains[b] * headGains[bands + b] }
            earGains.withUnsafeBufferPointer {
                rightSet.append(
                    delay: max(0, arrivals.delays[i] + dr), gains: $0, order: order, departure: nil, incidence: nil)
            }
        }
        let scattered = simulator.scatteredEnergy(prepared, arrivals, tailStart: tailStart)
        return Parts(
            sets: (leftSet, rightSet), exact: exact, direct: direct,
            diffuse: scattered.map(diffuseEars),
            tail: prepared.tail.flatMap { tail in
                tailStart.map { tail.continuing(arrivals, from: $0, scattered: scattered.map { ($0, fs) }) }
            })
    }

    /// The scattered field at the two ears: its energy (room bands, spread over the head's bands when
    /// broadband) as seeded noise with the head's diffuse-field power per ear and its diffuse-field
    /// coherence between the ears at each band's centre.
    private func diffuseEars(_ energy: BandTrains) -> (left: BandTrains, right: BandTrains) {
        let bands = table.bandCount
        var perBand = energy
        if energy.bandCount != bands {
            perBand = BandTrains(bandCount: bands, length: energy.length)
            for b in 0..<bands {
                for n in 0..<energy.length { perBand.samples[b * energy.length + n] = energy.samples[n] }
            }
        }
        let ears = ScatteredField.noise(
            perBand, seed: simulator.options.seed, stream: ScatteredField.binauralStream,
            bank: simulator.renderer.bank, sampleRate: simulator.options.sampleRate,
            powers: [table.diffusePower.left, table.diffusePower.right],
            coherence: Absorption.bands.prefix(bands).map { table.diffuseCoherence(at: $0.centre) })
        return (ears[0], ears[1])
    }

    /// The ears' responses from a source's parts and its late tail at the ears (if any), high-passed
    /// when the options ask; and the direct sound alone.
    private func assemble(
        _ parts: Parts, tail: (left: [Double], right: [Double])?
    ) -> (whole: EarSignals, direct: EarSignals) {
        let fs = simulator.options.sampleRate, length = simulator.length
        var left = simulator.renderer.render(parts.sets.left, length: length, diffuse: parts.diffuse?.left)
        var right = simulator.renderer.render(parts.sets.right, length: length, diffuse: parts.diffuse?.right)
        // exact + direct, sample by sample, where either is non-zero (elsewhere both add zero).
        let (exact, direct) = (parts.exact, parts.direct)
        for n in exact.samples.covering(direct.samples) {
            left[n] += exact.left(n) + direct.left(n)
            right[n] += exact.right(n) + direct.right(n)
        }
        var (directLeft, directRight) = direct.prefix(length)
        if let (tl, tr) = tail {
            for n in 0..<length {
                left[n] += tl[n]
                right[n] += tr[n]
            }
        }
        if let corner = simulator.options.highPassHz {
            let filter = Biquad.highPass(frequency: corner, sampleRate: fs)
            (left, right) = (filter.process(left), filter.process(right))
            // The filter rings past the direct sound: its ears run to the end.
            let padding = [Double](repeating: 0, count: length - directLeft.count)
            (directLeft, directRight) = (filter.process(directLeft + padding), filter.process(directRight + padding))
        }
        return (
            EarSignals(left: left, right: right, sampleRate: fs),
            EarSignals(left: directLeft, right: directRight, sampleRate: fs)
        )
    }

    /// Adds one arrival through the head's full transfer function, shaped by its band gains.
    private func addExact(
        direction: Vector3, delay: Double, bandGains: [Double], into span: inout EarSpan, sampleRate fs: Double
    ) {
        let n = BinauralRenderer.exactFFTSize
        let lead = BinauralRenderer.exactLeadSamples(sampleRate: fs)
        let t = delay * fs
        let whole = Int(t.rounded(.down))
        let fraction = t - Double(whole)
        let spectra = HRIR.binSpectra(
            head: table.head, direction: direction, sampleRate: fs, fftSize: n,
            delaySeconds: (Double(lead) + fraction) / fs)
        let bankGains = BinGainCache.shared.gains(bank: simulator.renderer.bank, fftSize: n, sampleRate: fs)
        let fft = RealFFT.plan(size: n)
        let start = whole - lead
        let shaping = (0..<fft.binCount).map { k in
            (0..<bandGains.count).reduce(0.0) { $0 + bandGains[$1] * bankGains[$1][k] }
        }
        for (ear, bins) in [(0, spectra.left), (1, spectra.right)] {
            let h = fft.inverse(bins: (0..<fft.binCount).map { bins[$0] * Complex(shaping[$0]) })
            for i in 0..<n {
                let index = start + i
                guard index >= 0 && index < span.length else { continue }
                span.add(h[i], at: index, ear: ear)
            }
        }
    }

    /// Samples an exactly rendered arrival starts before its delay (the HRIR's lead).
    static func exactLeadSamples(sampleRate fs: Double) -> Int { Int((HRIR.leadSeconds * fs).rounded()) }
}

/// The two ears' samples of the exactly rendered arrivals of one source, held only over the samples
/// those arrivals reach (a few hundred of a response of tens of thousands): zero elsewhere.
struct EarSpan {
    /// The samples held (within 0..<length), and the response's whole length.
    let samples: Range<Int>
    let length: Int
    private var leftSamples: [Double], rightSamples: [Double]

    /// A span holding every sample that arrivals at `delays` (seconds) rendered through the head's
    /// ``BinauralRenderer/exactFFTSize``-sample responses reach, in a response of `length` samples.
    init(covering delays: [Double], sampleRate fs: Double, length: Int) {
        let lead = BinauralRenderer.exactLeadSamples(sampleRate: fs)
        let starts = delays.map { Int(($0 * fs).rounded(.down)) - lead }
        if let first = starts.min(), let last = starts.max() {
            let lower = min(length, max(0, first)), upper = min(length, last + BinauralRenderer.exactFFTSize)
            samples = lower..<max(lower, upper)
        } else {
            samples = 0..<0
        }
        self.length = length
        leftSamples = [Double](repeating: 0, count: samples.count)
        rightSamples = leftSamples
    }

    mutating func add(_ value: Double, at index: Int, ear: Int) {
        if ear == 0 {
            leftSamples[index - samples.lowerBound] += value
        } else {
            rightSamples[index - samples.lowerBound] += value
        }
    }

    func left(_ n: Int) -> Double { samples.contains(n) ? leftSamples[n - samples.lowerBound] : 0 }
    func right(_ n: Int) -> Double { samples.contains(n) ? rightSamples[n - samples.lowerBound] : 0 }

    /// The ears from sample 0 to the span's end (at most `count` samples), zero before the span.
    func prefix(_ count: Int) -> (left: [Double], right: [Double]) {
        let end = min(count, samples.upperBound)
        guard end > 0 else { return ([], []) }
        var (left, right) = ([Double](repeating: 0, count: end), [Double](repeating: 0, count: end))
        for n in samples.lowerBound..<end {
            left[n] = leftSamples[n - samples.lowerBound]
            right[n] = rightSamples[n - samples.lowerBound]
        }
        return (left, right)
    }
}

extension Range where Bound == Int {
    /// The smallest range holding both (either when the other is empty).
    func covering(_ other: Range<Int>) -> Range<Int> {
        if isEmpty { return other }
        if other.isEmpty { return self }
        return Swift.min(lowerBound, other.lowerBound)..<Swift.max(upperBound, other.upperBound)
    }
}
