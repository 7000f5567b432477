import Binaural
import BinauralRoom
import Foundation
import Numerics
import RoomAcoustics
import RoomMetrics
import SoundstageDSP
import Testing

@Suite("Head models, tables and BRIRs")
struct HeadModelTests {
    static let sphereTable = HeadResponseTable(head: SphereHead())

    @Test(
        """
        Diffuse-field coherence of the sphere: 0.96 at 100 Hz, 0.65 at 300 Hz, 0.18 at 500 Hz (±0.05), first zero \
        near 600 Hz
        """
    )
    func diffuseCoherence() {
        let t = HeadModelTests.sphereTable
        for (f, expected) in [(100.0, 0.96), (300.0, 0.65), (500.0, 0.18)] {
            #expect(abs(t.diffuseCoherence(at: f) - expected) < 0.05, "γ(\(f)) = \(t.diffuseCoherence(at: f))")
        }
        let zero = stride(from: 400.0, through: 900, by: 5).first { t.diffuseCoherence(at: $0) <= 0 }
        #expect(zero != nil && abs(zero! - 600) < 60)
    }

    @Test("Brown–Duda: high-frequency far/near ratio at 30° is −13.6 dB; ITD at 30° is Woodworth's 261 µs")
    func structuralModel() {
        let head = StructuralHead()
        let d = HeadDirection.vector(azimuth: Double.pi / 6, elevation: 0)
        let (l, r) = head.transferFunctions(direction: d, frequencies: [40000])
        #expect(abs(20 * log10(r[0].length / l[0].length) + 13.6) < 0.1)
        // T(θ) per ear: near ear θ = 60°, far ear θ = 120° → (a/c)(π/6 + sin 30°) = Woodworth at 30°.
        let itd = head.delay(2 * Double.pi / 3) - head.delay(Double.pi / 3)
        #expect(abs(itd - 0.0875 / 343 * (Double.pi / 6 + 0.5)) < 1e-12)
    }

    @Test("The measured KEMAR set loads, and its ITD at 90° is within 15 % of the 8.75 cm sphere's")
    func kemar() throws {
        let kemar = try SOFAHead(path: "/usr/share/libmysofa/MIT_KEMAR_normal_pinna.sofa", sampleRate: fs)
        let left = HeadDirection.vector(azimuth: Double.pi / 2, elevation: 0)
        func itd(_ head: any HeadModel) -> Double {
            let (l, r) = HRIR.pair(head: head, direction: left, sampleRate: fs, length: 1024)
            return InterauralCues.itd(EarSignals(left: l, right: r, sampleRate: fs))
        }
        let kemarITD = itd(kemar), sphereITD = itd(SphereHead())
        #expect(kemarITD > 0)
        #expect(abs(kemarITD / sphereITD - 1) < 0.15, "KEMAR \(kemarITD * 1e6) µs, sphere \(sphereITD * 1e6) µs")
        // Louder at the near ear above 2 kHz, as for any head.
        let (l, r) = kemar.transferFunctions(direction: left, frequencies: [4000])
        #expect(l[0].length > 2 * r[0].length)
        #expect(throws: SOFAError.self) { try SOFAHead(path: "/nonexistent.sofa", sampleRate: fs) }
    }

    @Test("A free-field BRIR of one omni driver is the HRIR delayed by r/c and scaled by 1/r")
    func freeFieldBRIR() throws {
        let room = Room(freeFieldNamed: "anechoic", extent: Vector3(6, 6, 3))
        var options = SimulationOptions()
        options.airAbsorption = false
        let sim = RoomSimulator(room: room, options: options)
        let distance = 343 * 120 / fs  // exactly 120 samples
        let source = Vector3(1, 1, 1.2), seat = Vector3(1 + distance, 1, 1.2)
        let renderer = BinauralRenderer(simulator: sim, table: HeadModelTests.sphereTable)
        let ears = renderer.render(
            sim.prepare(source: SoundSource(position: source)), listener: .facing(source, from: seat))
        let (hl, hr) = HRIR.pair(head: SphereHead(), direction: Vector3(1, 0, 0), sampleRate: fs, length: 512)
        let lead = Int(HRIR.leadSeconds * fs)
        // Compare the first 384 samples of the HRIR (before its end taper).
        var worst = 0.0
        for n in 0..<384 {
            worst = max(
                worst, abs(ears.left[120 - lead + n] - hl[n] / distance),
                abs(ears.right[120 - lead + n] - hr[n] / distance))
        }
        #expect(worst < 1e-9 * (hl.map(abs).max()! / distance))
    }

    @Test("Split free-field BRIR: the direct sound is the whole response and ends with the head's 512-sample response")
    func splitFreeFieldBRIR() throws {
        let room = Room(freeFieldNamed: "anechoic", extent: Vector3(6, 6, 3))
        let sim = RoomSimulator(room: room, options: SimulationOptions())
        let source = Vector3(1, 1, 1.2), seat = Vector3(3.3, 1.6, 1.2)
        let renderer = BinauralRenderer(simulator: sim, table: HeadModelTests.sphereTable)
        let prepared = sim.prepare(source: SoundSource(position: source))
        let (whole, direct) = renderer.renderSplit(prepared, listener: .facing(source, from: seat))
        // The head's response of an arrival at t starts HRIR.leadSeconds before ⌊t·fs⌋ and lasts 512 samples.
        let delaySamples = (seat - source).length / room.atmosphere.speedOfSound * fs
        let end = Int(delaySamples.rounded(.down)) - Int((HRIR.leadSeconds * fs).rounded()) + 512
        #expect(direct.left.count == end && direct.right.count == end)
        #expect(whole.left.count == sim.length)
        #expect(Array(whole.left.prefix(end)) == direct.left && Array(whole.right.prefix(end)) == direct.right)
        #expect(whole.left[end...].allSatisfy { $0 == 0 } && whole.right[end...].allSatisfy { $0 == 0 })
        #expect(direct.left.contains { $0 != 0 })
    }

    @Test("Mirroring the room, the device and the seat across y swaps the ears")
    func mirrorSwapsEars() throws {
        let a = Absorption(uniform: 0.3)
        let walls = [a, a, Absorption(uniform: 0.5), Absorption(uniform: 0.5), a, a]
        let room = try RoomShapes.shoebox(name: "sym", dimensions: Vector3(5, 4, 2.7), absorption: walls)
        var options = SimulationOptions()
        options.lateTail = false
        options.duration = 0.1
        let sim = RoomSimulator(room: room, options: options)
        let renderer = BinauralRenderer(simulator: sim, table: HeadModelTests.sphereTable)
        let source = Vector3(0.5, 1.3, 1.0), seat = Vector3(3.1, 2.6, 1.2)
        let mirror = { (p: Vector3) in Vector3(p.x, 4 - p.y, p.z) }
        let pose = ListenerPose(position: seat, yawRadians: 2.9)
        let mirroredPose = ListenerPose(position: mirror(seat), yawRadians: -2.9)
        let axis = Vector3(0.8, 0.6, 0).normalized
        let original = renderer.render(
            sim.prepare(source: SoundSource(position: source, axis: axis, directivity: .piston(radius: 0.022))),
            listener: pose)
        let mirrored = renderer.render(
            sim.prepare(
                source: SoundSource(
                    position: mirror(source), axis: Vector3(axis.x, -axis.y, 0),
                    directivity: .piston(radius: 0.022))), listener: mirroredPose)
        let scale = original.left.map(abs).max()!
        var worst = 0.0
        for n in original.left.indices {
            worst = max(worst, abs(original.left[n] - mirrored.right[n]), abs(original.right[n] - mirrored.left[n]))
        }
        #expect(worst < 1e-6 * scale)
    }
}
