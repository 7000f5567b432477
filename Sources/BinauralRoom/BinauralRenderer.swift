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
    /// exactly what the room adds.
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
        var exact: (left: [Double], right: [Double])
        var direct: (left: [Double], right: [Double])
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
        var exactLeft = [Double](repeating: 0, count: length), exactRight = exactLeft
        var directLeft = exactLeft, directRight = exactLeft
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
                    direction: direction, delay: arrivals.delays[i], bandGains: roomGains,
                    left: &directLeft, right: &directRight, sampleRate: fs)
                continue
            }
            if Int(arrivals.orders[i]) <= exactOrder {
                addExact(
                    direction: direction, delay: arrivals.delays[i], bandGains: roomGains,
                    left: &exactLeft, right: &exactRight, sampleRate: fs)
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
            sets: (leftSet, rightSet), exact: (exactLeft, exactRight), direct: (directLeft, directRight),
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
        var (directLeft, directRight) = parts.direct
        for n in 0..<length {
            left[n] += parts.exact.left[n] + directLeft[n]
            right[n] += parts.exact.right[n] + directRight[n]
        }
        if let (tl, tr) = tail {
            for n in 0..<length {
                left[n] += tl[n]
                right[n] += tr[n]
            }
        }
        if let corner = simulator.options.highPassHz {
            let filter = Biquad.highPass(frequency: corner, sampleRate: fs)
            (left, right) = (filter.process(left), filter.process(right))
            (directLeft, directRight) = (filter.process(directLeft), filter.process(directRight))
        }
        return (
            EarSignals(left: left, right: right, sampleRate: fs),
            EarSignals(left: directLeft, right: directRight, sampleRate: fs)
        )
    }

    /// Adds one arrival through the head's full transfer function, shaped by its band gains.
    private func addExact(
        direction: Vector3, delay: Double, bandGains: [Double],
        left: inout [Double], right: inout [Double], sampleRate fs: Double
    ) {
        let n = BinauralRenderer.exactFFTSize
        let lead = Int((HRIR.leadSeconds * fs).rounded())
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
                guard index >= 0 && index < left.count else { continue }
                if ear == 0 { left[index] += h[i] } else { right[index] += h[i] }
            }
        }
    }
}
