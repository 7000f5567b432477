import Foundation
import SoundstageDSP

/// The auditory bands as causal filters, for reading each band's output in its first moments.
///
/// The burst frames of ``BinauralModel`` truncate the broadband response and then weigh its spectrum
/// by each band's power response: exact for the ongoing sound, but blind to what happens within a
/// band's own rise time. Where two loudspeakers play the same signal 0.2–1 ms apart, the first
/// arrival has the bands' outputs to itself for a fraction of a millisecond after each band's delay:
/// the onset that carries time panning and the precedence effect. This bank filters first and
/// truncates after, as the ear does.
///
/// Each band is the complex (analytic) fourth-order gammatone of ``AuditoryFilterbank``'s band,
/// G(f) = 2·(1 + j(f − fc)/b)⁻⁴·√(fc/f) for f > 0 (pink weighting as in the burst frames; b = 1.019·ERB),
/// whose impulse response t³·e^(−2πbt)·e^(j2πfc·t) peaks at t = 3/(2πb) (Patterson et al. 1992). The
/// response is kept for the samples an onset frame reads, so a convolution by FFT of twice that length
/// is exact there.
struct OnsetFilterbank: Sendable {
    struct Band: Sendable {
        /// The band's index among the model's bands.
        let index: Int
        /// Samples from the analysis start to the last sample any onset frame of this band reads.
        let lengthSamples: Int
        /// The band's envelope peak after an impulse, 3/(2πb), in samples.
        let delaySamples: Double
        /// FFT length (a power of two ≥ 2·`lengthSamples`).
        let fftSize: Int
        /// The filter's impulse response, `lengthSamples` long, as an interleaved complex spectrum of
        /// `fftSize` bins.
        let filter: [Double]
        /// The band's bins on the `fftSize` grid with unit weights: the filter is already applied.
        let cueBand: AuditoryFilterbank.Band
    }

    /// Samples analysed before the response's onset (0.25 ms: where the first arrival starts to rise).
    let leadInSamples: Int
    let bands: [Band]

    /// The bank for `bank`'s bands at `sampleRate`, for onset frames up to `lastFrameSeconds` after
    /// each band's delay, read up to `allowanceSeconds` later at the lagging ear.
    init(bank: AuditoryFilterbank, sampleRate fs: Double, lastFrameSeconds: Double, allowanceSeconds: Double) {
        leadInSamples = Int((0.00025 * fs).rounded())
        let leadIn = leadInSamples
        let designSize = 16384
        let designBinHz = fs / Double(designSize)
        let design = ComplexFFT.plan(size: designSize)
        bands = bank.bands.enumerated().filter { $0.element.centreHz >= BinauralModel.onsetFromHz }.map { index, band in
            let fc = band.centreHz, b = 1.019 * band.erbHz
            let delay = 3 / (2 * Double.pi * b) * fs
            let length = leadIn + Int((delay + (lastFrameSeconds + allowanceSeconds) * fs).rounded(.up)) + 1
            let fftSize = max(256, FFTSize.powerOfTwo(atLeast: 2 * length))
            // The analytic gammatone on a fine grid, back to time, kept for `length` samples (the
            // √(fc/f) tilt's slight acausal part wraps to the end and is dropped), then on the band's grid.
            var spectrum = [Double](repeating: 0, count: 2 * designSize)
            for k in 1..<(designSize / 2) {
                let f = Double(k) * designBinHz
                let x = (f - fc) / b
                // (1 + jx)⁻⁴ = (1 − jx)⁴ / (1 + x²)⁴
                var (re, im) = (1.0, -x)
                (re, im) = (re * re - im * im, 2 * re * im)
                (re, im) = (re * re - im * im, 2 * re * im)
                let d = 1 + x * x
                let scale = 2 * (fc / f).squareRoot() / (d * d * d * d)
                spectrum[2 * k] = re * scale
                spectrum[2 * k + 1] = im * scale
            }
            let impulse = design.inverse(spectrum)
            var kept = [Double](repeating: 0, count: 2 * fftSize)
            for i in 0..<(2 * length) { kept[i] = impulse[i] }
            // The same band on this FFT's grid, with unit weights: the filter is already applied.
            let grid = FilterbankCache.shared.bank(sampleRate: fs, fftSize: fftSize, pink: false).bands[index]
            let cueBand = AuditoryFilterbank.Band(
                centreHz: grid.centreHz, erbHz: grid.erbHz, firstBin: grid.firstBin,
                weights: [Double](repeating: 1, count: grid.weights.count), modulationBins: grid.modulationBins)
            return Band(
                index: index, lengthSamples: length, delaySamples: delay, fftSize: fftSize,
                filter: ComplexFFT.plan(size: fftSize).forward(kept), cueBand: cueBand)
        }
    }
}
