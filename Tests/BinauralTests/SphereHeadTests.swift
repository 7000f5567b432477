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

    @Test("Responses on a shared frequency grid equal the series summed term by term for each direction and ear")
    func sharedSeriesMatchesDirectSum() {
        // The HRIR grid (257 bins of a 512-point FFT at 48 kHz), asked for twice, so the second call
        // reads the series the first one made.
        let frequencies = (0..<257).map { Double($0) * fs / 512 }
        let directions = [(0.3, 0.1), (1.7, -0.4), (-2.2, 0.9), (Double.pi / 2, 0)].map {
            HeadDirection.vector(azimuth: $0.0, elevation: $0.1)
        }
        for direction in directions + directions {
            let (l, r) = head.transferFunctions(direction: direction, frequencies: frequencies)
            let d = direction.normalized
            for (k, f) in frequencies.enumerated() {
                #expect(l[k] == SphereHeadTests.directSum(cosAngle: d.dot(head.ears.left), frequency: f))
                #expect(r[k] == SphereHeadTests.directSum(cosAngle: d.dot(head.ears.right), frequency: f))
            }
        }
    }

    /// Duda & Martens' series summed the plain way, every term divided by h′_m(μ) as it comes (the
    /// model's implementation before it reused the radial terms across directions).
    static func directSum(cosAngle x: Double, frequency: Double, radius: Double = 0.0875) -> Complex<Double> {
        let mu = 2 * Double.pi * frequency * radius / SpeedOfSound.nominal
        if mu < 1e-6 { return Complex(1) }
        var (jPrevious, yPrevious) = (0.0, 0.0)
        var jm = sin(mu) / mu, ym = -cos(mu) / mu
        var jNext = sin(mu) / (mu * mu) - cos(mu) / mu, yNext = -cos(mu) / (mu * mu) - sin(mu) / mu
        var sum = Complex<Double>(0)
        var pPrevious = 1.0, p = x
        for m in 0..<min(Int(mu) + 40, 400) {
            let dj = m == 0 ? -jNext : jPrevious - Double(m + 1) / mu * jm
            let dy = m == 0 ? -yNext : yPrevious - Double(m + 1) / mu * ym
            let phase = [Complex<Double>(0, 1), Complex(1, 0), Complex(0, -1), Complex(-1, 0)][m % 4]
            let term = phase * Complex(Double(2 * m + 1) * (m == 0 ? 1.0 : p)) / Complex(dj, dy)
            sum = sum + term
            if m > Int(mu) + 30 && term.length < 1e-12 * sum.length { break }
            if m >= 1 { (pPrevious, p) = (p, (Double(2 * m + 1) * x * p - Double(m) * pPrevious) / Double(m + 1)) }
            let k = Double(2 * m + 3) / mu
            (jPrevious, jm, jNext) = (jm, jNext, k * jNext - jm)
            (yPrevious, ym, yNext) = (ym, yNext, k * yNext - ym)
        }
        return (sum * Complex(1 / (mu * mu))).conjugate
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
