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

    /// The cues of `band` from the two ears' cross-spectrum on an FFT grid with bins `binHz` apart;
    /// nil when either ear is silent in the band.
    public static func band(_ band: AuditoryFilterbank.Band, spectrum: CrossSpectrum, binHz: Double) -> BandCue? {
        precondition(
            band.firstBin >= spectrum.bins.lowerBound && band.firstBin + band.weights.count <= spectrum.bins.upperBound,
            "band beyond the spectrum")
        return band.weights.withUnsafeBufferPointer { w -> BandCue? in
            spectrum.products.withUnsafeBufferPointer { products -> BandCue? in
                // Four products per bin: |L|², |R|², Re(L·R*), Im(L·R*), starting at the band's first bin.
                let x = products.address + 4 &* (band.firstBin &- spectrum.bins.lowerBound)
                var energyLeft = 0.0, energyRight = 0.0
                for i in 0..<w.count {
                    energyLeft += w[i] * x[4 &* i]
                    energyRight += w[i] * x[4 &* i &+ 1]
                }
                guard energyLeft > 0, energyRight > 0 else { return nil }
                let envelopeITD = envelopeITD(band, w, x, binHz: binHz)
                let fc = band.centreHz
                let reference = fc < principalPhaseBelowHz ? 0 : envelopeITD
                var c = crossCorrelation(at: reference, band, w, x, binHz: binHz)
                let fineITD = reference + atan2(c.im, c.re) / (2 * Double.pi * fc)
                if reference == 0 { c = crossCorrelation(at: fineITD, band, w, x, binHz: binHz) }
                return BandCue(
                    itdSeconds: fc < envelopeFromHz ? fineITD : envelopeITD,
                    ildDB: 10 * log10(energyLeft / energyRight),
                    coherence: min(
                        1, (c.re * c.re + c.im * c.im).squareRoot() / (energyLeft * energyRight).squareRoot()),
                    energy: energyLeft + energyRight)
            }
        }
    }

    /// The envelope ITD in seconds: arg Σ W(f)W(f+Δ)·X(f+Δ)·X*(f) / 2πΔ (`x`: the band's products).
    private static func envelopeITD(
        _ band: AuditoryFilterbank.Band, _ w: UnsafeBufferPointer<Double>, _ x: UnsafePointer<Double>, binHz: Double
    ) -> Double {
        let shift = band.modulationBins
        guard w.count > shift else { return 0 }
        var sumRe = 0.0, sumIm = 0.0
        for i in 0..<(w.count &- shift) {
            let k = 4 &* i, m = 4 &* (i &+ shift)
            let (xr, xi, yr, yi) = (x[k &+ 2], x[k &+ 3], x[m &+ 2], x[m &+ 3])
            let weight = w[i] * w[i &+ shift]
            // Y·X*
            sumRe += weight * (yr * xr + yi * xi)
            sumIm += weight * (yi * xr - yr * xi)
        }
        guard sumRe != 0 || sumIm != 0 else { return 0 }
        return atan2(sumIm, sumRe) / (2 * Double.pi * Double(shift) * binHz)
    }

    /// C(τ) = Σ W·X·e^(−j2πfτ) over the band (`x`: the band's products).
    private static func crossCorrelation(
        at lag: Double, _ band: AuditoryFilterbank.Band, _ w: UnsafeBufferPointer<Double>, _ x: UnsafePointer<Double>,
        binHz: Double
    ) -> (re: Double, im: Double) {
        let startPhase = -2 * Double.pi * Double(band.firstBin) * binHz * lag
        let stepPhase = -2 * Double.pi * binHz * lag
        var (pr, pi) = (cos(startPhase), sin(startPhase))
        let (qr, qi) = (cos(stepPhase), sin(stepPhase))
        var sumRe = 0.0, sumIm = 0.0
        for i in 0..<w.count {
            let (xr, xi) = (x[4 &* i &+ 2], x[4 &* i &+ 3])
            sumRe += w[i] * (xr * pr - xi * pi)
            sumIm += w[i] * (xr * pi + xi * pr)
            (pr, pi) = (pr * qr - pi * qi, pr * qi + pi * qr)
        }
        return (sumRe, sumIm)
    }
}

/// The per-bin products every band cue is a weighted sum of: |L|², |R|² and the cross-spectrum
/// X = L·R*. Computed once per frame, so the overlapping bands (each bin lies in about five) read them
/// instead of recomputing them.
public struct CrossSpectrum: Sendable {
    /// The bins held.
    public let bins: Range<Int>
    /// Four doubles per bin: |L|², |R|², Re X, Im X.
    let products: [Double]

    /// The products at `bins` of two interleaved (`re, im`) spectra.
    public init(left: UnsafePointer<Double>, right: UnsafePointer<Double>, bins: Range<Int>) {
        self.bins = bins
        products = [Double](unsafeUninitializedCapacity: 4 * bins.count) { out, initialized in
            for k in bins {
                let j = 2 &* k, o = 4 &* (k &- bins.lowerBound)
                let (lr, li, rr, ri) = (left[j], left[j &+ 1], right[j], right[j &+ 1])
                out[o] = lr * lr + li * li
                out[o &+ 1] = rr * rr + ri * ri
                out[o &+ 2] = lr * rr + li * ri
                out[o &+ 3] = li * rr - lr * ri
            }
            initialized = 4 * bins.count
        }
    }
}
