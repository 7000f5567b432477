import Binaural
import BinauralRoom
import Foundation
import RoomAcoustics
import RoomMetrics
import SoundstageDSP
import Testing

@Suite("The room's shared binaural tail noise against frame-by-frame synthesis")
struct TailNoiseTests {
    /// Octave energy (analysis bank) of `x`.
    func octaveEnergy(_ x: [Double], _ label: String) throws -> Double {
        let bank = RoomParameterAnalysis.analysisBank
        let b = try #require(bank.bands.firstIndex { $0.label == label })
        return bank.split(x, sampleRate: 48000, only: [b])[0].reduce(0) { $0 + $1 * $1 }
    }

    @Test("Same energy per octave (16 draws each), closed-form total energy and decay as LateReverberation.synthesize")
    func matchesFrameSynthesis() throws {
        // A live shoebox (T ≈ 2 s): one draw of a 500 Hz octave holds 2B/ρ ≈ 100 degrees of freedom
        // (10 % standard error); the means of 16 draws differ by 3.4 % (1σ) at 500 Hz, less above, so
        // 8 % is ≥ 2.3σ. The two methods draw their noise independently; only the statistics compare.
        let room = try RoomShapes.shoebox(
            name: "box", dimensions: Vector3(6, 4.5, 2.7),
            absorption: Array(repeating: Absorption(uniform: 0.05), count: 6))
        let table = HeadModelTests.sphereTable
        let tail = LateReverberation(
            room: room, startTime: 0.05, bandCount: table.bandCount, airAbsorption: false, meanSquareDirectivity: [1])
        let labels = ["500", "1000", "2000", "4000"]
        var shared = [Double](repeating: 0, count: labels.count), frames = shared
        var length = 0
        var totalShared = 0.0, totalFrames = 0.0
        for seed in 0..<16 {
            var options = SimulationOptions()
            (options.duration, options.seed, options.airAbsorption) = (2, UInt64(seed), false)
            let simulator = RoomSimulator(room: room, options: options)
            length = simulator.length
            let noise = BinauralTailNoise(simulator: simulator, table: table, decayRates: tail.decayRates)
            let ears = noise.render(tail, length: length)
            let synthesized = tail.synthesize(
                length: length, sampleRate: 48000, bank: simulator.renderer.bank, seed: UInt64(seed), stream: 1,
                bandScales: [table.diffusePower.left, table.diffusePower.right], receivers: 2,
                coherence: { table.diffuseCoherence(at: $0) })
            totalShared += ears.left.reduce(0) { $0 + $1 * $1 }
            totalFrames += synthesized[0].reduce(0) { $0 + $1 * $1 }
            for (i, label) in labels.enumerated() {
                shared[i] += try octaveEnergy(ears.left, label) + octaveEnergy(ears.right, label)
                frames[i] += try octaveEnergy(synthesized[0], label) + octaveEnergy(synthesized[1], label)
            }
            if seed == 0 {
                let t30 = try #require(
                    RoomParameterAnalysis.octaves(ears.left, sampleRate: 48000).first { $0.band.label == "1000" }?
                        .parameters.t30)
                #expect(abs(t30 / tail.reverberationTimes[4] - 1) < 0.05, "T30 \(t30) s")
            }
        }
        let bank = RoomSimulator(room: room).renderer.bank
        let g2 = BinGainCache.shared.gains(bank: bank, fftSize: 8192, sampleRate: 48000).map {
            $0.reduce(0) { $0 + $1 * $1 } / Double($0.count)
        }
        var expected = 0.0
        for b in 0..<table.bandCount {
            for n in 2400..<length {
                expected +=
                    tail.energyRates[b] / 48000 * exp(-tail.decayRates[b] * Double(n) / 48000) * g2[b]
                    * table.diffusePower.left[b]
            }
        }
        // The left ear's broadband energy against the closed form Σ_b Σ_n E_b/fs·e^(−ρ_b n/fs)·⟨g_b²⟩·P_b,
        // P_b the head's diffuse power (16 draws of every band: a few % at most).
        #expect(abs(totalShared / 16 / expected - 1) < 0.03, "shared \(totalShared / 16), expected \(expected)")
        #expect(abs(totalFrames / 16 / expected - 1) < 0.03, "frames \(totalFrames / 16), expected \(expected)")
        for (i, label) in labels.enumerated() {
            #expect(abs(shared[i] / frames[i] - 1) < 0.08, "\(label) Hz: shared \(shared[i]), frames \(frames[i])")
        }
    }
}
