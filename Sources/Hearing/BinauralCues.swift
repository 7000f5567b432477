import Foundation

/// The interaural cues of one auditory band in one time frame.
public struct BandCue: Sendable, Equatable {
    /// Interaural time difference in seconds, positive when the right ear lags (a source on the left).
    public var itdSeconds: Double
    /// Interaural level difference in dB, positive when the left ear is louder.
    public var ildDB: Double
    /// Interaural coherence 0…1: the magnitude of the band's normalized complex cross-correlation at
    /// the ITD (1 for one plane wave; lower for diffuse sound or several arrivals with different cues).
    public var coherence: Double
    /// Band energy, both ears summed (arbitrary units: relative between bands and frames).
    public var energy: Double
}

/// Band cues from the two ears' spectra, read from the band-weighted cross-spectra.
///
/// For a band with power weights W(f) and ear spectra L, R (cross-spectrum X = L·R*):
/// - ILD = 10·log10(Σ W|L|² / Σ W|R|²).
/// - Envelope ITD: the phase of Σ W(f)W(f+Δ)·X(f+Δ)·X*(f) divided by 2πΔ. For Gaussian noise
///   this sum is the expected cross-spectrum of the two ears' Hilbert envelopes at modulation
///   frequency Δ (the fourth-moment theorem), so its phase is the envelope IPD at Δ that Dietz,
///   Ewert & Hohmann (2011, Speech Comm. 53:592) read through their modulation filter.
/// - Fine-structure ITD (below 1 kHz): the phase of the analytic
///   cross-correlation C(τ) = Σ W·X·e^(−j2πfτ) at a reference lag τ_r, as τ_r + arg C(τ_r)/(2π fc).
///   Below 700 Hz the reference is 0 (half a period exceeds any head's ITD, so the principal phase is
///   unambiguous); from 700 Hz the band's envelope ITD picks the cross-correlation peak nearest to it,
///   so a band's phase ambiguity never passes through as a side lobe.
/// - From 1 kHz up the ITD is the envelope ITD. Listeners' fine-structure ITD thresholds rise steeply
///   above 1 kHz (Brughera, Dunai & Hartmann 2013, JASA 133:2839), and where two coherent loudspeakers
///   reach the ears 0.5–0.8 ms apart the 1–1.4 kHz bands' fine structure carries ITDs no single source
///   gives (with a 1.5 kHz limit the model put such a phantom centre 8° outside the loudspeaker span).
/// - Coherence: |C(τ)| / √(Σ W|L|² · Σ W|R|²), the normalized cross-correlation's envelope at the
///   ITD (below 700 Hz at the fine-structure ITD, above at the envelope ITD).
public enum BinauralCues {
    /// Fine-structure ITDs below this frequency, envelope ITDs at and above (Hz).
    public static let envelopeFromHz = 1000.0
    /// Below this frequency the principal interaural phase gives the ITD directly (Hz).
    public static let principalPhaseBelowHz = 700.0

    /// The cues of `band` from interleaved spectra (`re, im` per bin) of an FFT with bins `binHz` apart;
    /// nil when either ear is silent in the band.
    public static func band(
        _ band: AuditoryFilterbank.Band, left: UnsafePointer<Double>, right: UnsafePointer<Double>, binHz: Double
    ) -> BandCue? {
        let count = band.weights.count
        let first = band.firstBin
        return band.weights.withUnsafeBufferPointer { w -> BandCue? in
            var energyLeft = 0.0, energyRight = 0.0
            for i in 0..<count {
                let k = 2 &* (first &+ i)
                energyLeft += w[i] * (left[k] * left[k] + left[k &+ 1] * left[k &+ 1])
                energyRight += w[i] * (right[k] * right[k] + right[k &+ 1] * right[k &+ 1])
            }
            guard energyLeft > 0, energyRight > 0 else { return nil }
            let envelopeITD = envelopeITD(band, w, left, right, binHz: binHz)
            let fc = band.centreHz
            let reference = fc < principalPhaseBelowHz ? 0 : envelopeITD
            var c = crossCorrelation(at: reference, band, w, left, right, binHz: binHz)
            let fineITD = reference + atan2(c.im, c.re) / (2 * Double.pi * fc)
            if reference == 0 { c = crossCorrelation(at: fineITD, band, w, left, right, binHz: binHz) }
            return BandCue(
                itdSeconds: fc < envelopeFromHz ? fineITD : envelopeITD,
                ildDB: 10 * log10(energyLeft / energyRight),
                coherence: min(1, (c.re * c.re + c.im * c.im).squareRoot() / (energyLeft * energyRight).squareRoot()),
                energy: energyLeft + energyRight)
        }
    }

    /// The envelope ITD in seconds: arg Σ W(f)W(f+Δ)·X(f+Δ)·X*(f) / 2πΔ.
    private static func envelopeITD(
        _ band: AuditoryFilterbank.Band, _ w: UnsafeBufferPointer<Double>, _ left: UnsafePointer<Double>,
        _ right: UnsafePointer<Double>, binHz: Double
    ) -> Double {
        let shift = band.modulationBins
        guard w.count > shift else { return 0 }
        var sumRe = 0.0, sumIm = 0.0
        for i in 0..<(w.count &- shift) {
            let k = 2 &* (band.firstBin &+ i), m = k &+ 2 &* shift
            // X = L·R* at bins k and k + shift.
            let xr = left[k] * right[k] + left[k &+ 1] * right[k &+ 1]
            let xi = left[k &+ 1] * right[k] - left[k] * right[k &+ 1]
            let yr = left[m] * right[m] + left[m &+ 1] * right[m &+ 1]
            let yi = left[m &+ 1] * right[m] - left[m] * right[m &+ 1]
            let weight = w[i] * w[i &+ shift]
            // Y·X*
            sumRe += weight * (yr * xr + yi * xi)
            sumIm += weight * (yi * xr - yr * xi)
        }
        guard sumRe != 0 || sumIm != 0 else { return 0 }
        return atan2(sumIm, sumRe) / (2 * Double.pi * Double(shift) * binHz)
    }

    /// C(τ) = Σ W·X·e^(−j2πfτ) over the band.
    private static func crossCorrelation(
        at lag: Double, _ band: AuditoryFilterbank.Band, _ w: UnsafeBufferPointer<Double>,
        _ left: UnsafePointer<Double>, _ right: UnsafePointer<Double>, binHz: Double
    ) -> (re: Double, im: Double) {
        let startPhase = -2 * Double.pi * Double(band.firstBin) * binHz * lag
        let stepPhase = -2 * Double.pi * binHz * lag
        var (pr, pi) = (cos(startPhase), sin(startPhase))
        let (qr, qi) = (cos(stepPhase), sin(stepPhase))
        var sumRe = 0.0, sumIm = 0.0
        for i in 0..<w.count {
            let k = 2 &* (band.firstBin &+ i)
            let xr = left[k] * right[k] + left[k &+ 1] * right[k &+ 1]
            let xi = left[k &+ 1] * right[k] - left[k] * right[k &+ 1]
            sumRe += w[i] * (xr * pr - xi * pi)
            sumIm += w[i] * (xr * pi + xi * pr)
            (pr, pi) = (pr * qr - pi * qi, pr * qi + pi * qr)
        }
        return (sumRe, sumIm)
    }
}
