import Binaural
import Foundation
import Numerics
import RoomAcoustics
import SceneFiles
import SoundstageDSP
import SpatialChain
import Testing

private let fs = 48000.0

private func energy(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 } }
private func db(_ ratio: Double) -> Double { 10 * log10(ratio) }

@Suite("Upmix")
struct UpmixTests {
    let upmix = MidSideUpmix()
    let n = 48000

    @Test("Hard-panned input puts less than −30 dB of its energy in C")
    func hardPanned() {
        let x = TestSignals.pinkNoise(count: n, seed: 1)
        let out = upmix.process(left: x, right: [Double](repeating: 0, count: n), sampleRate: fs)
        #expect(db(energy(out.centre) / energy(x)) < -30)
    }

    @Test("Centre-panned input puts less than −30 dB in L′ and R′")
    func centrePanned() {
        let x = TestSignals.pinkNoise(count: n, seed: 2)
        let out = upmix.process(left: x, right: x, sampleRate: fs)
        #expect(db(energy(out.left) / energy(x)) < -30 && db(energy(out.right) / energy(x)) < -30)
    }

    @Test("On mixed material C is uncorrelated with S (|ρ| < 0.05), and L′ + C reconstructs L")
    func mixedMaterial() {
        // White material: the sample correlation of two uncorrelated signals scatters by about
        // 1/√(2·B·T) (≈ 0.005 for 24 kHz × 1 s), so 0.05 tests the decorrelation, not the luck of the
        // draw. (Pink material concentrates its energy in a few low bins and scatters by ≈ 0.07.)
        let centre = TestSignals.whiteNoise(count: n, seed: 3)
        let (a, b) = TestSignals.stereoNoise(count: n, seed: 4, correlation: 0.2, pink: false)
        let left = zip(centre, a).map { $0 + 0.7 * $1 }, right = zip(centre, b).map { $0 + 0.5 * $1 }
        let out = upmix.process(left: left, right: right, sampleRate: fs)
        let s = zip(left, right).map { ($0 - $1) / 2 }
        let rho = zip(out.centre, s).reduce(0) { $0 + $1.0 * $1.1 } / (energy(out.centre) * energy(s)).squareRoot()
        #expect(abs(rho) < 0.05, "ρ(C, S) = \(rho)")
        let rebuilt = zip(out.left, out.centre).map { $0 + $1 }
        #expect(zip(rebuilt, left).allSatisfy { abs($0 - $1) < 1e-9 })
    }
}

@Suite("Virtualizer, crossovers")
struct VirtualizerTests {
    @Test(
        """
        The virtualizer's far/near response matches the structural head's relative HRTF at 30° within 1 dB, 200 Hz–8 \
        kHz
        """
    )
    func relativeResponse() {
        let v = Virtualizer(sampleRate: fs)
        var impulse = [Double](repeating: 0, count: 4096)
        impulse[0] = 1
        let near = v.ipsilateralPath(impulse), far = v.contralateral(impulse)
        let head = StructuralHead()
        let d = HeadDirection.vector(azimuth: Double.pi / 6, elevation: 0)
        for f in stride(from: 200.0, through: 8000, by: 100) {
            let (l, r) = head.transferFunctions(direction: d, frequencies: [f])
            let expected = 20 * log10(r[0].length / l[0].length)
            let measured =
                20
                * log10(
                    FIRResponse.response(far, frequency: f, sampleRate: fs).length
                        / FIRResponse.response(near, frequency: f, sampleRate: fs).length)
            #expect(abs(measured - expected) < 1, "at \(f) Hz: \(measured) dB vs \(expected) dB")
        }
        // Its low-frequency delay is the model's: the interaural delay T(120°) − T(60°) = 261 µs plus
        // the shelf ratio's own group delay, read here off the model's phase slope at 100 Hz.
        let delay =
            FIRResponse.groupDelay(far, frequency: 100, sampleRate: fs)
            - FIRResponse.groupDelay(near, frequency: 100, sampleRate: fs)
        let (l1, r1) = head.transferFunctions(direction: d, frequencies: [99, 101])
        let phase = { (i: Int) in (r1[i] / l1[i]).phase }
        let modelDelay = -(phase(1) - phase(0)) / (2 * Double.pi * 2) * fs
        #expect(abs(delay - modelDelay) < 0.5, "virtualizer \(delay) samples, model \(modelDelay)")
    }

    /// A design head other than the structural model: the far/near path against the sphere's own
    /// transfer functions (the Rayleigh series it is designed from), magnitude and phase, at 30°. The
    /// 1 dB and 3° bounds allow for the 512-tap realization's taper. The last expectation checks that the
    /// structural closed form misses this sphere by more than 1 dB somewhere, so the test tells them apart.
    @Test("On a sphere design head the virtualizer's far/near response is the sphere's at 30° (1 dB, 3°)")
    func sphereDesignHead() {
        let head = SphereHead()
        let d = HeadDirection.vector(azimuth: Double.pi / 6, elevation: 0)
        var impulse = [Double](repeating: 0, count: 4096)
        impulse[0] = 1
        func errors(_ v: Virtualizer, _ f: Double) -> (level: Double, phase: Double) {
            let (l, r) = head.transferFunctions(direction: d, frequencies: [f])
            let measured =
                FIRResponse.response(v.contralateral(impulse), frequency: f, sampleRate: fs)
                / FIRResponse.response(v.ipsilateralPath(impulse), frequency: f, sampleRate: fs)
            let ratio = measured / (r[0] / l[0])
            return (20 * log10(ratio.length), ratio.phase * 180 / Double.pi)
        }
        let onSphere = Virtualizer(head: head, sampleRate: fs), structural = Virtualizer(sampleRate: fs)
        var worstStructural = 0.0
        for f in stride(from: 200.0, through: 8000, by: 100) {
            let e = errors(onSphere, f)
            #expect(abs(e.level) < 1, "at \(f) Hz: \(e.level) dB")
            #expect(abs(e.phase) < 3, "at \(f) Hz: \(e.phase)°")
            worstStructural = max(worstStructural, abs(errors(structural, f).level))
        }
        // The test can tell the heads apart: the structural closed form is further from this sphere.
        #expect(worstStructural > 1, "the structural virtualizer is within \(worstStructural) dB of the sphere")
    }

    @Test("Linkwitz–Riley branches sum to an all-pass (0 dB everywhere)")
    func crossoverSum() {
        let x = Crossover()
        for f in [50.0, 250, 1000, 5000, 15000] {
            let sum =
                x.woofer(sampleRate: fs).response(frequency: f, sampleRate: fs)
                + Crossover.highPass(200, sampleRate: fs).response(frequency: f, sampleRate: fs)
            #expect(abs(20 * log10(sum.length)) < 1e-6)
        }
    }
}

@Suite("Crosstalk cancellation and beamforming")
struct CancellationTests {
    static let device = try! DeviceFile.load("echo-studio")
    static let mids = [1, 2, 3]

    @Test(
        """
        CTC at the nominal seat follows the target within 1 dB where the boost cap is inactive; filters finite, \
        causal, bounded
        """
    )
    func ctcFollowsTarget() {
        let plant = FreeFieldPlant.nominal(
            device: CancellationTests.device, drivers: CancellationTests.mids, head: SphereHead())
        let ctc = CrosstalkCanceller(plant: plant, sampleRate: fs)
        // Check the FIR realization against the plant on an independent frequency grid.
        let freqs = stride(from: 300.0, through: 8000, by: 137).map { $0 }
        let h = plant.matrices(frequencies: freqs)
        for (i, f) in freqs.enumerated() {
            let k = Int((f / fs * Double(ctc.length)).rounded())
            if ctc.capActive[k] { continue }
            let c = ctc.filters.map { inputs in inputs.map { FIRResponse.response($0, frequency: f, sampleRate: fs) } }
            // Response of the left binaural input at each ear.
            let ipsi = (0..<3).reduce(Complex<Double>(0)) { $0 + h[i][0][$1] * c[$1][0] }
            let contra = (0..<3).reduce(Complex<Double>(0)) { $0 + h[i][1][$1] * c[$1][0] }
            let ratio = 20 * log10(ipsi.length / contra.length)
            let natural = 20 * log10(h[i][0].reduce(0) { $0 + $1.length } / h[i][1].reduce(0) { $0 + $1.length })
            let target = max(ctc.target.ratioDB(at: f), 0)
            if target > natural + 1 {
                #expect(abs(ratio - target) < 1, "at \(f) Hz: \(ratio) dB vs target \(target) dB")
            }
        }
        for filter in ctc.filters.flatMap({ $0 }) {
            let finite = filter.allSatisfy { $0.isFinite }
            #expect(finite)
            #expect(filter.map(abs).max()! < 100)
            // Causal: negligible energy in the first and last 5 % (the window's tails).
            let edge = filter.count / 20
            #expect(energy(Array(filter.prefix(edge))) < 1e-4 * energy(filter))
        }
        let capped = ctc.boostDB.allSatisfy { $0 <= ctc.boostCapDB + 0.01 }
        #expect(capped)
    }

    @Test("Beamformer in free field at 1 kHz: ≥ 20 dB below on-axis at ±90°, within 7 dB of on-axis at ±45°")
    func beamPattern() {
        let beam = CentreBeamformer(device: CancellationTests.device, drivers: CancellationTests.mids, sampleRate: fs)
        let axis = beam.response(azimuth: 0, frequency: 1000).length
        for deg in [90.0, -90] {
            #expect(20 * log10(beam.response(azimuth: deg * Double.pi / 180, frequency: 1000).length / axis) <= -20)
        }
        for deg in [45.0, -45] {
            #expect(20 * log10(beam.response(azimuth: deg * Double.pi / 180, frequency: 1000).length / axis) >= -7)
        }
        #expect(abs(axis - 1) < 1e-6)
        #expect(beam.directivity(frequency: 1000).q > 1)
    }
}

@Suite("Delay alignment")
struct DelayAlignmentTests {
    @Test(
        """
        An impulse through every path (woofer, tweeter, virtualizer + CTC, beam) peaks at the same sample ±1 at the \
        nominal seat
        """
    )
    func alignment() throws {
        let device = try DeviceFile.load("echo-studio")
        let head = SphereHead()
        let p = try SpatialProcessor(device: device, head: head, sampleRate: fs)
        let plant = FreeFieldPlant.nominal(device: device, drivers: Array(0..<5), head: head)
        let n = 4096
        let fft = RealFFT.plan(size: n)
        let freqs = (0..<fft.binCount).map { max(Double($0), 0.5) * fs / Double(n) }
        let h = plant.matrices(frequencies: freqs)  // [k][ear][driver]
        /// Left-ear impulse response of per-driver FIRs `filters` (driver index → taps).
        func leftEar(_ filters: [Int: [Double]]) -> [Double] {
            var spectrum = [Double](repeating: 0, count: 2 * fft.binCount)
            for (driver, taps) in filters {
                let t = fft.forward(taps)
                for k in 0..<fft.binCount {
                    let x = Complex(t[2 * k], t[2 * k + 1]) * h[k][0][driver]
                    spectrum[2 * k] += x.real
                    spectrum[2 * k + 1] += x.imaginary
                }
            }
            return fft.inverse(spectrum)
        }
        func peak(_ x: [Double]) -> Int { x.indices.max { abs(x[$0]) < abs(x[$1]) }! }
        var impulse = [Double](repeating: 0, count: n)
        impulse[0] = 1
        let silence = [Double](repeating: 0, count: n)
        // The chain's own paths, crossovers left out (the LR4 branches are in phase by construction).
        func delta(_ at: Int) -> [Double] {
            var d = [Double](repeating: 0, count: n)
            d[at] = 1
            return d
        }
        let woofer = leftEar([p.woofer: delta(p.latency + p.wooferAlignment)])
        let tweeter = leftEar([p.tweeter: delta(p.latency + p.tweeterAlignment)])
        let side = leftEar([p.mids[0]: delta(p.latency + p.sideAlignment)])
        let cancelled = p.cancel(left: delta(p.ctcAlignment), right: silence)
        let ctc = leftEar(
            Dictionary(uniqueKeysWithValues: p.mids.enumerated().map { ($0.element, cancelled[$0.offset]) }))
        let beamed = p.beamform(impulse, extraDelay: p.latency - p.configuration.filterLength / 2 + p.beamAlignment)
        let beam = leftEar(
            Dictionary(uniqueKeysWithValues: p.mids.enumerated().map { ($0.element, beamed[$0.offset]) }))
        let peaks = [woofer, tweeter, side, ctc, beam].map(peak)
        #expect(peaks.max()! - peaks.min()! <= 1, "peaks at samples \(peaks)")
    }
}

@Suite("Robust CTC")
struct RobustCTCTests {
    /// Mean over 500 Hz–4 kHz of the worse input's ipsi/contra ratio that `ctc` achieves at `plant`.
    static func meanCancellation(_ ctc: CrosstalkCanceller, at plant: FreeFieldPlant) -> Double {
        let freqs = stride(from: 500.0, through: 4000, by: 50).map { $0 }
        let h = plant.matrices(frequencies: freqs)
        var sum = 0.0
        for (i, f) in freqs.enumerated() {
            let c = ctc.filters.map { $0.map { FIRResponse.response($0, frequency: f, sampleRate: fs) } }
            var ratios = [Double]()
            for input in 0..<2 {
                let ipsi = (0..<3).reduce(Complex<Double>(0)) { $0 + h[i][input][$1] * c[$1][input] }
                let contra = (0..<3).reduce(Complex<Double>(0)) { $0 + h[i][1 - input][$1] * c[$1][input] }
                ratios.append(20 * log10(ipsi.length / contra.length))
            }
            sum += ratios.min()!
        }
        return sum / Double(freqs.count)
    }

    @Test("Designed over seats ±10 cm around the nominal one, the canceller holds more cancellation 10 cm off-axis")
    func robustHelpsOffAxis() {
        let nominal = FreeFieldPlant.nominal(device: CancellationTests.device, drivers: [2, 1, 3], head: SphereHead())
        let plain = CrosstalkCanceller(plant: nominal, sampleRate: fs)
        let robust = CrosstalkCanceller(
            plant: nominal, alternatives: SpatialProcessor.seatsAround(nominal, spread: 0.1), sampleRate: fs)
        let off = SpatialProcessor.seatsAround(nominal, spread: 0.1)[0]
        let plainOff = RobustCTCTests.meanCancellation(plain, at: off),
            robustOff = RobustCTCTests.meanCancellation(robust, at: off)
        // Measured: 4.9 dB (nominal design) vs 8.9 dB (robust) 10 cm to the side, at the price of
        // 20.0 vs 16.9 dB at the nominal seat.
        #expect(robustOff > plainOff + 2)
        #expect(RobustCTCTests.meanCancellation(robust, at: nominal) > 15)
    }
}

@Suite("RTF form")
struct RTFTests {
    @Test(
        """
        Each driver's CTC filter equals the reference driver's filter convolved with its relative transfer function \
        (in band, within 0.1 dB)
        """
    )
    func rtfReconstructs() {
        let plant = FreeFieldPlant.nominal(device: CancellationTests.device, drivers: [2, 1, 3], head: SphereHead())
        let ctc = CrosstalkCanceller(plant: plant, sampleRate: fs)
        let rtf = ctc.relativeTransferFunctions(reference: 0)
        for d in 1..<3 {
            for input in 0..<2 {
                let rebuilt = Convolution.convolve(ctc.filters[0][input], rtf[d][input])
                for f in stride(from: 500.0, through: 4000, by: 250) {
                    let a = FIRResponse.magnitudeDB(rebuilt, frequency: f, sampleRate: fs)
                    let b = FIRResponse.magnitudeDB(ctc.filters[d][input], frequency: f, sampleRate: fs)
                    #expect(abs(a - b) < 0.1, "driver \(d) input \(input) at \(f) Hz: \(a) vs \(b) dB")
                }
            }
        }
    }
}

@Suite("Static LRC matrix")
struct StaticMatrixTests {
    @Test("The static matrix takes g·(L+R)/2 as centre and keeps L′ + C = L and L′ − R′ = L − R")
    func staticMatrix() {
        let l = TestSignals.whiteNoise(count: 1000, seed: 5), r = TestSignals.whiteNoise(count: 1000, seed: 6)
        let out = MidSideUpmix.staticMatrix(left: l, right: r, centreGain: 0.7)
        for i in 0..<1000 {
            #expect(abs(out.centre[i] - 0.7 * (l[i] + r[i]) / 2) < 1e-15)
            #expect(abs(out.left[i] + out.centre[i] - l[i]) < 1e-15)
            #expect(abs((out.left[i] - out.right[i]) - (l[i] - r[i])) < 1e-14)
        }
    }
}

@Suite("Array directivity")
struct ArrayDirectivityTests {
    static func pair(spacing d: Double) -> Device {
        Device(
            name: "pair",
            drivers: [
                Driver(name: "a", position: Vector3(0, d / 2, 0), axis: Vector3(1, 0, 0), directivity: .omni),
                Driver(name: "b", position: Vector3(0, -d / 2, 0), axis: Vector3(1, 0, 0), directivity: .omni),
            ])
    }

    @Test("One omni driver: Q = 1; two in phase, broadside: Q = 2/(1 + sin kd/kd) (within the 5° grid's 1 %)")
    func pairOfOmnis() {
        let single = Device(
            name: "one", drivers: [Driver(name: "a", position: .zero, axis: Vector3(1, 0, 0), directivity: .omni)])
        #expect(
            abs(
                ArrayDirectivity.directivityFactor(
                    device: single, feeds: [[1]], sampleRate: fs, speedOfSound: 343, frequencies: [1000]) - 1) < 0.01)
        for (d, f) in [(0.1, 1000.0), (0.3, 2000.0)] {
            let kd = 2 * Double.pi * f / 343 * d
            let expected = 2 / (1 + sin(kd) / kd)
            let q = ArrayDirectivity.directivityFactor(
                device: ArrayDirectivityTests.pair(spacing: d), feeds: [[1], [1]], sampleRate: fs, speedOfSound: 343,
                frequencies: [f])
            #expect(abs(q / expected - 1) < 0.01, "d \(d) m, \(f) Hz: \(q) vs \(expected)")
        }
    }
}

@Suite("Radiated power and the canceller that spends less of it on the room")
struct RadiatedPowerTests {
    /// Two omni drivers 10 cm apart along y.
    static let omniPair = Device(
        name: "pair",
        drivers: [
            Driver(name: "a", position: Vector3(0, 0.05, 0), axis: Vector3(1, 0, 0), directivity: .omni),
            Driver(name: "b", position: Vector3(0, -0.05, 0), axis: Vector3(1, 0, 0), directivity: .omni),
        ])

    @Test("Omni drivers: P = 1, and sin(kd)/(kd) between two d apart; a piston's own power is its mean-square gain")
    func closedForms() {
        let omni = RadiatedPowerTests.omniPair
        for f in [200.0, 1000, 3000] {
            let p = RadiatedPower.matrix(device: omni, drivers: [0, 1], frequency: f, speedOfSound: 343)
            let kd = 2 * Double.pi * f / 343 * 0.1
            #expect(abs(p[0][0].real - 1) < 1e-12 && abs(p[1][1].real - 1) < 1e-12)
            // The 5° grid's quadrature error of the sinc, checked at these kd (≤ 5.5): below 1e-3.
            #expect(abs(p[0][1].real - sin(kd) / kd) < 1e-3 && abs(p[0][1].imaginary) < 1e-9, "\(f) Hz")
        }
        let piston = Directivity.piston(radius: 0.022)
        let single = Device(
            name: "one", drivers: [Driver(name: "m", position: .zero, axis: Vector3(0, 1, 0), directivity: piston)])
        for f in [500.0, 4000, 12000] {
            let p = RadiatedPower.matrix(device: single, drivers: [0], frequency: f, speedOfSound: 343)[0][0].real
            let meanSquare = piston.meanSquareGain(frequency: f, speedOfSound: 343)
            #expect(abs(p / meanSquare - 1) < 0.01, "\(f) Hz: \(p) vs \(meanSquare)")
        }
    }

    /// Second method: the same region mean, ⟨cos(kd·cos e·sin a)⟩ for two omnis d apart along y, by a
    /// 0.25° midpoint rule over azimuths 45–135° (both sides) and elevations ±30°, area-weighted.
    @Test("The side region's P for two omnis agrees with a 0.25° integral over the same region within 2e-3")
    func sideRegion() {
        let omni = RadiatedPowerTests.omniPair
        for f in [500.0, 1000, 2000] {
            let p = RadiatedPower.matrix(
                device: omni, drivers: [0, 1], frequency: f, speedOfSound: 343, region: .sides)
            let kd = 2 * Double.pi * f / 343 * 0.1
            var sum = 0.0, weight = 0.0
            for e in stride(from: -29.875, through: 29.875, by: 0.25) {
                let el = e * Double.pi / 180
                for a in stride(from: 45.125, through: 134.875, by: 0.25) {
                    sum += cos(el) * cos(kd * cos(el) * sin(a * Double.pi / 180))
                    weight += cos(el)
                }
            }
            #expect(abs(p[0][0].real - 1) < 1e-12)
            #expect(abs(p[0][1].real - sum / weight) < 2e-3 && abs(p[0][1].imaginary) < 1e-9, "\(f) Hz")
        }
    }

    @Test(
        "A radiation budget: the filters' radiated power (measured through their FIRs) meets the cap; cancellation pays"
    )
    func radiationBudget() {
        let plant = FreeFieldPlant.nominal(
            device: CancellationTests.device, drivers: CancellationTests.mids, head: SphereHead())
        let effort = CrosstalkCanceller(plant: plant, sampleRate: fs)
        let budget = CrosstalkCanceller(
            plant: plant, sampleRate: fs, regularization: .radiatedPower, radiationCapDB: 6)
        let frequencies = [500.0, 1000, 2000]
        let h = plant.matrices(frequencies: frequencies)
        // Radiated power of both inputs' drives per unit ipsilateral response, over plain in-phase
        // driving's (each driver's gain the conjugate of its ipsilateral path), from the FIR filters.
        func radiationDB(_ ctc: CrosstalkCanceller, _ i: Int) -> Double {
            let f = frequencies[i]
            let p = RadiatedPower.matrix(
                device: plant.device, drivers: plant.drivers, frequency: f, speedOfSound: plant.speedOfSound)
            func power(_ c: [Complex<Double>], ear: Int) -> Double {
                var total = Complex<Double>(0)
                for a in 0..<3 { for b in 0..<3 { total = total + c[a].conjugate * p[a][b] * c[b] } }
                let ipsi = (0..<3).reduce(Complex<Double>(0)) { $0 + h[i][ear][$1] * c[$1] }
                return total.real / ipsi.lengthSquared
            }
            let filters = (0..<2).map { input in
                ctc.filters.map { FIRResponse.response($0[input], frequency: f, sampleRate: fs) }
            }
            let plain = (0..<2).map { ear in (0..<3).map { h[i][ear][$0].conjugate } }
            return 10
                * log10(
                    (power(filters[0], ear: 0) + power(filters[1], ear: 1))
                        / (power(plain[0], ear: 0) + power(plain[1], ear: 1)))
        }
        for (i, f) in frequencies.enumerated() {
            let k = Int((f / fs * Double(effort.length)).rounded())
            // The design's own figure agrees with the FIR realization's (window and interpolation: 0.5 dB).
            #expect(abs(radiationDB(effort, i) - effort.radiationDB[k]) < 0.5, "\(f) Hz effort")
            #expect(abs(radiationDB(budget, i) - budget.radiationDB[k]) < 0.5, "\(f) Hz budget")
            // Unconstrained, the canceller radiates ≥ 10 dB more than plain driving here; the budget holds
            // it to 6 dB and gives up cancellation for it.
            #expect(effort.radiationDB[k] > 10 && budget.radiationDB[k] < 6.1, "\(f) Hz")
            #expect(budget.capActive[k] && budget.achievedDB[k] < effort.achievedDB[k] - 3, "\(f) Hz")
        }
    }
}

@Suite("The drivers' geometric directivity bound")
struct DirectivityBoundTests {
    @Test("Q_max = bᴴP⁻¹b and in-phase Q agree with a brute-force sphere integral (2.5° grid) of their weights")
    func boundAgainstSphereIntegral() throws {
        let device = CancellationTests.device, mids = CancellationTests.mids
        let front = Vector3(1, 0, 0)
        for f in [500.0, 1000, 2000] {
            let bound = RadiatedPower.directivityBound(
                device: device, drivers: mids, direction: front, frequency: f, speedOfSound: 343)
            let b = RadiatedPower.steering(
                device: device, drivers: mids, direction: front, frequency: f, speedOfSound: 343
            )
            .map(\.conjugate)
            let p = RadiatedPower.matrix(device: device, drivers: mids, frequency: f, speedOfSound: 343)
            let optimal = try #require(ComplexLinearSystem.solve(p, b))
            // Q of weights w by direct integration: |p(front)|² over the area-weighted mean of |p(u)|².
            func q(_ w: [Complex<Double>]) -> Double {
                func power(_ u: Vector3) -> Double {
                    let a = RadiatedPower.steering(
                        device: device, drivers: mids, direction: u, frequency: f, speedOfSound: 343)
                    return zip(a, w).reduce(Complex<Double>(0)) { $0 + $1.0 * $1.1 }.lengthSquared
                }
                var sum = 0.0, weight = 0.0
                for e in stride(from: -88.75, through: 88.75, by: 2.5) {
                    let el = e * Double.pi / 180
                    for az in stride(from: -178.75, through: 178.75, by: 2.5) {
                        let a = az * Double.pi / 180
                        sum += cos(el) * power(Vector3(cos(el) * cos(a), cos(el) * sin(a), sin(el)))
                        weight += cos(el)
                    }
                }
                return power(front) / (sum / weight)
            }
            #expect(abs(q(optimal) / bound.max - 1) < 0.01, "\(f) Hz: \(q(optimal)) vs \(bound.max)")
            #expect(abs(q([Complex(1), Complex(1), Complex(1)]) / bound.inPhase - 1) < 0.01, "\(f) Hz")
            #expect(bound.max >= bound.inPhase)
        }
    }
}

@Suite("The beam designed over the sphere")
struct SphereBeamTests {
    /// References: the geometric bound Q_max and in-phase driving's Q (`RadiatedPower`, checked
    /// against a brute-force sphere integral above). The default array is front/back symmetric, so the
    /// bound is barely above in-phase driving (4 % at 500 Hz): the sphere objective must get within
    /// 3 % of it, where the horizontal objective fell to 0.79 (below an omni). The offset array's
    /// bound is far above in-phase driving, and the beam must clear in-phase by 30 % at 0.5–2 kHz.
    @Test("Q within 3 % of the bound on the default device; above in-phase driving by 30 % on the offset one")
    func qAgainstBounds() throws {
        let ratios: [(device: String, f: Double, ofBound: Double, overInPhase: Double)] = [
            ("echo-studio", 500, 0.97, 1.0), ("echo-studio", 1000, 0.97, 1.0),
            ("echo-studio-offset", 500, 0.9, 1.3), ("echo-studio-offset", 1000, 0.9, 1.3),
            ("echo-studio-offset", 2000, 0.9, 1.3),
        ]
        for (name, f, ofBound, overInPhase) in ratios {
            let device = try DeviceFile.load(name)
            let mids = ["mid-right", "mid-left", "mid-top"].compactMap { m in device.drivers.firstIndex { $0.name == m }
            }
            let beam = CentreBeamformer(device: device, drivers: mids, sampleRate: fs, length: 1024)
            let q = beam.directivity(frequency: f).q
            let bound = RadiatedPower.directivityBound(
                device: device, drivers: mids, direction: Vector3(1, 0, 0), frequency: f, speedOfSound: 343)
            #expect(q >= ofBound * bound.max && q >= overInPhase * bound.inPhase, "\(name) \(f) Hz: Q \(q), \(bound)")
            #expect(q <= bound.max * 1.01, "\(name) \(f) Hz: no weighting beats the bound")
        }
        let device = try DeviceFile.load("echo-studio")
        let horizontal = CentreBeamformer(
            device: device, drivers: [2, 1, 3], sampleRate: fs, length: 1024, objective: .horizontal)
        #expect(horizontal.directivity(frequency: 500).q < 0.85, "the horizontal objective's Q below an omni")
    }
}

@Suite("The canceller designed over driver tolerances")
struct ToleranceTests {
    /// Cancellation (ipsilateral over contralateral power, dB, mean of the L and R inputs) that the
    /// filters of `ctc` deliver on `plant` at `f`, from the FIRs' own responses (not the design's).
    static func cancellationDB(_ ctc: CrosstalkCanceller, on plant: FreeFieldPlant, frequency f: Double) -> Double {
        let h = plant.matrices(frequencies: [f])[0]
        let c = ctc.filters.map { inputs in inputs.map { FIRResponse.response($0, frequency: f, sampleRate: fs) } }
        func ear(_ e: Int, _ input: Int) -> Double {
            (0..<c.count).reduce(Complex<Double>(0)) { $0 + h[e][$1] * c[$1][input] }.lengthSquared
        }
        return 10 * log10(ear(0, 0) / ear(1, 0)) / 2 + 10 * log10(ear(1, 1) / ear(0, 1)) / 2
    }

    /// Reference: the nominal design, judged on 200 drivers-with-errors the designs never saw (another
    /// seed): ±2 dB, ±20° per midrange, where the nominal design's 20 dB collapses (median 0.3–0.6 /
    /// 3.1–3.4 / 7.7–8.4 dB at 0.5 / 1 / 2 kHz). Designed over 32 draws of the same tolerance, the
    /// canceller must raise the 10th percentile by more than 2 dB at every frequency and the median by
    /// more than 0.8 dB at 500 Hz and 1 kHz, for two independent pairs of seeds (with 8 draws the gain
    /// moved with the seed), and pays for it at the nominal plant.
    @Test("Designed over ±2 dB / ±20° draws, the canceller holds more cancellation on unseen drivers")
    func robustToDriverErrors() throws {
        let plant = FreeFieldPlant.nominal(
            device: CancellationTests.device, drivers: CancellationTests.mids, head: SphereHead())
        let nominal = CrosstalkCanceller(plant: plant, sampleRate: fs)
        for (designSeed, testSeed) in [(UInt64(1), UInt64(99)), (7, 123)] {
            let draws = plant.toleranceDraws(
                gainDB: 2, phaseDegrees: 20, count: SpatialProcessor.toleranceDrawCount, seed: designSeed)
            let robust = CrosstalkCanceller(plant: plant, alternatives: draws, sampleRate: fs)
            let unseen = plant.toleranceDraws(gainDB: 2, phaseDegrees: 20, count: 200, seed: testSeed)
            for f in [500.0, 1000, 2000] {
                let outcomes = [nominal, robust].map { ctc in
                    unseen.map { ToleranceTests.cancellationDB(ctc, on: $0, frequency: f) }.sorted()
                }
                let (p10, median) = (outcomes.map { $0[20] }, outcomes.map { $0[100] })
                #expect(p10[1] > p10[0] + 2, "\(f) Hz, seeds \(designSeed)/\(testSeed): 10th percentiles \(p10)")
                if f < 1500 { #expect(median[1] > median[0] + 0.8, "\(f) Hz: medians \(median)") }
                let atNominal = [nominal, robust].map { ToleranceTests.cancellationDB($0, on: plant, frequency: f) }
                #expect(atNominal[1] <= atNominal[0] + 0.5, "\(f) Hz: \(atNominal)")
            }
        }
    }
}
