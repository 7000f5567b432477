import Foundation
import RoomMetrics
import SoundstageDSP
import Testing

private let fs = 48000.0

/// `x` delayed by `samples` (fractional allowed) with the default 81-tap windowed sinc.
private func delayed(_ x: [Double], by samples: Double) -> [Double] {
    var out = [Double](repeating: 0, count: x.count)
    for (i, value) in x.enumerated() where value != 0 {
        FractionalDelay().addImpulse(into: &out, timeSamples: Double(i) + samples, gain: value)
    }
    return out
}

/// `x` delayed by `samples` via the FFT (exact band-limited circular shift).
private func fftDelayed(_ x: [Double], by samples: Double) -> [Double] {
    let fft = RealFFT.plan(size: x.count)
    var spectrum = fft.forward(x)
    for k in 0..<fft.binCount {
        let phase = -2 * Double.pi * Double(k) * samples / Double(x.count)
        let re = spectrum[2 * k], im = spectrum[2 * k + 1]
        spectrum[2 * k] = re * cos(phase) - im * sin(phase)
        spectrum[2 * k + 1] = re * sin(phase) + im * cos(phase)
    }
    return fft.inverse(spectrum)
}

@Suite("Lagged cross-correlation")
struct LaggedCrossCorrelationTests {
    @Test(
        "Direct sums and the FFT route both equal the textbook double loop, zeros outside the signals",
        arguments: [(0..<5000, 12), (20..<7000, 12), (100..<7990, 48), (3..<40, 5)])
    func routesAgree(window: Range<Int>, maxLag: Int) {
        let a = TestSignals.whiteNoise(count: 8000, seed: 31, rms: 0.3)
        let b = TestSignals.whiteNoise(count: 8000, seed: 32, rms: 0.3)
        var reference = [Double](repeating: 0, count: 2 * maxLag + 1)
        for lag in -maxLag...maxLag {
            for n in window where n + lag >= 0 && n + lag < b.count { reference[lag + maxLag] += a[n] * b[n + lag] }
        }
        let scale = reference.map(abs).max() ?? 1
        for routed in [
            CrossCorrelation.laggedDirectly(a, b, window: window, maxLag: maxLag),
            CrossCorrelation.laggedByFFT(a, b, window: window, maxLag: maxLag),
            CrossCorrelation.lagged(a, b, window: window, maxLag: maxLag),
        ] {
            // Rounding of sums over at most 8 000 products (direct) or of 8 192-point transforms.
            #expect(zip(routed, reference).allSatisfy { abs($0 - $1) <= 1e-12 * scale })
        }
    }
}

@Suite("Interaural cross-correlation")
struct IACCTests {
    let noise = TestSignals.whiteNoise(count: 48000, seed: 41)

    @Test("Identical ears give IACC 1 at lag 0; inverted ears give IACC 1 too")
    func identicalAndInverted() {
        let same = InterauralCrossCorrelation.evaluate(
            EarSignals(left: noise, right: noise, sampleRate: fs), window: 0..<48000)
        #expect(abs(same.coefficient - 1) < 1e-12 && abs(same.lagSeconds) < 1e-9)
        let inverted = InterauralCrossCorrelation.evaluate(
            EarSignals(left: noise, right: noise.map { -$0 }, sampleRate: fs), window: 0..<48000)
        #expect(abs(inverted.coefficient - 1) < 1e-12)
    }

    @Test("Right ear delayed 0.5 ms: the IACF peaks at +0.5 ms")
    func delayedPeak() {
        let ears = EarSignals(left: noise, right: fftDelayed(noise, by: 24), sampleRate: fs)
        let result = InterauralCrossCorrelation.evaluate(ears, window: 1000..<47000)
        #expect(abs(result.lagSeconds - 0.0005) < 1 / fs / 10)
        #expect(result.coefficient > 0.95)
    }

    @Test("White noise delayed 1.5 ms (outside ±1 ms) gives IACC below 0.1")
    func delayBeyondWindow() {
        let ears = EarSignals(left: noise, right: fftDelayed(noise, by: 72), sampleRate: fs)
        #expect(InterauralCrossCorrelation.evaluate(ears, window: 1000..<47000).coefficient < 0.1)
    }

    @Test("Independent noise over 80 ms gives the finite-window bias ≈ 0.05")
    func independentNoiseBias() {
        let other = TestSignals.whiteNoise(count: 48000, seed: 42)
        // Over 3840 samples each lag's correlation has σ = 1/√3840 ≈ 0.016; the maximum |r| of 97
        // lags is then about 2.9σ ≈ 0.047. Accept 0.02…0.09.
        let iacc = InterauralCrossCorrelation.evaluate(
            EarSignals(left: noise, right: other, sampleRate: fs), window: 0..<3840
        ).coefficient
        #expect(iacc > 0.02 && iacc < 0.09)
    }
}

@Suite("Interaural cues and lateralization")
struct CueTests {
    @Test(
        "ITD of noise with the right ear delayed by a fractional 300 µs is +300 µs within 3 µs",
        arguments: [300e-6, -123.4e-6, 655.8e-6])
    func itd(seconds: Double) {
        let noise = TestSignals.whiteNoise(count: 24000, seed: 43)
        let right = fftDelayed(noise, by: seconds * fs)
        let measured = InterauralCues.itd(EarSignals(left: noise, right: right, sampleRate: fs))
        // Parabolic interpolation of a low-passed correlation peak is biased by < 0.1 sample (2 µs).
        #expect(abs(measured - seconds) < 3e-6)
    }

    @Test("ILD of a right ear at half amplitude is +6.02 dB, in any band")
    func ild() {
        let noise = TestSignals.whiteNoise(count: 24000, seed: 44)
        let ears = EarSignals(left: noise, right: noise.map { $0 / 2 }, sampleRate: fs)
        #expect(abs(InterauralCues.ild(ears) - 20 * log10(2.0)) < 1e-9)
        #expect(abs(InterauralCues.ild(ears, low: 250, high: 4000) - 20 * log10(2.0)) < 1e-9)
    }

    @Test("Binaural parameters of a diotic impulse response: IACC 1 everywhere, zero ITD and ILD")
    func dioticResponse() {
        let carrier = TestSignals.whiteNoise(count: 24000, seed: 46)
        let h = carrier.indices.map { carrier[$0] * exp(-Double($0) / 2000) }
        let p = BinauralParameters(EarSignals(left: h, right: h, sampleRate: fs))
        #expect(abs(p.iaccEarly - 1) < 1e-9 && abs(p.iaccLate - 1) < 1e-9 && abs(p.iaccEarly3 - 1) < 1e-9)
        #expect(abs(p.itdSeconds) < 1e-9 && abs(p.ildDB) < 1e-9)
        #expect(p.coherence.allSatisfy { abs($0.value - 1) < 1e-9 })
        #expect(p.octaves.map(\.band.label) == ["125", "250", "500", "1000", "2000", "4000", "8000"])
    }
}

@Suite("Coherence of pink noise from spectra")
struct SpectralCoherenceTests {
    /// Spectra of two impulse responses on a common transform.
    static func spectra(_ left: [Double], _ right: [Double], size: Int) -> ([Double], [Double]) {
        let fft = RealFFT.plan(size: size)
        return (fft.forward(left), fft.forward(right))
    }

    @Test("A pure interaural delay within ±1 ms is fully coherent in every band")
    func delayIsCoherent() {
        var left = [Double](repeating: 0, count: 4096), right = left
        left[100] = 1
        right[112] = 0.5
        let (l, r) = SpectralCoherenceTests.spectra(left, right, size: 4096)
        #expect(abs(SpectralCoherence.meanThirdOctave(left: l, right: r, fftSize: 4096, sampleRate: fs) - 1) < 1e-9)
    }

    @Test("Agrees with the coherence measured on 20 s of seeded pink noise (within its sampling spread)")
    func agreesWithNoise() {
        // Right ear: the direct sound plus an echo 10 ms later, beyond the ±1 ms lag range, so the
        // bands lose coherence depending on how the echo combs them.
        var left = [Double](repeating: 0, count: 1024), right = left
        left[0] = 1
        right[0] = 1
        right[480] = 0.8
        right[731] = -0.5
        let (l, r) = SpectralCoherenceTests.spectra(left, right, size: 4096)
        let expected = SpectralCoherence.meanThirdOctave(left: l, right: r, fftSize: 4096, sampleRate: fs)
        let noise = TestSignals.pinkNoise(count: Int(20 * fs), seed: 7)
        let ears = EarSignals(
            left: Convolution.convolve(noise, left), right: Convolution.convolve(noise, right), sampleRate: fs)
        let bands = BinauralParameters.thirdOctaveCoherence(ears, low: 500, high: 2000)
        let measured = bands.map(\.value).reduce(0, +) / Double(bands.count)
        // 20 s in a 500 Hz third octave is ~2300 degrees of freedom: the estimate's spread is ~0.02.
        #expect(abs(measured - expected) < 0.03, "measured \(measured), from spectra \(expected)")
        #expect(expected > 0.3 && expected < 0.95, "the echo should make the bands partly coherent: \(expected)")
    }
}
