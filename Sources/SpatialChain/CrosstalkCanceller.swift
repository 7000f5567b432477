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
    public init(depthDB: Double = 20, lowStart: Double = 150, lowFull: Double = 500, highFull: Double = 4000, highEnd: Double = 12000) {
        self.depthDB = depthDB
        self.lowStart = lowStart; self.lowFull = lowFull; self.highFull = highFull; self.highEnd = highEnd
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
public struct CrosstalkCanceller: Sendable {
    public let length: Int
    public let sampleRate: Double
    /// FIR filters `[driver][input]` (input 0 = left binaural signal, 1 = right).
    public let filters: [[[Double]]]
    /// Per FFT bin (0…length/2): the achieved ratio (dB), the boost (dB), and whether the cap set β.
    public let achievedDB: [Double], boostDB: [Double], capActive: [Bool]
    public let target: CancellationTarget
    public let boostCapDB: Double

    /// Modelling delay in samples.
    public var modellingDelay: Int { length / 2 }

    public init(plant: FreeFieldPlant, sampleRate: Double, target: CancellationTarget = CancellationTarget(),
                boostCapDB: Double = 22, length: Int = 1024) {
        self.length = length
        self.sampleRate = sampleRate
        self.target = target
        self.boostCapDB = boostCapDB
        let bins = length / 2 + 1
        let frequencies = (0..<bins).map { max(Double($0), 0.5) * sampleRate / Double(length) }
        let plants = plant.matrices(frequencies: frequencies)
        let n = plant.drivers.count
        var spectra = [[[Complex<Double>]]](repeating: [[Complex<Double>]](repeating: [], count: 2), count: n)
        var achieved = [Double](), boosts = [Double](), caps = [Bool]()
        for k in 0..<bins {
            let h = plants[k]
            let design = CrosstalkCanceller.design(h, targetDB: target.ratioDB(at: frequencies[k]), boostCapDB: boostCapDB)
            achieved.append(design.ratioDB)
            boosts.append(design.boostDB)
            caps.append(design.capActive)
            // Modelling delay plus the plant's bulk delay, so the inverse stays centred in the FIR and
            // the delivered signal arrives when an unprocessed path's would.
            let phase = -2 * Double.pi * (Double(k) * Double(length / 2) / Double(length) + frequencies[k] * plant.bulkDelaySeconds)
            let delay = Complex(cos(phase), sin(phase))
            for d in 0..<n { for j in 0..<2 { spectra[d][j].append(design.c[d][j] * delay) } }
        }
        achievedDB = achieved
        boostDB = boosts
        capActive = caps
        let fft = RealFFT.plan(size: length)
        let window = Window.hann.symmetric(length: length)
        filters = spectra.map { inputs in
            inputs.map { bins in
                var interleaved = [Double](repeating: 0, count: 2 * fft.binCount)
                for k in 0..<fft.binCount { interleaved[2 * k] = bins[k].real; interleaved[2 * k + 1] = bins[k].imaginary }
                interleaved[1] = 0
                interleaved[2 * (fft.binCount - 1) + 1] = 0
                // A Hann window around the modelling delay keeps the filter finite and causal.
                return zip(fft.inverse(interleaved), window).map { $0 * $1 }
            }
        }
    }

    struct Design { var c: [[Complex<Double>]]; var ratioDB: Double; var boostDB: Double; var capActive: Bool }

    /// C for one frequency: `h` is `[ear][driver]`.
    static func design(_ h: [[Complex<Double>]], targetDB: Double, boostCapDB: Double) -> Design {
        let n = h[0].count
        // A = H·Hᴴ (2 × 2, Hermitian).
        var a = [[Complex<Double>]](repeating: [Complex(0), Complex(0)], count: 2)
        for i in 0..<2 { for j in 0..<2 { for d in 0..<n { a[i][j] = a[i][j] + h[i][d] * h[j][d].conjugate } } }
        let scale = max((a[0][0].real + a[1][1].real) / 2, 1e-300)
        var plainNorm = 1.0
        func evaluate(_ beta: Double) -> Design {
            let inv = Matrix2.inverse([[a[0][0] + Complex(beta), a[0][1]], [a[1][0], a[1][1] + Complex(beta)]])
            // C = Hᴴ·inv (n × 2); R = A·inv.
            var c = (0..<n).map { d in (0..<2).map { j in h[0][d].conjugate * inv[0][j] + h[1][d].conjugate * inv[1][j] } }
            let r = (0..<2).map { i in (0..<2).map { j in a[i][0] * inv[0][j] + a[i][1] * inv[1][j] } }
            let leftRatio = 20 * log10(r[0][0].length / max(r[1][0].length, 1e-300))
            let rightRatio = 20 * log10(r[1][1].length / max(r[0][1].length, 1e-300))
            // Normalize each input's column so its ipsilateral response is one.
            for d in 0..<n {
                c[d][0] = c[d][0] / r[0][0]
                c[d][1] = c[d][1] / r[1][1]
            }
            var cNorm = 0.0
            for d in 0..<n { for j in 0..<2 { cNorm += c[d][j].lengthSquared } }
            return Design(c: c, ratioDB: min(leftRatio, rightRatio), boostDB: 20 * log10(cNorm.squareRoot() / plainNorm), capActive: false)
        }
        // The β → ∞ limit: C ∝ Hᴴ, each column normalized to unit ipsilateral response.
        plainNorm = pow(10, evaluate(scale * 1e12).boostDB / 20)
        // Ratio falls as β grows; search log β over 24 decades around the plant's scale.
        var lo = -12.0, hi = 12.0
        let weakest = evaluate(scale * pow(10, hi))
        if weakest.ratioDB >= targetDB { return weakest }
        for _ in 0..<60 {
            let mid = (lo + hi) / 2
            if evaluate(scale * pow(10, mid)).ratioDB > targetDB { lo = mid } else { hi = mid }
        }
        var chosen = evaluate(scale * pow(10, hi))
        if chosen.boostDB > boostCapDB {
            // Raise β until the boost meets the cap.
            var capLo = hi, capHi = 12.0
            for _ in 0..<60 {
                let mid = (capLo + capHi) / 2
                if evaluate(scale * pow(10, mid)).boostDB > boostCapDB { capLo = mid } else { capHi = mid }
            }
            chosen = evaluate(scale * pow(10, capHi))
            chosen.capActive = true
        }
        return chosen
    }
}
