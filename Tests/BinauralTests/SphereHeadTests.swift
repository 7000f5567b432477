import Binaural
import Foundation
import Numerics
import RoomAcoustics
import RoomMetrics
import SoundstageDSP
import Testing

let fs = 48000.0

@Suite("Rigid sphere (Duda & Martens)")
struct SphereHeadTests {
    let head = SphereHead()

    @Test("ILD of a plane wave at 90°, ears at ±100°: 3.0 dB at 1 kHz, 6.1 dB at 3 kHz, 13.9 dB at 6 kHz (±0.5 dB)")
    func ildAt90() {
        let left = HeadDirection.vector(azimuth: Double.pi / 2, elevation: 0)
        for (f, expected) in [(1000.0, 3.0), (3000.0, 6.1), (6000.0, 13.9)] {
            let (l, r) = head.transferFunctions(direction: left, frequencies: [f])
            let ild = 20 * log10(l[0].length / r[0].length)
            #expect(abs(ild - expected) < 0.5, "ILD at \(f) Hz is \(ild) dB")
        }
    }

    @Test("The ear facing the source tends to +6 dB (pressure doubling) at high frequency; → 0 dB at low frequency")
    func nearEarGain() {
        let towardLeftEar = head.ears.left
        let (l, _) = head.transferFunctions(direction: towardLeftEar, frequencies: [20, 20000])
        #expect(abs(20 * log10(l[0].length)) < 0.01)
        #expect(abs(20 * log10(l[1].length) - 6.02) < 0.5)
    }

    @Test("Low-frequency phase: the near ear leads the head centre by about 1.5·a/c·cos θ (Kuhn)")
    func lowFrequencyPhaseSign() {
        let (l, r) = head.transferFunctions(
            direction: HeadDirection.vector(azimuth: Double.pi / 2, elevation: 0), frequencies: [100])
        // Phase delay τ = −φ/ω: negative (advance) at the near (left) ear, positive at the far ear.
        let w = 2 * Double.pi * 100
        #expect(-l[0].phase / w < 0 && -r[0].phase / w > 0)
        // Interaural LF delay tends to 3(a/c)·sin(θ) = 765 µs at 90° for ears at ±90°; at ±100° slightly less.
        let itd = (-r[0].phase + l[0].phase) / w
        #expect(itd > 650e-6 && itd < 780e-6)
    }

    @Test(
        "Cross-correlation ITD of the sphere's HRIRs lies between Woodworth and the low-frequency limit",
        arguments: [30.0, 60.0, 90.0])
    func itdBetweenWoodworthAndKuhn(degrees: Double) {
        let theta = degrees * Double.pi / 180
        let (l, r) = HRIR.pair(
            head: head, direction: HeadDirection.vector(azimuth: theta, elevation: 0), sampleRate: fs, length: 1024)
        let itd = InterauralCues.itd(EarSignals(left: l, right: r, sampleRate: fs))
        let woodworth = 0.0875 / 343 * (theta + sin(theta))
        let kuhn = 3 * 0.0875 / 343 * sin(theta)
        // Ears at ±100° shorten the path for lateral sources a little; 5 % below Woodworth is allowed.
        #expect(
            itd >= 0.95 * woodworth && itd <= 1.02 * kuhn,
            "ITD \(itd * 1e6) µs, Woodworth \(woodworth * 1e6), Kuhn \(kuhn * 1e6)")
    }
}
