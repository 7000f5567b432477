import Foundation
import RoomAcoustics
import SoundstageDSP
import Testing

@Suite("Image sources")
struct ImageSourceTests {
    let source = Vector3(1.3, 2.1, 1.4)
    let receiver = Vector3(4.2, 1.1, 1.2)

    @Test(
        "Each band's bin support holds every non-zero gain, and starts and ends on one",
        arguments: [1024, 16000, 86400])
    func binSupports(fftSize: Int) {
        let bank = BandFilterBank.octave()
        let supports = BinGainCache.shared.supports(bank: bank, fftSize: fftSize, sampleRate: 48000)
        for (b, support) in supports.enumerated() {
            let gains = (0...(fftSize / 2)).map { bank.gain(band: b, frequency: Double($0) * 48000 / Double(fftSize)) }
            #expect(!support.isEmpty)
            #expect(gains[support.lowerBound] != 0 && gains[support.upperBound - 1] != 0)
            #expect(gains.indices.allSatisfy { support.contains($0) || gains[$0] == 0 })
        }
    }

    @Test("Direct and first-order arrivals sit at the analytic image positions with √(1−α)/r amplitudes")
    func firstOrderTimesAndAmplitudes() throws {
        let alphas = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
        let room = try RoomShapes.shoebox(
            name: "t", dimensions: Vector3(6, 4.5, 2.7), absorption: alphas.map { Absorption(uniform: $0) })
        let sim = RoomSimulator(room: room, options: options(maxOrder: 1, duration: 0.1))
        let (arrivals, _) = sim.arrivals(sim.prepare(source: SoundSource(position: source)), receiver: receiver)
        let s = source
        // Mirror images across x = 0, x = 6, y = 0, y = 4.5, z = 0, z = 2.7, with their walls' α.
        let expected: [(Vector3, Double)] = [
            (s, 0), (Vector3(-s.x, s.y, s.z), 0.1), (Vector3(12 - s.x, s.y, s.z), 0.2), (Vector3(s.x, -s.y, s.z), 0.3),
            (Vector3(s.x, 9 - s.y, s.z), 0.4), (Vector3(s.x, s.y, -s.z), 0.5), (Vector3(s.x, s.y, 5.4 - s.z), 0.6),
        ]
        #expect(arrivals.count == 7)
        for (image, alpha) in expected {
            let distance = (image - receiver).length
            let i = try #require(arrivals.delays.firstIndex { abs($0 - distance / 343) < 1e-12 })
            // 0.01 sample at 48 kHz is 2e-7 s; the arrival times are exact to rounding.
            #expect(abs(arrivals.delays[i] * fs - distance / 343 * fs) < 0.01)
            #expect(abs(arrivals.gains[i] - (1 - alpha).squareRoot() / distance) < 1e-12)
        }
    }

    @Test("The rendered response equals exact windowed-sinc impulses at the image delays (timing within 0.01 sample)")
    func renderedResponseMatchesExactKernels() throws {
        let room = try uniformShoebox(6, 4.5, 2.7, alpha: 0.3)
        let sim = RoomSimulator(room: room, options: options(maxOrder: 2, duration: 0.08))
        let prepared = sim.prepare(source: SoundSource(position: source))
        let (arrivals, _) = sim.arrivals(prepared, receiver: receiver)
        let rendered = sim.impulseResponse(prepared, receiver: receiver)
        var reference = [Double](repeating: 0, count: rendered.count)
        for i in 0..<arrivals.count {
            FractionalDelay().addImpulse(
                into: &reference, timeSamples: arrivals.delays[i] * fs, gain: arrivals.gains[i])
        }
        // The table interpolates kernels between 256 fraction steps; its error is < 1e-5 of each
        // impulse's amplitude, equivalent to a timing error far below 0.01 sample.
        #expect(maxAbsDifference(rendered, reference) < 1e-5 * maxAbs(reference))
        // The direct sound's centroid (only it lies in the first 60 samples around its arrival) sits at r/c.
        let t = (source - receiver).length / 343 * fs
        let window = Int(t) - 40...Int(t) + 40
        let centroid = window.reduce(0.0) { $0 + Double($1) * rendered[$1] } / window.reduce(0.0) { $0 + rendered[$1] }
        #expect(abs(centroid - t) < 0.01)
    }

    @Test(
        "A 0.3 s shoebox response (over 3 arrivals a sample) via the Farrow route equals exact kernels (1e-6 of peak)"
    )
    func farrowRouteMatchesExactKernels() throws {
        let room = try uniformShoebox(6, 4.5, 2.7, alpha: 0.2122)
        let sim = RoomSimulator(room: room, options: options(duration: 0.3))
        let prepared = sim.prepare(source: SoundSource(position: source))
        let (arrivals, _) = sim.arrivals(prepared, receiver: receiver)
        try #require(sim.renderer.farrow.pays(impulses: arrivals.count, length: sim.length))
        let rendered = sim.impulseResponse(prepared, receiver: receiver, jobs: 2)
        var reference = [Double](repeating: 0, count: rendered.count)
        for i in 0..<arrivals.count {
            FractionalDelay().addImpulse(
                into: &reference, timeSamples: arrivals.delays[i] * fs, gain: arrivals.gains[i])
        }
        // Each arrival may be off by 4.6e-7 of its amplitude per tap (the polynomial's largest departure
        // from the kernel); the late arrivals are 1/r-weak and their errors partly cancel.
        #expect(maxAbsDifference(rendered, reference) < 1e-6 * maxAbs(reference))
    }

    @Test(
        "Streamed into the Farrow trains shell by shell, a response equals its stored arrivals' render, any job count"
    )
    func streamedEqualsStoredArrivals() throws {
        let room = try uniformShoebox(6, 4.5, 2.7, alpha: 0.2122)
        // Without and with an order limit (the count pass takes its two paths).
        for maxOrder in [nil, 45] {
            let sim = RoomSimulator(room: room, options: options(maxOrder: maxOrder, duration: 0.3))
            let prepared = sim.prepare(source: SoundSource(position: source))
            let (arrivals, _) = sim.arrivals(prepared, receiver: receiver)
            try #require(sim.renderer.farrow.pays(impulses: arrivals.count, length: sim.length))
            let stored = sim.renderer.render(arrivals, length: sim.length, jobs: 2)
            for jobs in [1, 2, 3] {
                // Every slot gathers its arrivals in the walk's order whatever the parts: equal bit for bit.
                #expect(sim.impulseResponse(prepared, receiver: receiver, jobs: jobs) == stored)
            }
        }
    }

    /// A 5.2 × 3.9 × 2.6 m box twice: as the lattice's shoebox and as six faces for the general path.
    func boxBothWays() throws -> (lattice: Room, general: Room) {
        let materials = ["plaster", "glass", "curtains", "wood-panel", "carpet", "plasterboard"].map {
            MaterialLibrary.absorption(named: $0)!
        }
        let d = Vector3(5.2, 3.9, 2.6)
        let lattice = try RoomShapes.shoebox(name: "box", dimensions: d, absorption: materials)
        let vertices = [
            Vector3(0, 0, 0), Vector3(d.x, 0, 0), Vector3(d.x, d.y, 0), Vector3(0, d.y, 0),
            Vector3(0, 0, d.z), Vector3(d.x, 0, d.z), Vector3(d.x, d.y, d.z), Vector3(0, d.y, d.z),
        ]
        // Same surfaces as the lattice: west, east, south, north, floor, ceiling (wound from outside here;
        // the builder reorients).
        let faces = [[0, 4, 7, 3], [1, 2, 6, 5], [0, 1, 5, 4], [3, 7, 6, 2], [0, 3, 2, 1], [4, 5, 6, 7]]
        let general = try RoomShapes.polyhedron(name: "faces", vertices: vertices, faces: faces, absorption: materials)
        #expect(abs(general.volume - d.x * d.y * d.z) < 1e-9)
        return (lattice, general)
    }

    @Test("A shoebox given as six faces to the general path gives the lattice's response (1e-6 relative)")
    func latticeEqualsGeneralPath() throws {
        let (lattice, general) = try boxBothWays()
        let o = options(maxOrder: 4, duration: 0.12, air: true)
        let a = try RoomSimulator(room: lattice, options: o).impulseResponses(
            source: SoundSource(position: source), receivers: [receiver])[0]
        let b = try RoomSimulator(room: general, options: o).impulseResponses(
            source: SoundSource(position: source), receivers: [receiver])[0]
        #expect(maxAbsDifference(a, b) <= 1e-6 * maxAbs(a))
    }

    /// With a tail, the exact part ends at the earliest image one order past the last: the lattice finds
    /// it by enumerating every image of that order, the general path by a search of its image tree that
    /// stops early (nodes sorted by distance from the room's centre). Both must find the same time and
    /// keep the same arrivals, at seats near the centre, the walls and a corner. (Not at the exact centre
    /// of this box: there, with this source, some paths graze an edge of two faces at once, which the
    /// lattice counts and the general path's visibility test, within its tolerance, does not.)
    @Test("With a tail, the six-faces box ends its exact part where the lattice does, with the same arrivals")
    func tailStartAgreesWithLattice() throws {
        let (lattice, general) = try boxBothWays()
        let o = options(maxOrder: 3, duration: 0.3, tail: true)
        let latticeSim = RoomSimulator(room: lattice, options: o), generalSim = RoomSimulator(room: general, options: o)
        let src = SoundSource(position: source)
        let (latticeSource, generalSource) = (latticeSim.prepare(source: src), generalSim.prepare(source: src))
        for receiver in [Vector3(2.5, 1.9, 1.25), Vector3(0.2, 3.7, 0.3), Vector3(5.0, 0.4, 2.4), receiver] {
            let (a, aStart) = latticeSim.arrivals(latticeSource, receiver: receiver)
            let (b, bStart) = generalSim.arrivals(generalSource, receiver: receiver)
            let (start, otherStart) = (try #require(aStart), try #require(bStart))
            // Image positions from different mirror sequences agree to rounding (1e-15 m); 1e-12 s is 0.3 µm.
            #expect(abs(start - otherStart) < 1e-12)
            #expect(a.count == b.count)
            #expect(b.orders.allSatisfy { $0 <= 3 })
            for (x, y) in zip(a.delays.sorted(), b.delays.sorted()) { #expect(abs(x - y) < 1e-12) }
        }
    }

    @Test("Reciprocity: swapping source and receiver gives the same response")
    func reciprocity() throws {
        let room = try uniformShoebox(6, 4.5, 2.7, alpha: 0.25)
        let sim = RoomSimulator(room: room, options: options(duration: 0.2, air: true))
        let ab = try sim.impulseResponses(source: SoundSource(position: source), receivers: [receiver])[0]
        let ba = try sim.impulseResponses(source: SoundSource(position: receiver), receivers: [source])[0]
        #expect(maxAbsDifference(ab, ba) < 1e-9 * maxAbs(ab))
    }

    @Test("Parallel receivers give the serial results bit for bit")
    func parallelEqualsSerial() throws {
        let room = try uniformShoebox(6, 4.5, 2.7, alpha: 0.3)
        let sim = RoomSimulator(room: room, options: options(maxOrder: 6, duration: 0.1, tail: true, air: true))
        let receivers = (0..<6).map { Vector3(1 + 0.5 * Double($0), 2, 1.2) }
        let src = SoundSource(position: source)
        #expect(
            try sim.impulseResponses(source: src, receivers: receivers, jobs: 1)
                == sim.impulseResponses(source: src, receivers: receivers, jobs: 4))
    }
}

@Suite("Non-convex rooms")
struct NonConvexRoomTests {
    /// An L: 8 m along x by 3 m, plus a 3 m × 4 m wing at x ∈ [5, 8] reaching y = 7 (moved by `offset`).
    func lRoom(offset: (x: Double, y: Double) = (0, 0)) throws -> Room {
        try RoomShapes.floorPlan(
            name: "L",
            polygon: [(0, 0), (8, 0), (8, 7), (5, 7), (5, 3), (0, 3)].map { ($0.0 + offset.x, $0.1 + offset.y) },
            height: 2.5, floor: Absorption(uniform: 0.2), ceiling: Absorption(uniform: 0.2),
            wallAbsorption: Array(repeating: Absorption(uniform: 0.2), count: 6))
    }

    /// Translation invariance of the general path: the same L 1000 km from the origin must give the same
    /// arrivals, tail start and response. The candidate index keeps its float-32 coordinates relative
    /// to the room's centre; an index that mixed frames (a receiver left in room coordinates) fails here.
    @Test("An L moved 1000 km away gives the same arrivals, tail start and response as at the origin")
    func translationInvariance() throws {
        let offset = (x: 1_000_000.0, y: -750_000.0), shift = Vector3(offset.x, offset.y, 0)
        let o = options(maxOrder: 3, duration: 0.3, tail: true)
        let near = RoomSimulator(room: try lRoom(), options: o)
        let far = RoomSimulator(room: try lRoom(offset: offset), options: o)
        let source = Vector3(1, 1.5, 1.2)
        for receiver in [Vector3(6.5, 6, 1.2), Vector3(4, 2, 1.6), Vector3(7.5, 0.5, 0.4)] {
            let (a, aStart) = near.arrivals(near.prepare(source: SoundSource(position: source)), receiver: receiver)
            let (b, bStart) = far.arrivals(
                far.prepare(source: SoundSource(position: source + shift)), receiver: receiver + shift)
            // Coordinates of 10⁶ m carry 1e-10 m of double rounding; 1e-12 s is 0.3 µm.
            #expect(a.count == b.count)
            #expect(abs(try #require(aStart) - (try #require(bStart))) < 1e-12)
            for (x, y) in zip(a.delays, b.delays) { #expect(abs(x - y) < 1e-12) }
            let ra = try near.impulseResponses(source: SoundSource(position: source), receivers: [receiver])[0]
            let rb = try far.impulseResponses(
                source: SoundSource(position: source + shift), receivers: [receiver + shift])[0]
            #expect(maxAbsDifference(ra, rb) <= 1e-6 * maxAbs(ra))
        }
    }

    @Test("Around the corner of an L there is no direct path; without the visibility test there would be one")
    func noDirectPathAroundCorner() throws {
        let room = try lRoom()
        #expect(!room.isConvex)
        #expect(abs(room.volume - (8 * 3 + 3 * 4) * 2.5) < 1e-9)
        let source = Vector3(1, 1.5, 1.2), receiver = Vector3(6.5, 6, 1.2)
        // The straight line between them crosses the reentrant walls.
        #expect(room.faces.contains { $0.intersection(from: source, to: receiver) != nil })
        let sim = RoomSimulator(room: room, options: options(maxOrder: 3, duration: 0.1))
        let (arrivals, _) = sim.arrivals(sim.prepare(source: SoundSource(position: source)), receiver: receiver)
        #expect(!arrivals.orders.contains(0))
        #expect(arrivals.count > 0)
        // Every audible path is at least as long as the shortest way around the corner (via (5, 3)).
        let around = (Vector3(5, 3, 1.2) - source).length + (receiver - Vector3(5, 3, 1.2)).length
        #expect(arrivals.delays.allSatisfy { $0 * 343 >= around - 1e-9 })
    }

    @Test("In the L's main leg with both points in view, the direct sound arrives at r/c")
    func directPathInView() throws {
        let sim = RoomSimulator(room: try lRoom(), options: options(maxOrder: 1, duration: 0.1))
        let a = Vector3(1, 1, 1), b = Vector3(6, 2, 1.5)
        let (arrivals, _) = sim.arrivals(sim.prepare(source: SoundSource(position: a)), receiver: b)
        let direct = try #require(arrivals.orders.firstIndex(of: 0))
        #expect(abs(arrivals.delays[direct] - (a - b).length / 343) < 1e-12)
    }
}
