import Foundation
import SoundstageDSP

/// What microphones at the listener's position (no head) pick up from one source: omni pressure with
/// the direct sound apart from everything the room adds, and figure-of-eight microphones along given
/// axes for the early reflections: the inputs of the ISO 3382-1 quantities that need the exact direct
/// sound or the direction of arrival (DRR, lateral energy fraction, the strongest early reflection).
///
/// Rendered like ``RoomSimulator/impulseResponse(_:receiver:jobs:)`` (fractional-delay impulses per
/// octave band, the scattered field and the late tail) at a sample rate of the caller's choice: these
/// quantities are read below 3 kHz, so a sixth or an eighth of the simulation rate does the same work
/// with that much fewer samples.
public struct FirstOrderResponse: Sendable {
    /// Samples per second.
    public let sampleRate: Double
    /// The direct sound alone (omni), ``early`` samples.
    public var direct: [Double]
    /// Everything the room adds (reflections, scattered field, late tail), omni, the simulation's length.
    public var reverberant: [Double]
    /// Per axis, the reflections seen by a figure-of-eight microphone along it (gain cos θ to the
    /// axis), ``early`` samples (the direct sound's share would be ``direct`` times its cosine).
    public var reflectionsAlong: [[Double]]
    /// Samples of the early parts.
    public var early: Int { direct.count }
}

extension RoomSimulator {
    /// The first-order response of `prepared` from its `arrivals` (with directions) at `sampleRate`
    /// (through `renderer`, whose rate it must be): the omni responses, and figure-of-eight responses
    /// along each of `axes` (unit vectors, room frame) for the first `earlySeconds`.
    public func firstOrderResponse(
        _ prepared: PreparedSource, arrivals: ArrivalSet, tailStart: Double?, axes: [Vector3], earlySeconds: Double,
        renderer: ImpulseResponseRenderer
    ) -> FirstOrderResponse {
        precondition(arrivals.incidences.count == arrivals.count, "the arrivals need their directions")
        let fs = renderer.sampleRate
        let length = Int((duration * fs).rounded(.up)) + 1, early = min(length, Int((earlySeconds * fs).rounded(.up)))
        let isDirect = (0..<arrivals.count).map { arrivals.orders[$0] == 0 }
        let directSet = arrivals.filtered { isDirect[$0] }, reflections = arrivals.filtered { !isDirect[$0] }
        let scattered = scatteredEnergy(prepared, arrivals, tailStart: tailStart, sampleRate: fs, length: length)
        let diffuse = scattered.map {
            ScatteredField.noise(
                $0, seed: options.seed, stream: ScatteredField.monoStream, bank: renderer.bank, sampleRate: fs)[0]
        }
        var reverberant = renderer.render(reflections, length: length, diffuse: diffuse)
        if let tail = prepared.tail, let start = tailStart {
            let late = tail.continuing(arrivals, from: start, scattered: scattered.map { ($0, fs) }).synthesize(
                length: length, sampleRate: fs, bank: renderer.bank, seed: options.seed, stream: 0)[0]
            for n in 0..<length { reverberant[n] += late[n] }
        }
        let earlyReflections = reflections.filtered { reflections.delays[$0] < earlySeconds }
        let along = axes.map { axis in
            renderer.render(earlyReflections.weighted { earlyReflections.incidences[$0].dot(axis) }, length: early)
        }
        return FirstOrderResponse(
            sampleRate: fs, direct: renderer.render(directSet, length: early), reverberant: reverberant,
            reflectionsAlong: along)
    }
}

extension ArrivalSet {
    /// The arrivals at the indices where `keep` holds.
    func filtered(_ keep: (Int) -> Bool) -> ArrivalSet {
        let kept = (0..<count).filter(keep)
        var out = ArrivalSet(bandCount: bandCount)
        out.delays = kept.map { delays[$0] }
        out.orders = kept.map { orders[$0] }
        if !departures.isEmpty { out.departures = kept.map { departures[$0] } }
        if !incidences.isEmpty { out.incidences = kept.map { incidences[$0] } }
        let bands = bandCount
        out.gains = [Double](unsafeUninitializedCapacity: kept.count * bands) { target, initialized in
            gains.withUnsafeBufferPointer { source in
                for (j, i) in kept.enumerated() {
                    (target.address + j &* bands).initialize(from: source.address + i &* bands, count: bands)
                }
            }
            initialized = kept.count * bands
        }
        return out
    }

    /// These arrivals with every gain of arrival i multiplied by `weight(i)`.
    func weighted(_ weight: (Int) -> Double) -> ArrivalSet {
        var out = self
        for i in 0..<count {
            let w = weight(i)
            for b in 0..<bandCount { out.gains[i * bandCount + b] *= w }
        }
        return out
    }
}
