import Foundation
import SoundstageDSP
import Testing

@Suite("Farrow impulse sums")
struct FarrowImpulseSumTests {
    /// `count` seeded impulses over the first `seconds` at 48 kHz: times (s) and gains (±1/r-like).
    private func impulses(count: Int, seconds: Double, seed: UInt64) -> (times: [Double], gains: [Double]) {
        var random = SeededGenerator(seed: seed)
        let times = (0..<count).map { _ in random.nextUniform() * seconds }
        let gains = (0..<count).map { _ in (random.nextUniform() - 0.5) / (0.5 + 10 * random.nextUniform()) }
        return (times, gains)
    }

    @Test("A sum of 20 000 impulses equals the exact windowed-sinc kernels within the polynomial's per-tap bound")
    func matchesExactKernels() {
        let fs = 48000.0, length = 9600
        let (times, gains) = impulses(count: 20_000, seconds: 0.21, seed: 3)
        let farrow = FarrowImpulseSum()
        let sum = farrow.render(times: times, gains: gains, sampleRate: fs, length: length)
        var exact = [Double](repeating: 0, count: length)
        // The bound: each impulse may be off by 4.6e-7·|gain| per tap (the 8-term polynomial's largest
        // departure from the kernel over 4 001 fractions; 5e-7 here), summed over the impulses that
        // reach a sample. Impulses after the end (0.21 s > 0.2 s) must leave no trace.
        var bound = [Double](repeating: 1e-12, count: length)
        let design = FractionalDelay()
        for (t, g) in zip(times, gains) {
            design.addImpulse(into: &exact, timeSamples: t * fs, gain: g)
            let start = Int(t * fs) - design.lookahead
            for n in max(0, start)..<max(max(0, start), min(length, start + design.length)) {
                bound[n] += 5e-7 * abs(g)
            }
        }
        let excess = (0..<length).map { abs(sum[$0] - exact[$0]) / bound[$0] }.max() ?? .infinity
        #expect(excess <= 1)
        // And far below the 256-row table's 1e-5 of an impulse's amplitude, relative to the peak.
        let peak = exact.map(abs).max() ?? 0
        let error = zip(sum, exact).map { abs($0 - $1) }.max() ?? .infinity
        #expect(error < 1e-6 * peak)
    }

    @Test("The sum does not depend on the number of threads")
    func sameForAnyJobs() {
        let (times, gains) = impulses(count: 120_000, seconds: 0.5, seed: 8)
        let farrow = FarrowImpulseSum()
        let one = farrow.render(times: times, gains: gains, sampleRate: 48000, length: 24001)
        let three = farrow.render(
            times: times, gains: gains, sampleRate: 48000, length: 24001, jobs: 3)
        #expect(one == three)
    }
}
