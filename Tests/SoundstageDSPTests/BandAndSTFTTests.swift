import Foundation
import SoundstageDSP
import Testing

@Suite("Bands, filter bank and STFT")
struct BandAndSTFTTests {
    @Test("Octave centres carry the IEC 61260 nominal labels 63 Hz … 16 kHz")
    func octaveLabels() {
        let labels = FrequencyBands.octaves().map(\.label)
        #expect(labels == ["63", "125", "250", "500", "1000", "2000", "4000", "8000", "16000"])
        let g = pow(10.0, 0.3)
        #expect(abs(FrequencyBands.octaves()[0].centre - 1000 * pow(g, -4)) < 1e-9)
        let thirds = FrequencyBands.thirdOctaves(from: 100, to: 200)
        #expect(thirds.map(\.label) == ["100", "125", "160", "200"])
        #expect(abs(thirds[1].upper / thirds[1].lower - pow(g, 1.0 / 3)) < 1e-12)
    }

    @Test("Band gains are 1 at the centre, ½ at the edges and sum to exactly 1 everywhere")
    func gainsSumToOne() {
        for bank in [BandFilterBank.octave(), BandFilterBank.thirdOctave()] {
            for b in bank.bands.indices.dropFirst().dropLast() {
                #expect(abs(bank.gain(band: b, frequency: bank.bands[b].centre) - 1) < 1e-12)
                #expect(abs(bank.gain(band: b, frequency: bank.bands[b].upper) - 0.5) < 1e-12)
            }
            for f in stride(from: 0.0, through: 24000, by: 13.7) {
                let sum = bank.bands.indices.reduce(0) { $0 + bank.gain(band: $1, frequency: f) }
                #expect(abs(sum - 1) < 1e-12)
            }
        }
    }

    @Test(
        "A band is silent up to a frequency exactly when its gain is zero on every bin below it",
        arguments: [6000.0, 16000.0, 48000.0])
    func silentBands(sampleRate: Double) {
        let bank = BandFilterBank.octave(), size = 8192
        let gains = bank.binGains(fftSize: size, sampleRate: sampleRate)
        for b in bank.bands.indices {
            let silent = bank.isSilent(band: b, upTo: sampleRate / 2)
            #expect(silent == gains[b].allSatisfy { $0 == 0 }, "band \(bank.bands[b].label) at \(sampleRate) Hz")
        }
        // At 6 kHz the 4 kHz octave still reaches below 3 kHz (its crossover starts at 2.38 kHz);
        // the 8 and 16 kHz octaves do not.
        #expect(bank.bands.indices.filter { bank.isSilent(band: $0, upTo: 3000) } == [7, 8])
    }

    @Test("The half-Hann fade-out is 0.5·(1 + cos(π(i + 1)/n)), falling to exactly 0", arguments: [1, 12, 96])
    func fadeOut(count: Int) {
        let gains = Window.fadeOut(count: count)
        #expect(gains.count == count && gains.last == 0)
        for (i, g) in gains.enumerated() {
            #expect(abs(g - 0.5 * (1 + cos(Double.pi * Double(i + 1) / Double(count)))) < 1e-15)
        }
        #expect(Window.fadeOut(count: count) == gains)
    }

    @Test("Splitting into octaves and adding the bands back returns the signal (flat within 0.5 dB, in fact 1e-9)")
    func perfectReconstruction() {
        let x = TestSignals.whiteNoise(count: 9000, seed: 11)
        let bands = BandFilterBank.octave().split(x, sampleRate: 48000)
        let sum = (0..<x.count).map { i in bands.reduce(0) { $0 + $1[i] } }
        #expect(maxAbsDifference(sum, x) < 1e-9)
    }

    @Test("An octave band passes its centre frequency and rejects a tone two octaves away by 40 dB")
    func bandSelectivity() {
        let bank = BandFilterBank.octave()
        let b = bank.bands.firstIndex { $0.label == "1000" }!
        let n = 48000
        let centre = (0..<n).map { sin(2 * Double.pi * 1000 * Double($0) / 48000) }
        let far = (0..<n).map { sin(2 * Double.pi * 4000 * Double($0) / 48000) }
        func rms(_ x: [Double]) -> Double { (x[5000..<43000].reduce(0) { $0 + $1 * $1 } / 38000).squareRoot() }
        #expect(abs(rms(bank.split(centre, sampleRate: 48000)[b]) / rms(centre) - 1) < 1e-3)
        #expect(20 * log10(rms(bank.split(far, sampleRate: 48000)[b]) / rms(far)) < -40)
    }

    @Test("ISTFT(STFT(x)) == x for several frame/hop ratios", arguments: [(1024, 256), (512, 256), (256, 64)])
    func stftReconstruction(config: (Int, Int)) {
        let x = TestSignals.whiteNoise(count: 5000, seed: 12)
        let stft = STFT(frameLength: config.0, hop: config.1)
        #expect(maxAbsDifference(stft.synthesize(stft.analyze(x), length: x.count), x) < 1e-10)
    }
}

@Suite("Nelder–Mead in the unit box")
struct NelderMeadTests {
    @Test(
        "Finds the minimum of a shifted quadratic and of Rosenbrock's valley (in the box), and stays in the box"
    )
    func minimizes() {
        let quadratic = NelderMead(budget: 80).minimize(from: [0.5, 0.5]) { x in
            pow(x[0] - 0.3, 2) + 3 * pow(x[1] - 0.8, 2)
        }
        let best = quadratic.min { $0.value < $1.value }!
        #expect(abs(best.point[0] - 0.3) < 0.01 && abs(best.point[1] - 0.8) < 0.01)
        #expect(quadratic.count == 80)
        // No point is swept twice.
        #expect(Set(quadratic.map(\.point)).count == quadratic.count)
        // Rosenbrock with its minimum (1, 1) at (0.75, 0.75) of the box: x = 4u − 2.
        let rosenbrock = NelderMead(budget: 400).minimize(from: [0.2, 0.9]) { u in
            let (x, y) = (4 * u[0] - 2, 4 * u[1] - 2)
            return pow(1 - x, 2) + 100 * pow(y - x * x, 2)
        }
        let r = rosenbrock.min { $0.value < $1.value }!
        #expect(abs(r.point[0] - 0.75) < 0.01 && abs(r.point[1] - 0.75) < 0.01, "\(r.point)")
        // A minimum outside the box: the search ends on its edge.
        let edge = NelderMead(budget: 60).minimize(from: [0.5]) { x in pow(x[0] - 2, 2) }
        #expect(edge.allSatisfy { (0...1).contains($0.point[0]) })
        #expect(Set(edge.map(\.point)).count == edge.count)
        #expect(abs(edge.min { $0.value < $1.value }!.point[0] - 1) < 1e-6)
    }
}
