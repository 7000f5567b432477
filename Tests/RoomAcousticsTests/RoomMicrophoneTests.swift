import Foundation
import RoomAcoustics
import RoomMetrics
import SoundstageDSP
import Testing

@Suite("Microphones at the listener's position: exact-direct DRR and critical distance")
struct RoomMicrophoneTests {
    /// 10 × 7 × 3.5 m, uniform α 0.2 and scattering 0.5 (a nearly diffuse room), no air.
    func room() throws -> Room {
        var room = try uniformShoebox(10, 7, 3.5, alpha: 0.2)
        for f in room.faces.indices { room.faces[f].scattering = Scattering(uniform: 0.5) }
        return room
    }

    /// DRR in the 500 Hz–2 kHz octaves with the simulator's own direct sound, and the mid T30 (s), of
    /// `source` at `receiver`, rendered at 6 kHz.
    func drrAndT30(_ simulator: RoomSimulator, _ prepared: PreparedSource, _ receiver: Vector3) -> (Double, Double?) {
        let renderer = ImpulseResponseRenderer(sampleRate: 6000)
        let (arrivals, tailStart) = simulator.arrivals(prepared, receiver: receiver, withDirections: true)
        let response = simulator.firstOrderResponse(
            prepared, arrivals: arrivals, tailStart: tailStart, axes: [], earlySeconds: 0.1, renderer: renderer)
        let bank = RoomParameterAnalysis.analysisBank
        let mid = ["500", "1000", "2000"].compactMap { label in bank.bands.firstIndex { $0.label == label } }
        func energy(_ x: [Double]) -> Double {
            bank.split(x, sampleRate: 6000, only: mid).reduce(0) { $0 + sumOfSquares($1, 0..<$1.count) }
        }
        var whole = response.reverberant
        for n in response.direct.indices { whole[n] += response.direct[n] }
        let octaves = RoomParameterAnalysis.octaves(whole, sampleRate: 6000).filter {
            ["500", "1000"].contains($0.band.label)
        }
        let t30 = octaves.compactMap(\.parameters.t30)
        return (
            10 * log10(energy(response.direct) / energy(response.reverberant)),
            t30.count == 2 ? (t30[0] + t30[1]) / 2 : nil
        )
    }

    @Test(
        "DRR-based r_c of an omni (Q 1) and a cardioid (Q 3) within 15 % of 0.057·√(QV/T); slope −20 dB/decade ± 3",
        arguments: [(1.0, 1.0), (0.5, 3.0)])
    func criticalDistance(omniWeight: Double, q: Double) throws {
        var settings = options(tail: true)
        settings.seed = 3
        let room = try room()
        let simulator = RoomSimulator(room: room, options: settings)
        let source = SoundSource(position: Vector3(2, 3.5, 1.7), directivity: .firstOrder(omniWeight: omniWeight))
        let prepared = simulator.prepare(source: source)
        let distances = [0.6, 0.8, 1.0, 1.3, 1.7, 2.2, 2.8, 3.6, 4.5, 5.5, 6.5]
        let measured = distances.map { r in drrAndT30(simulator, prepared, Vector3(2 + r, 3.3, 1.5)) }
        let t30s = measured.compactMap(\.1)
        let t30 = t30s.reduce(0, +) / Double(t30s.count)
        let theory = CriticalDistance.theory(directivityFactor: q, volume: room.volume, reverberationTime: t30)
        let pairs = zip(distances, measured).map { (distance: $0, drrDB: $1.0) }
        let fit = try #require(CriticalDistance.fit(pairs))
        let fitted = try #require(fit.criticalDistance)
        #expect(abs(fitted / theory - 1) < 0.15, "r_c \(fitted) m vs theory \(theory) m (T30 \(t30) s)")
        let beyond = try #require(CriticalDistance.fit(pairs.filter { $0.distance > theory }))
        #expect(abs(beyond.slopeDBPerDecade + 20) < 3, "slope \(beyond.slopeDBPerDecade) dB/decade")
    }
}

@Suite("Band rendering at a reduced rate")
struct ReducedRateRenderingTests {
    /// One arrival at `delaySeconds` with `gains` per octave band, rendered at `sampleRate`.
    func render(gains: [Double], delaySeconds: Double, sampleRate: Double, length: Int) -> [Double] {
        var arrivals = ArrivalSet(bandCount: gains.count)
        gains.withUnsafeBufferPointer {
            arrivals.append(delay: delaySeconds, gains: $0, order: 1, departure: nil, incidence: nil)
        }
        return ImpulseResponseRenderer(sampleRate: sampleRate).render(arrivals, length: length)
    }

    @Test(
        "At 6 kHz the 8 and 16 kHz octaves are skipped: alone they render silence; all nine give the bare kernel"
    )
    func silentBandsSkipped() {
        let fs = 6000.0, length = 600, bands = Absorption.bands.count
        #expect(ImpulseResponseRenderer(sampleRate: fs).heardBands == bands - 2)
        let high = render(
            gains: (0..<bands).map { $0 >= bands - 2 ? 1 : 0 }, delaySeconds: 0.02, sampleRate: fs, length: length)
        #expect(high.allSatisfy { $0 == 0 })
        // The bank's bands sum to one, so a unit gain in every band is the fractional-delay kernel itself
        // (an integer delay: the table's exact row), to the transforms' rounding.
        let all = render(gains: Array(repeating: 1, count: bands), delaySeconds: 0.02, sampleRate: fs, length: length)
        var kernel = [Double](repeating: 0, count: length)
        FractionalDelay().addImpulse(into: &kernel, timeSamples: 0.02 * fs, gain: 1)
        #expect(zip(all, kernel).allSatisfy { abs($0 - $1) < 1e-12 })
    }
}
