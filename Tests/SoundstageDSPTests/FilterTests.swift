import Foundation
import Numerics
import SoundstageDSP
import Testing

private let fs = 48000.0

private func db(_ z: Complex<Double>) -> Double { 20 * log10(z.length) }

@Suite("IIR filters")
struct IIRFilterTests {
    @Test("Butterworth biquad low-pass: 0 dB at DC, −3.01 dB at f0, zero at Nyquist")
    func butterworthLowPass() {
        let lp = Biquad.lowPass(frequency: 1000, sampleRate: fs)
        #expect(abs(db(lp.response(frequency: 1e-6, sampleRate: fs))) < 1e-9)
        #expect(abs(db(lp.response(frequency: 1000, sampleRate: fs)) + 10 * log10(2.0)) < 1e-9)
        #expect(lp.response(frequency: fs / 2, sampleRate: fs).length < 1e-12)
        let hp = Biquad.highPass(frequency: 1000, sampleRate: fs)
        #expect(abs(db(hp.response(frequency: 1000, sampleRate: fs)) + 10 * log10(2.0)) < 1e-9)
        #expect(abs(db(hp.response(frequency: fs / 2, sampleRate: fs))) < 1e-9)
    }

    @Test("Peaking, shelving, notch and all-pass biquads hit their defining gains")
    func cookbookGains() {
        let peak = Biquad.peaking(frequency: 2000, q: 2, gainDB: 6, sampleRate: fs)
        #expect(abs(db(peak.response(frequency: 2000, sampleRate: fs)) - 6) < 1e-9)
        #expect(abs(db(peak.response(frequency: 1e-6, sampleRate: fs))) < 1e-9)
        let low = Biquad.lowShelf(frequency: 200, gainDB: -9, sampleRate: fs)
        #expect(abs(db(low.response(frequency: 1e-6, sampleRate: fs)) + 9) < 1e-9)
        #expect(abs(db(low.response(frequency: fs / 2, sampleRate: fs))) < 1e-9)
        #expect(abs(db(low.response(frequency: 200, sampleRate: fs)) + 4.5) < 1e-9)
        let high = Biquad.highShelf(frequency: 5000, gainDB: 4, sampleRate: fs)
        #expect(abs(db(high.response(frequency: fs / 2, sampleRate: fs)) - 4) < 1e-9)
        let notch = Biquad.notch(frequency: 3000, q: 5, sampleRate: fs)
        #expect(notch.response(frequency: 3000, sampleRate: fs).length < 1e-12)
        let allPass = Biquad.allPass(frequency: 800, q: 0.7, sampleRate: fs)
        for f in [10.0, 800, 5000, 20000] {
            #expect(abs(allPass.response(frequency: f, sampleRate: fs).length - 1) < 1e-12)
        }
        #expect(abs(abs(allPass.response(frequency: 800, sampleRate: fs).phase) - Double.pi) < 1e-9)
        let bandPass = Biquad.bandPass(frequency: 1500, q: 3, sampleRate: fs)
        #expect(abs(db(bandPass.response(frequency: 1500, sampleRate: fs))) < 1e-9)
    }

    @Test("A biquad's impulse response has the spectrum its response() formula states")
    func timeDomainMatchesResponse() {
        let filter = Biquad.peaking(frequency: 700, q: 1.5, gainDB: -8, sampleRate: fs)
        var impulse = [Double](repeating: 0, count: 4800)
        impulse[0] = 1
        let h = filter.process(impulse)
        for f in [50.0, 700, 3000, 15000] {
            let measured = FIRResponse.response(h, frequency: f, sampleRate: fs)
            #expect((measured - filter.response(frequency: f, sampleRate: fs)).length < 1e-9)
        }
        let cascade = BiquadCascade([filter, Biquad.lowPass(frequency: 5000, sampleRate: fs)])
        let hc = cascade.process(impulse)
        #expect(
            (FIRResponse.response(hc, frequency: 2000, sampleRate: fs)
                - cascade.response(frequency: 2000, sampleRate: fs)).length < 1e-9)
    }

    @Test("First-order sections: −3.01 dB corners, all-pass at −90° with unit magnitude")
    func firstOrder() {
        let lp = FirstOrderSection.lowPass(frequency: 1500, sampleRate: fs)
        #expect(abs(db(lp.response(frequency: 1500, sampleRate: fs)) + 10 * log10(2.0)) < 1e-9)
        #expect(abs(db(lp.response(frequency: 1e-6, sampleRate: fs))) < 1e-9)
        let hp = FirstOrderSection.highPass(frequency: 1500, sampleRate: fs)
        #expect(abs(db(hp.response(frequency: 1500, sampleRate: fs)) + 10 * log10(2.0)) < 1e-9)
        let ap = FirstOrderSection.allPass(frequency: 1500, sampleRate: fs)
        #expect(abs(ap.response(frequency: 1500, sampleRate: fs).phase + Double.pi / 2) < 1e-9)
        for f in [1.0, 1500, 20000] { #expect(abs(ap.response(frequency: f, sampleRate: fs).length - 1) < 1e-12) }
        var impulse = [Double](repeating: 0, count: 4000)
        impulse[0] = 1
        let h = lp.process(impulse)
        #expect(
            (FIRResponse.response(h, frequency: 900, sampleRate: fs) - lp.response(frequency: 900, sampleRate: fs))
                .length < 1e-9)
    }
}

@Suite("FIR design")
struct FIRDesignTests {
    @Test("Windowed-sinc low-pass: unity at DC, −6 dB at the cut-off, Hamming stop band below −50 dB")
    func lowPass() {
        let length = 201
        let h = FIRDesign.lowPass(cutoff: 4000, sampleRate: fs, length: length)
        #expect(abs(FIRResponse.magnitudeDB(h, frequency: 0, sampleRate: fs)) < 1e-9)
        // Window-method designs cross −6.02 dB at the cut-off to within the window's ripple.
        #expect(abs(FIRResponse.magnitudeDB(h, frequency: 4000, sampleRate: fs) + 6.02) < 0.1)
        // Hamming's transition is 3.3·fs/N wide; beyond it the stop band is at most −53 dB.
        let stopStart = 4000 + 3.3 * fs / Double(length)
        for f in stride(from: stopStart, through: fs / 2, by: 97) {
            #expect(FIRResponse.magnitudeDB(h, frequency: f, sampleRate: fs) < -50)
        }
        #expect(abs(FIRResponse.groupDelay(h, frequency: 1000, sampleRate: fs) - 100) < 1e-6)
    }

    @Test("High-pass and band-pass by spectral inversion keep their pass bands at 0 dB")
    func highAndBandPass() {
        let hp = FIRDesign.highPass(cutoff: 2000, sampleRate: fs, length: 301)
        #expect(abs(FIRResponse.magnitudeDB(hp, frequency: fs / 2, sampleRate: fs)) < 0.01)
        #expect(FIRResponse.magnitudeDB(hp, frequency: 0, sampleRate: fs) < -50)
        let bp = FIRDesign.bandPass(low: 500, high: 4000, sampleRate: fs, length: 401)
        #expect(abs(FIRResponse.magnitudeDB(bp, frequency: 1400, sampleRate: fs)) < 0.02)
        #expect(FIRResponse.magnitudeDB(bp, frequency: 10000, sampleRate: fs) < -50)
    }

    @Test("Minimum phase: 1 − 2z⁻¹ (zero outside the circle) becomes 2 − z⁻¹")
    func minimumPhaseOfMaximumPhaseZero() {
        let converted = MinimumPhase.convert([1, -2])
        #expect(abs(converted[0] - 2) < 1e-3 && abs(converted[1] + 1) < 1e-3)
    }

    @Test("Minimum phase keeps the magnitude and moves energy to the front")
    func minimumPhaseOfLinearPhase() {
        let h = FIRDesign.lowPass(cutoff: 3000, sampleRate: fs, length: 127, window: .blackman)
        let m = MinimumPhase.convert(h, oversampling: 32)
        for f in stride(from: 0.0, through: 2500, by: 250) {
            #expect(
                abs(
                    FIRResponse.magnitudeDB(m, frequency: f, sampleRate: fs)
                        - FIRResponse.magnitudeDB(h, frequency: f, sampleRate: fs)) < 0.01)
        }
        var cumulativeMin = 0.0, cumulativeLinear = 0.0
        for i in 0..<h.count {
            cumulativeMin += m[i] * m[i]
            cumulativeLinear += h[i] * h[i]
            // Truncating to the original length drops ≈2e-6 of the energy (numerical tail), hence 1e-5.
            #expect(cumulativeMin >= cumulativeLinear * (1 - 1e-5))
        }
    }
}

@Suite("Fractional delay")
struct FractionalDelayTests {
    @Test(
        "81-tap windowed sinc delivers its delay within 0.001 sample and is flat within 0.1 dB to 0.4·fs",
        arguments: [0.0, 0.1, 0.25, 0.5, 0.77, 0.999])
    func delayAndFlatness(fraction: Double) {
        let delay = FractionalDelay()
        let taps = delay.kernel(fraction: fraction)
        #expect(taps.count == 81)
        let groupDelay = FIRResponse.groupDelay(taps, frequency: 10, sampleRate: fs)
        #expect(abs(groupDelay - (40 + fraction)) < 0.001)
        for f in stride(from: 0.0, through: 0.4 * fs, by: 100) {
            #expect(abs(FIRResponse.magnitudeDB(taps, frequency: f, sampleRate: fs)) < 0.1)
        }
    }

    @Test("An impulse added at t = 12.5 samples peaks between samples 12 and 13 with no global shift")
    func addImpulseHasNoOffset() {
        var buffer = [Double](repeating: 0, count: 200)
        FractionalDelay().addImpulse(into: &buffer, timeSamples: 100.25, gain: 2)
        let peak = buffer.indices.max { buffer[$0] < buffer[$1] }!
        #expect(peak == 100)
        let centroid = buffer.enumerated().reduce(0) { $0 + Double($1.offset) * $1.element } / buffer.reduce(0, +)
        #expect(abs(centroid - 100.25) < 0.001)
        #expect(abs(buffer.reduce(0, +) - 2) < 1e-3)
    }
}
