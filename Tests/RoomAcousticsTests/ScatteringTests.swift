import Foundation
import RoomAcoustics
import RoomMetrics
import SoundstageDSP
import Testing

@Suite("Scattering: specular images give up energy to a diffuse field")
struct ScatteringTests {
    let source = Vector3(2, 1.5, 1.5), receiver = Vector3(4.1, 3.2, 1.2)

    /// A 6 × 4.5 × 2.7 m shoebox, walls with `walls` absorption and floor and ceiling with `floor`,
    /// `scattering` on every surface (nil: the faces as built, never touched).
    func shoebox(walls: Double, floor: Double, scattering s: Double?) throws -> Room {
        let absorption = [walls, walls, walls, walls, floor, floor].map { Absorption(uniform: $0) }
        var room = try RoomShapes.shoebox(name: "box", dimensions: Vector3(6, 4.5, 2.7), absorption: absorption)
        if let s { for f in room.faces.indices { room.faces[f].scattering = Scattering(uniform: s) } }
        return room
    }

    func simulator(_ room: Room, duration: Double = 1.5) -> RoomSimulator {
        RoomSimulator(room: room, options: options(duration: duration))
    }

    @Test("Each reflection splits the incident energy exactly: absorbed + specular + scattered = 1")
    func reflectionSplit() {
        for (a, s) in [(0.0, 0.0), (0.2, 0.5), (0.05, 0.9), (0.7, 0.3), (1.0, 0.4)] {
            let specular = ReflectionEnergy.specular(absorption: a, scattering: s)
            let scattered = ReflectionEnergy.scattered(absorption: a, scattering: s)
            #expect(abs(a + specular + scattered - 1) < 1e-12)
        }
    }

    @Test("The pools exchange exactly the scattered share: specular-pool decay = Eyring decay + transfer")
    func poolBalance() throws {
        // Independent of the code's formula: the specular pool loses −n̄·ln⟨(1 − α)(1 − s)⟩ per second
        // (every hit keeps the specular share), the diffuse pool −n̄·ln⟨1 − α⟩ (Eyring).
        let room = try shoebox(walls: 0.05, floor: 0.4, scattering: 0.3)
        let field = try #require(
            ScatteredField(room: room, bandCount: 1, airAbsorption: false, meanSquareDirectivity: [1]))
        let hits = SpeedOfSound.nominal * room.surfaceArea / (4 * room.volume)
        let kept = room.faces.reduce(0) { $0 + $1.area * (1 - $1.absorption.coefficients[0]) * 0.7 } / room.surfaceArea
        let specularDecay = -hits * log(kept)
        let eyring =
            6 * log(10)
            / ReverberationTheory.eyring(
                volume: room.volume, surfaceArea: room.surfaceArea, meanAbsorption: room.meanAbsorption[0])
        #expect(abs(field.decayRates[0] - eyring) / eyring < 1e-9)
        #expect(abs(field.transferRates[0] + field.decayRates[0] - specularDecay) / specularDecay < 1e-9)
    }

    @Test("Uniform absorption: images plus scattered field carry the specular-only images' energy (10 %)")
    func energyConserved() throws {
        // Arrival energies (Σ g²) against the diffuse envelope's, after the direct sound over 1.4 s.
        // Exact balance holds against an Eyring decay; the specular-only lattice decays up to 8–18 %
        // slower than Eyring (see TheoryTests), so it holds a few per cent more late energy.
        func reflectedEnergy(_ s: Double) throws -> Double {
            let sim = simulator(try shoebox(walls: 0.2, floor: 0.2, scattering: s))
            let prepared = sim.prepare(source: SoundSource(position: source))
            let (set, tailStart) = sim.arrivals(prepared, receiver: receiver)
            let images = (0..<set.count).filter { set.orders[$0] > 0 }.reduce(0.0) {
                $0 + set.gains[$1] * set.gains[$1]
            }
            let diffuse = sim.scatteredEnergy(prepared, set, tailStart: tailStart).map { $0.samples.reduce(0, +) } ?? 0
            return images + diffuse
        }
        let specularOnly = try reflectedEnergy(0)
        for s in [0.2, 0.5, 0.9] {
            let ratio = try reflectedEnergy(s) / specularOnly
            #expect(ratio > 0.9 && ratio <= 1.0, "s = \(s): \(ratio)")
        }
    }

    @Test("Bare walls, absorbing floor and ceiling: T30 is 6× Eyring when specular, within 10 % with s ≥ 0.5")
    func decayApproachesEyring() throws {
        let eyring = try {
            let room = try shoebox(walls: 0.05, floor: 0.4, scattering: nil)
            return ReverberationTheory.eyring(
                volume: room.volume, surfaceArea: room.surfaceArea, meanAbsorption: room.meanAbsorption[0])
        }()
        func midT30(_ s: Double) throws -> Double {
            let sim = simulator(try shoebox(walls: 0.05, floor: 0.4, scattering: s), duration: 2)
            let h = try sim.impulseResponses(source: SoundSource(position: source), receivers: [receiver])[0]
            let mid = RoomParameterAnalysis.octaves(h, sampleRate: fs).filter {
                ["500", "1000"].contains($0.band.label)
            }
            return mid.compactMap(\.parameters.t30).reduce(0, +) / Double(mid.count)
        }
        #expect(try midT30(0) > 3 * eyring)
        for s in [0.5, 0.8] {
            let t30 = try midT30(s)
            #expect(abs(t30 / eyring - 1) < 0.10, "s = \(s): T30 \(t30) s, Eyring \(eyring) s")
        }
    }

    @Test("Scattering 0 everywhere renders the same bytes as faces never given scattering")
    func zeroIsSpecular() throws {
        let untouched = try simulator(shoebox(walls: 0.05, floor: 0.4, scattering: nil))
            .impulseResponses(source: SoundSource(position: source), receivers: [receiver])[0]
        let zero = try simulator(shoebox(walls: 0.05, floor: 0.4, scattering: 0))
            .impulseResponses(source: SoundSource(position: source), receivers: [receiver])[0]
        #expect(untouched == zero)
    }
}
