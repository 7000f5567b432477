import Dispatch
import Foundation
import SoundstageDSP

/// Settings of a room simulation.
public struct SimulationOptions: Sendable, Equatable {
    /// Samples per second.
    public var sampleRate: Double = 48000
    /// Highest reflection order of exact images; nil: limited by time only (shoebox) or 8 (other rooms).
    public var maxOrder: Int? = nil
    /// Response length in seconds; nil: 1.5 × the longest Eyring RT60 over the bands, within 0.1…4 s
    /// (long enough for T30).
    public var duration: Double? = nil
    /// Where exact images hand over to the late tail, seconds; nil: three times the perceptual mixing
    /// time in shoeboxes, within 50–150 ms (75 ms in the living room), and 50 ms in other rooms (their
    /// image trees grow fast). Without a tail, images run to the end of the response.
    public var transitionTime: Double? = nil
    /// Whether to add the stochastic late tail where the exact images stop.
    public var lateTail = true
    /// Whether air absorption (ISO 9613-1) applies.
    public var airAbsorption = true
    /// Fractional-delay kernel length in taps (odd).
    public var fractionalDelayTaps = 81
    /// Maximum random displacement of images in metres (0: off), against sweeping echoes.
    public var randomDisplacement = 0.0
    /// Optional high-pass corner in Hz (second-order Butterworth, causal); nil: off.
    public var highPassHz: Double? = nil
    /// Seed of the tail noise and image displacement.
    public var seed: UInt64 = 0

    public init() {}
}

/// The image sources of one source in one room, shared by all receivers.
public struct PreparedSource: Sendable {
    enum Images: Sendable {
        case shoebox(ShoeboxImageSources)
        case polyhedral(PolyhedralImageSources)
        case freeField
    }
    public let source: SoundSource
    let images: Images
    let gainModel: ArrivalGainModel
    /// The statistical late tail (nil without one or in the free field).
    public let tail: LateReverberation?
    /// The diffuse field the scattering surfaces feed (nil when none scatters).
    public let scatteredField: ScatteredField?
    /// Highest order reported (images of order maxOrder + 1 only locate the tail's start).
    let reportedMaxOrder: Int
    /// Candidate image count (diagnostics).
    public var imageCount: Int {
        switch images {
        case .shoebox(let s): return s.count
        case .polyhedral(let p): return p.count
        case .freeField: return 1
        }
    }
}

/// Room impulse responses by the image-source method plus a statistical late tail.
///
/// Shoeboxes use the lattice (all images up to the response length unless an order is set); other
/// rooms use mirrored images with visibility tests up to ``SimulationOptions/transitionTime``, then
/// the tail. Responses are omni-receiver pressure with spreading 1/r (1 at 1 m) and t = 0 at sample 0.
public struct RoomSimulator: Sendable {
    public let room: Room
    public let options: SimulationOptions
    public let renderer: ImpulseResponseRenderer
    /// The resolved response length in seconds.
    public let duration: Double

    public init(room: Room, options: SimulationOptions = SimulationOptions()) {
        self.room = room
        self.options = options
        renderer = ImpulseResponseRenderer(
            sampleRate: options.sampleRate, fractionalDelayTaps: options.fractionalDelayTaps)
        if let d = options.duration {
            duration = d
        } else if room.isFreeField {
            duration = (room.boundsMax - room.boundsMin).length / room.atmosphere.speedOfSound + 0.02
        } else {
            let tail = LateReverberation(
                room: room, startTime: 0, bandCount: Absorption.bands.count,
                airAbsorption: options.airAbsorption, meanSquareDirectivity: [1])
            duration = min(4, max(0.1, 1.5 * (tail.reverberationTimes.max() ?? 0.5)))
        }
    }

    /// Response length in samples.
    public var length: Int { Int((duration * options.sampleRate).rounded(.up)) + 1 }

    /// Whether arrivals can be broadband (one gain for every band).
    private func bandCount(for source: SoundSource) -> Int {
        let frequencyIndependent = room.isFrequencyIndependent && !options.airAbsorption
        switch source.directivity {
        case .omni, .firstOrder: return frequencyIndependent ? 1 : Absorption.bands.count
        case .piston, .measured: return Absorption.bands.count
        }
    }

    /// Where exact images stop, seconds: the transition time with a tail, the duration without.
    public var imageTime: Double {
        guard options.lateTail else { return duration }
        let automatic =
            room.shoeboxDimensions != nil
            ? min(
                0.15, max(0.05, 3 * ReverberationTheory.mixingTime(volume: room.volume, surfaceArea: room.surfaceArea)))
            : 0.05
        return min(duration, options.transitionTime ?? automatic)
    }

    /// Default order cap of mirrored images in non-shoebox rooms (their candidate tree grows as
    /// (faces − 1)^order, so the cap keeps memory bounded; the tail takes over where orders run out).
    public static let defaultPolyhedralOrder = 8

    /// The order the image tree of a non-shoebox room is built to: the cap, and with a tail one more,
    /// so the first missing order locates the tail's start.
    public var polyhedralTreeOrder: Int {
        let order = options.maxOrder ?? RoomSimulator.defaultPolyhedralOrder
        return options.lateTail ? order + 1 : order
    }

    /// Enumerates the image sources of `source` (call once per source, reuse for every receiver).
    public func prepare(source: SoundSource) -> PreparedSource {
        let bands = bandCount(for: source)
        let c = room.atmosphere.speedOfSound
        let model = ArrivalGainModel(
            bandCount: bands, atmosphere: room.atmosphere, airAbsorption: options.airAbsorption, source: source)
        let centres = bands == 1 ? [1000.0] : Absorption.bands.map(\.centre)
        let meanSquare = centres.map { source.directivity.meanSquareGain(frequency: $0, speedOfSound: c) }
        if room.isFreeField {
            return PreparedSource(
                source: source, images: .freeField, gainModel: model, tail: nil, scatteredField: nil,
                reportedMaxOrder: 0)
        }
        let reflection = room.faces.map { face in
            bands == 1 ? [face.specularReflectionAmplitudes[0]] : face.specularReflectionAmplitudes
        }
        let tail =
            options.lateTail
            ? LateReverberation(
                room: room, startTime: imageTime, bandCount: bands, airAbsorption: options.airAbsorption,
                meanSquareDirectivity: meanSquare)
            : nil
        let scattered = ScatteredField(
            room: room, bandCount: bands, airAbsorption: options.airAbsorption, meanSquareDirectivity: meanSquare)
        if let dimensions = room.shoeboxDimensions {
            // With a tail, one order more than reported, so the first missing order locates the tail's start.
            let enumerated = options.maxOrder.map { tail == nil ? $0 : $0 + 1 }
            let lattice = ShoeboxImageSources(
                dimensions: dimensions, source: source, wallReflection: reflection,
                maxOrder: enumerated, maxDistance: imageTime * c,
                randomDisplacement: options.randomDisplacement, seed: options.seed)
            return PreparedSource(
                source: source, images: .shoebox(lattice), gainModel: model, tail: tail, scatteredField: scattered,
                reportedMaxOrder: options.maxOrder ?? Int.max)
        }
        let tree = PolyhedralImageSources(
            room: room, source: source, faceReflection: reflection, maxOrder: polyhedralTreeOrder,
            maxDistance: imageTime * c)
        return PreparedSource(
            source: source, images: .polyhedral(tree), gainModel: model, tail: tail, scatteredField: scattered,
            reportedMaxOrder: options.maxOrder ?? RoomSimulator.defaultPolyhedralOrder)
    }

    /// The exact arrivals at `receiver` and the time the late tail takes over (nil: no tail).
    public func arrivals(
        _ prepared: PreparedSource, receiver: Vector3, withDirections: Bool = false
    ) -> (arrivals: ArrivalSet, tailStart: Double?) {
        let c = room.atmosphere.speedOfSound
        switch prepared.images {
        case .freeField:
            var set = ArrivalSet(bandCount: prepared.gainModel.bandCount)
            let d = receiver - prepared.source.position
            let distance = d.length
            var gains = [Double](repeating: 0, count: set.bandCount)
            let ones = [Double](repeating: 1, count: set.bandCount)
            gains.withUnsafeMutableBufferPointer { g in
                ones.withUnsafeBufferPointer { one in
                    prepared.gainModel.fill(
                        g.address, reflection: one.address, distance: distance, departure: d.normalized)
                }
                set.append(
                    delay: distance / c, gains: UnsafeBufferPointer(g), order: 0,
                    departure: withDirections ? d.normalized : nil, incidence: withDirections ? (-d).normalized : nil)
            }
            return (set, nil)
        case .shoebox(let lattice):
            var limit = imageLimit(prepared, receiver: receiver)
            if prepared.tail != nil, let order = options.maxOrder,
                let earliest = lattice.earliestArrival(ofOrder: order + 1, receiver: receiver, speedOfSound: c)
            {
                limit = min(limit, earliest)
            }
            let set = lattice.arrivals(
                receiver: receiver, maxDelay: limit, maxOrder: prepared.reportedMaxOrder,
                speedOfSound: c, model: prepared.gainModel, withDirections: withDirections)
            return (set, prepared.tail == nil ? nil : limit)
        case .polyhedral(let tree):
            var limit = imageLimit(prepared, receiver: receiver)
            if prepared.tail != nil,
                let earliest = tree.earliestCandidate(
                    ofOrder: prepared.reportedMaxOrder + 1, receiver: receiver, speedOfSound: c, before: limit)
            {
                limit = min(limit, earliest)
            }
            // With a tail, the tree's last order only marks where the exact part stops being complete.
            let set = tree.arrivals(
                receiver: receiver, maxDelay: limit, maxOrder: prepared.tail == nil ? .max : prepared.reportedMaxOrder,
                speedOfSound: c, model: prepared.gainModel, withDirections: withDirections)
            return (set, prepared.tail == nil ? nil : limit)
        }
    }

    /// The scattered field's energy per sample for `arrivals` (up to the tail's start, else to the
    /// end), or nil when no surface scatters.
    /// `sampleRate` and `length` default to the simulation's.
    public func scatteredEnergy(
        _ prepared: PreparedSource, _ arrivals: ArrivalSet, tailStart: Double?, sampleRate: Double? = nil,
        length: Int? = nil
    ) -> BandTrains? {
        guard let field = prepared.scatteredField else { return nil }
        let fs = sampleRate ?? options.sampleRate, length = length ?? self.length
        let end = tailStart.map { Int(($0 * fs).rounded(.up)) } ?? length
        return field.energyPerSample(arrivals, length: length, end: end, sampleRate: fs)
    }

    /// Where exact images stop for `receiver`: ``imageTime``, but never before the direct sound has
    /// arrived (5 ms after it), so a receiver farther than the transition time's distance (17 m in a
    /// floor plan, 51 m in a shoebox) still hears its direct sound and the tail starts after it.
    func imageLimit(_ prepared: PreparedSource, receiver: Vector3) -> Double {
        let direct = (receiver - prepared.source.position).length / room.atmosphere.speedOfSound
        return min(duration, max(imageTime, direct + 0.005))
    }

    /// The impulse response (``length`` samples) of `prepared` at `receiver`; `jobs` threads share
    /// the accumulation (the result is the same for any job count).
    public func impulseResponse(_ prepared: PreparedSource, receiver: Vector3, jobs: Int = 1) -> [Double] {
        var response =
            streamedResponse(prepared, receiver: receiver, jobs: jobs)
            ?? storedArrivalsResponse(prepared, receiver: receiver, jobs: jobs)
        if let corner = options.highPassHz {
            response = Biquad.highPass(frequency: corner, sampleRate: options.sampleRate).process(response)
        }
        return response
    }

    /// The response from the stored arrivals, their scattered field and the late tail.
    private func storedArrivalsResponse(_ prepared: PreparedSource, receiver: Vector3, jobs: Int) -> [Double] {
        let (set, tailStart) = arrivals(prepared, receiver: receiver)
        let scattered = scatteredEnergy(prepared, set, tailStart: tailStart)
        let diffuse = scattered.map {
            ScatteredField.noise(
                $0, seed: options.seed, stream: ScatteredField.monoStream, bank: renderer.bank,
                sampleRate: options.sampleRate)[0]
        }
        var response = renderer.render(set, length: length, diffuse: diffuse, jobs: jobs)
        if let tail = prepared.tail, let start = tailStart {
            let late = tail.continuing(set, from: start, scattered: scattered.map { ($0, options.sampleRate) })
                .synthesize(
                    length: length, sampleRate: options.sampleRate, bank: renderer.bank,
                    seed: options.seed, stream: 0)[0]
            for n in 0..<length { response[n] += late[n] }
        }
        return response
    }

    /// Impulse responses from `source` to each receiver, computed on `jobs` threads; identical to a
    /// serial run whatever the job count.
    /// - Throws: ``RoomGeometryError`` if the source or a receiver is outside the room.
    public func impulseResponses(
        source: SoundSource, receivers: [Vector3], jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws -> [[Double]] {
        try room.requireInside(source.position, key: "source")
        for (i, r) in receivers.enumerated() {
            try room.requireInside(r, key: receivers.count == 1 ? "receiver" : "receivers[\(i)]")
        }
        let prepared = prepare(source: source)
        if receivers.count == 1 { return [impulseResponse(prepared, receiver: receivers[0], jobs: jobs)] }
        return ParallelResults.map(count: receivers.count, jobs: jobs) {
            impulseResponse(prepared, receiver: receivers[$0])
        }
    }
}
