import Foundation
import Numerics
import SoundstageDSP

/// The cancellation an audio engineer asks of the canceller: an ipsilateral/contralateral ratio in
/// dB over frequency.
public struct CancellationTarget: Sendable, Equatable {
    /// Full cancellation in dB between the inner corners.
    public var depthDB: Double
    /// Below `lowStart` Hz no cancellation is asked; it ramps (raised cosine in log f) to `depthDB`
    /// at `lowFull`, holds to `highFull`, and ramps back to none at `highEnd`.
    public var lowStart: Double, lowFull: Double, highFull: Double, highEnd: Double

    /// The default: 20 dB from 500 Hz to 4 kHz, tapering to nothing at 150 Hz and 12 kHz.
    public init(
        depthDB: Double = 20, lowStart: Double = 150, lowFull: Double = 500, highFull: Double = 4000,
        highEnd: Double = 12000
    ) {
        self.depthDB = depthDB
        self.lowStart = lowStart
        self.lowFull = lowFull
        self.highFull = highFull
        self.highEnd = highEnd
    }

    /// The asked ratio at `frequency`, dB (before the plant's own head shadow is taken into account).
    public func ratioDB(at f: Double) -> Double {
        func ramp(_ x: Double) -> Double { 0.5 - 0.5 * cos(Double.pi * max(0, min(1, x))) }
        if f <= lowStart || f >= highEnd { return 0 }
        if f < lowFull { return depthDB * ramp(log(f / lowStart) / log(lowFull / lowStart)) }
        if f > highFull { return depthDB * ramp(log(highEnd / f) / log(highEnd / highFull)) }
        return depthDB
    }
}

/// Crosstalk cancellation by regularized inversion of the free-field plant, minimum-norm over the
/// drivers: C(ω) = Hᴴ(HHᴴ + β(ω)I)⁻¹, normalized so the ipsilateral response is one
/// (Kirkeby et al., "Fast deconvolution of multichannel systems using regularization", IEEE TSAP
/// 6(2), 1998, with a frequency-dependent β).
///
/// Per frequency, β is found by bisection so that the achieved ipsilateral/contralateral ratio
/// (worst of the two inputs) equals the target — never less than the head's own shadow, which is
/// what β → ∞ gives — and then raised further if the filters' boost — their Frobenius norm relative
/// to the β → ∞ solution (plain in-phase driving that adds at the ipsilateral ear) — would exceed the
/// cap. The FIR has `length` taps and a modelling delay of `length/2` samples; the plant's bulk delay
/// (device centre to head centre) is kept, so the delivered signals arrive with the other paths.
///
/// ``Regularization/radiatedPower`` replaces βI by βP̃, P̃ the array's radiated-power matrix
/// (``RadiatedPower``) scaled to unit mean diagonal plus 10⁻³ of the identity (so the problem stays
/// well posed where P is nearly singular): the same search then trades cancellation against the power
/// the array sends into the room instead of against drive effort. With a radiation cap, β is raised
/// (along that path) until the power radiated per unit ipsilateral response is at most the cap above
/// plain in-phase driving's: a radiation budget. The boost stays judged against plain driving.
public struct CrosstalkCanceller: Sendable {
    /// What the canceller's regularization penalizes.
    public enum Regularization: String, Sendable, Equatable, CaseIterable {
        /// β·I: the drive effort Σ|c_d|² (Kirkeby et al.).
        case effort
        /// β·P: the sound power radiated over the whole sphere.
        case radiatedPower = "radiated-power"
        /// β·P_sides: the power radiated toward the side walls only (``RadiatedPower/Region/sides``).
        case sidePower = "side-power"

        /// The region whose power the design measures (and, unless `effort`, penalizes).
        public var region: RadiatedPower.Region { self == .sidePower ? .sides : .sphere }
    }
    public let length: Int
    public let sampleRate: Double
    /// FIR filters `[driver][input]` (input 0 = left binaural signal, 1 = right).
    public let filters: [[[Double]]]
    /// Per FFT bin (0…length/2): the achieved ratio (dB), the boost (dB), and whether the cap set β.
    public let achievedDB: [Double], boostDB: [Double], capActive: [Bool]
    public let target: CancellationTarget
    public let boostCapDB: Double
    public let regularization: Regularization
    /// Cap on the radiated power over plain driving's, dB (power regularizations only); nil: none.
    public let radiationCapDB: Double?
    /// Per FFT bin: the power the filters radiate (both inputs, per unit ipsilateral response) over
    /// plain in-phase driving's, dB: what the canceller sends into the room — over the whole sphere,
    /// or toward the side walls with `side-power` regularization.
    public let radiationDB: [Double]

    /// Modelling delay in samples.
    public var modellingDelay: Int { length / 2 }

    /// Designs on `plant` alone, or — the robust option — jointly over `plant` and `alternatives`
    /// (seats around the nominal one): C = (Σ_s H_sᴴH_s + βI)⁻¹·Σ_s H_sᴴ, which for one seat is the
    /// formula above (push-through identity). Targets, normalization and boost are judged at `plant`.
    public init(
        plant: FreeFieldPlant, alternatives: [FreeFieldPlant] = [], sampleRate: Double,
        target: CancellationTarget = CancellationTarget(),
        boostCapDB: Double = 22, regularization: Regularization = .effort, radiationCapDB: Double? = nil,
        length: Int = 1024
    ) {
        precondition(radiationCapDB == nil || regularization != .effort, "a radiation cap needs a power regularization")
        self.length = length
        self.sampleRate = sampleRate
        self.target = target
        self.boostCapDB = boostCapDB
        self.regularization = regularization
        self.radiationCapDB = radiationCapDB
        let bins = length / 2 + 1
        let frequencies = (0..<bins).map { max(Double($0), 0.5) * sampleRate / Double(length) }
        let plants = plant.matrices(frequencies: frequencies)
        let others = alternatives.map { $0.matrices(frequencies: frequencies) }
        let n = plant.drivers.count
        var spectra = [[[Complex<Double>]]](repeating: [[Complex<Double>]](repeating: [], count: 2), count: n)
        var achieved = [Double](), boosts = [Double](), caps = [Bool](), radiation = [Double]()
        // Each bin is designed on its own: in parallel, with the same values as one after the other.
        let designs = ParallelResults.map(count: bins, jobs: ProcessInfo.processInfo.activeProcessorCount) { k in
            let h = plants[k]
            let power = RadiatedPower.matrix(
                device: plant.device, drivers: plant.drivers, frequency: frequencies[k],
                speedOfSound: plant.speedOfSound, region: regularization.region)
            return CrosstalkCanceller.design(
                h, seats: [h] + others.map { $0[k] }, targetDB: target.ratioDB(at: frequencies[k]),
                boostCapDB: boostCapDB, power: power, regularization: regularization, radiationCapDB: radiationCapDB)
        }
        for (k, design) in designs.enumerated() {
            achieved.append(design.ratioDB)
            radiation.append(design.radiationDB)
            boosts.append(design.boostDB)
            caps.append(design.capActive)
            // Modelling delay plus the plant's bulk delay, so the inverse stays centred in the FIR and
            // the delivered signal arrives when an unprocessed path's would.
            let phase =
                -2 * Double.pi
                * (Double(k) * Double(length / 2) / Double(length) + frequencies[k] * plant.bulkDelaySeconds)
            let delay = Complex(cos(phase), sin(phase))
            for d in 0..<n { for j in 0..<2 { spectra[d][j].append(design.c[d][j] * delay) } }
        }
        achievedDB = achieved
        radiationDB = radiation
        boostDB = boosts
        capActive = caps
        let fft = RealFFT.plan(size: length)
        let window = Window.hann.symmetric(length: length)
        // A Hann window around the modelling delay keeps each filter finite and causal.
        filters = spectra.map { inputs in inputs.map { zip(fft.inverse(bins: $0), window).map { $0 * $1 } } }
    }

    /// The relative-transfer-function form: for each driver and input, the FIR whose convolution with
    /// the `reference` driver's filter gives that driver's filter, D_d = C_d/C_ref per bin (the
    /// reference's spectrum floored at −60 dB of its peak so the ratio stays bounded), realized with a
    /// modelling delay of length/2, so C_ref ⊛ RTF_d is C_d delayed by length/2. `result[d][input]`;
    /// the reference's own entry is a delayed unit impulse (within the floor).
    public func relativeTransferFunctions(reference: Int) -> [[[Double]]] {
        let fft = RealFFT.plan(size: length)
        let spectra = filters.map { $0.map { fft.forward($0) } }
        let window = Window.hann.symmetric(length: length)
        return filters.indices.map { d in
            (0..<2).map { input in
                let ref = spectra[reference][input], own = spectra[d][input]
                var peak = 0.0
                for k in 0..<fft.binCount { peak = max(peak, hypot(ref[2 * k], ref[2 * k + 1])) }
                let floor2 = pow(peak * 1e-3, 2)
                var ratio = [Double](repeating: 0, count: 2 * fft.binCount)
                for k in 0..<fft.binCount {
                    let (ar, ai, br, bi) = (own[2 * k], own[2 * k + 1], ref[2 * k], ref[2 * k + 1])
                    let denominator = max(br * br + bi * bi, floor2)
                    // own/ref, with the modelling delay put back (the two delays cancel in the ratio).
                    let phase = -2 * Double.pi * Double(k) * Double(length / 2) / Double(length)
                    let (qr, qi) = ((ar * br + ai * bi) / denominator, (ai * br - ar * bi) / denominator)
                    ratio[2 * k] = qr * cos(phase) - qi * sin(phase)
                    ratio[2 * k + 1] = qr * sin(phase) + qi * cos(phase)
                }
                ratio[1] = 0
                ratio[2 * (fft.binCount - 1) + 1] = 0
                return zip(fft.inverse(ratio), window).map { $0 * $1 }
            }
        }
    }

    struct Design {
        var c: [[Complex<Double>]]
        var ratioDB: Double
        var boostDB: Double
        var capActive: Bool
        /// Radiated power over plain driving's, dB.
        var radiationDB = 0.0
    }

    /// C for one frequency: `h` is the nominal `[ear][driver]` plant, `seats` every plant the
    /// design averages over (the nominal one first), `power` the array's radiated-power matrix (what
    /// the radiation is measured with, and the regularization's weights when it is `.radiatedPower`).
    static func design(
        _ h: [[Complex<Double>]], seats: [[[Complex<Double>]]], targetDB: Double, boostCapDB: Double,
        power: [[Complex<Double>]], regularization: Regularization = .effort, radiationCapDB: Double? = nil
    ) -> Design {
        let problem = RegularizedProblem(h, seats: seats, power: power, regularization: regularization)
        // Where plain driving already meets the target (the head's own shadow), it is the design.
        if problem.plain.ratioDB >= targetDB { return problem.plain }
        // Ratio falls as β grows; search log β over 24 decades around the plant's scale.
        let weakest = problem.solve(logBeta: 12)
        if weakest.ratioDB >= targetDB { return weakest }
        var logBeta = RegularizedProblem.boundary(from: -12, to: 12) { problem.solve(logBeta: $0).ratioDB > targetDB }
        var chosen = problem.solve(logBeta: logBeta)
        if chosen.boostDB > boostCapDB {
            // Raise β until the boost meets the cap.
            logBeta = RegularizedProblem.boundary(from: logBeta, to: 12) {
                problem.solve(logBeta: $0).boostDB > boostCapDB
            }
            chosen = problem.solve(logBeta: logBeta)
            chosen.capActive = true
        }
        if let radiationCapDB, chosen.radiationDB > radiationCapDB {
            // Raise β (radiated-power weights) until the radiation meets its cap.
            let capped = problem.solve(
                logBeta: RegularizedProblem.boundary(from: -12, to: 12) {
                    problem.solve(logBeta: $0).radiationDB > radiationCapDB
                })
            if capped.ratioDB < chosen.ratioDB {
                chosen = capped
                chosen.capActive = true
            }
        }
        return chosen
    }
}

/// One frequency's regularized least-squares problem, C = (G + βW)⁻¹B with G = Σ_s H_sᴴH_s and
/// B = Σ_s H_sᴴ over the design's seats, and W the identity (effort) or the scaled radiated-power
/// matrix. β is given as log₁₀ of its ratio to G's mean diagonal.
private struct RegularizedProblem {
    let h: [[Complex<Double>]], power: [[Complex<Double>]]
    let g: [[Complex<Double>]], b: [[Complex<Double>]]
    /// The regularization's weights: P scaled to unit mean diagonal plus 10⁻³·I, or nil for I.
    let weights: [[Complex<Double>]]?
    /// G's mean diagonal: the plant's scale.
    let scale: Double
    /// Plain in-phase driving's filter norm and radiated power, the references of boost and radiation.
    private(set) var plainNorm = 1.0, plainRadiated = 1.0
    /// The β → ∞ limit: C ∝ Σ H_sᴴ, each column normalized to unit ipsilateral response.
    private(set) var plain: CrosstalkCanceller.Design

    init(
        _ h: [[Complex<Double>]], seats: [[[Complex<Double>]]], power: [[Complex<Double>]],
        regularization: CrosstalkCanceller.Regularization
    ) {
        let n = h[0].count
        var g = [[Complex<Double>]](repeating: [Complex<Double>](repeating: Complex(0), count: n), count: n)
        var b = [[Complex<Double>]](repeating: [Complex(0), Complex(0)], count: n)
        for hs in seats {
            for p in 0..<n {
                for e in 0..<2 { b[p][e] = b[p][e] + hs[e][p].conjugate }
                for q in 0..<n { for e in 0..<2 { g[p][q] = g[p][q] + hs[e][p].conjugate * hs[e][q] } }
            }
        }
        let mean = max((0..<n).reduce(0.0) { $0 + power[$1][$1].real } / Double(n), 1e-300)
        (self.h, self.power, self.g, self.b) = (h, power, g, b)
        scale = max((0..<n).reduce(0.0) { $0 + g[$1][$1].real } / Double(n), 1e-300)
        weights =
            regularization != .effort
            ? (0..<n).map { i in (0..<n).map { j in power[i][j] / Complex(mean) + Complex(i == j ? 1e-3 : 0) } }
            : nil
        // Solved twice: first against unit references (which sets them), then relative to itself.
        plain = CrosstalkCanceller.Design(c: [], ratioDB: 0, boostDB: 0, capActive: false)
        plain = solve(beta: scale * 1e12, plain: true)
        plainNorm = pow(10, plain.boostDB / 20)
        plainRadiated = pow(10, plain.radiationDB / 10)
        plain = solve(beta: scale * 1e12, plain: true)
    }

    func solve(logBeta: Double) -> CrosstalkCanceller.Design { solve(beta: scale * pow(10, logBeta)) }

    /// The design for β (with the identity as weights when `plain`).
    func solve(beta: Double, plain: Bool = false) -> CrosstalkCanceller.Design {
        let n = g.count
        var m = g
        for p in 0..<n {
            for q in 0..<n {
                if let weights, !plain {
                    m[p][q] = m[p][q] + Complex(beta) * weights[p][q]
                } else if p == q {
                    m[p][q] = m[p][q] + Complex(beta)
                }
            }
        }
        let columns = (0..<2).map { e in
            ComplexLinearSystem.solve(m, (0..<n).map { b[$0][e] }) ?? [Complex<Double>](repeating: Complex(0), count: n)
        }
        var c = (0..<n).map { d in (0..<2).map { e in columns[e][d] } }
        // R = H·C at the nominal seat.
        let r = (0..<2).map { i in
            (0..<2).map { j in (0..<n).reduce(Complex<Double>(0)) { $0 + h[i][$1] * c[$1][j] } }
        }
        let leftRatio = 20 * log10(r[0][0].length / max(r[1][0].length, 1e-300))
        let rightRatio = 20 * log10(r[1][1].length / max(r[0][1].length, 1e-300))
        // Normalize each input's column so its ipsilateral response is one.
        for d in 0..<n {
            c[d][0] = c[d][0] / r[0][0]
            c[d][1] = c[d][1] / r[1][1]
        }
        var cNorm = 0.0
        for d in 0..<n { for j in 0..<2 { cNorm += c[d][j].lengthSquared } }
        var radiated = 0.0
        for j in 0..<2 {
            for p in 0..<n { for q in 0..<n { radiated += (c[p][j].conjugate * power[p][q] * c[q][j]).real } }
        }
        return CrosstalkCanceller.Design(
            c: c, ratioDB: min(leftRatio, rightRatio), boostDB: 20 * log10(cNorm.squareRoot() / plainNorm),
            capActive: false, radiationDB: 10 * log10(max(radiated, 1e-300) / plainRadiated))
    }

    /// Bisection over log β in [`lo`, `hi`] (60 halvings) for where `above` turns false, which it
    /// must do once as β grows: the upper end of the last bracket.
    static func boundary(from lo: Double, to hi: Double, _ above: (Double) -> Bool) -> Double {
        var (lo, hi) = (lo, hi)
        for _ in 0..<60 {
            let mid = (lo + hi) / 2
            if above(mid) { lo = mid } else { hi = mid }
        }
        return hi
    }
}
