import Foundation
import Hearing
import SoundstageDSP
import Testing

private let fs = 48000.0

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

@Suite("Lateralization: ITD to lateral angle, width and centre error")
struct LateralizationTests {
    @Test("Woodworth ITD: 261.1 µs at 30°, 488.1 µs at 60°, 655.8 µs at 90° (a = 8.75 cm, c = 343 m/s)")
    func woodworthValues() {
        let model = WoodworthLateralization()
        for (deg, us) in [(30.0, 261.1), (60.0, 488.1), (90.0, 655.8)] {
            #expect(abs(model.itd(lateralAngle: deg * Double.pi / 180) * 1e6 - us) < 0.1)
        }
    }

    @Test("Woodworth lateralization inverts the ITD formula at every angle")
    func woodworthRoundTrip() {
        let model = WoodworthLateralization()
        for deg in stride(from: -90.0, through: 90, by: 2.5) {
            let itd = model.itd(lateralAngle: deg * Double.pi / 180)
            #expect(abs(model.lateralAngleDegrees(itdSeconds: itd, ildDB: 0) - deg) < 1e-9)
        }
        #expect(model.lateralAngleDegrees(itdSeconds: 0.002, ildDB: 0) == 90)
    }

    @Test("A lateralization table interpolates linearly and clamps at its ends")
    func table() throws {
        let table = try #require(LateralizationTable(anglesDegrees: [-90, 0, 90], itdSeconds: [-6e-4, 0, 6e-4]))
        #expect(abs(table.lateralAngleDegrees(itdSeconds: 3e-4, ildDB: 0) - 45) < 1e-9)
        #expect(table.lateralAngleDegrees(itdSeconds: 1e-3, ildDB: 0) == 90)
        #expect(LateralizationTable(anglesDegrees: [0, 1], itdSeconds: [1, 0]) == nil)
    }

    @Test("Images at ±30° (Woodworth ITDs) give a width of 60° and a centred image no error")
    func widthAndCentre() {
        let model = WoodworthLateralization()
        let noise = TestSignals.pinkNoise(count: 24000, seed: 45)
        let itd30 = model.itd(lateralAngle: Double.pi / 6)
        let left = EarSignals(left: noise, right: fftDelayed(noise, by: itd30 * fs), sampleRate: fs)
        let right = EarSignals(left: fftDelayed(noise, by: itd30 * fs), right: noise, sampleRate: fs)
        #expect(abs(StereoImage.widthDegrees(hardLeft: left, hardRight: right, model: model) - 60) < 1)
        let centre = EarSignals(left: noise, right: noise, sampleRate: fs)
        #expect(abs(StereoImage.centreErrorDegrees(centre: centre, deviceLateralDegrees: 0, model: model)) < 1e-6)
        #expect(
            abs(StereoImage.separationDB(EarSignals(left: noise, right: noise.map { $0 * 0.1 }, sampleRate: fs)) - 20)
                < 1e-9)
    }
}
