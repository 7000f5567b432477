import Foundation
import SoundstageDSP

extension BinauralModel {
    /// The cues of every band at the onset of a pink-noise burst played through `response`: one array
    /// per ``onsetFrameTimes`` entry, one cue per band (nil: silent or below ``onsetFromHz``), as
    /// ``predictBurst(response:)`` reads them before precedence and cue selection.
    public func onsetCues(response: EarSignals) -> [[BandCue?]] {
        guard let onset = BinauralModel.onsetSample(response, sampleRate: sampleRate) else { return [] }
        return onsetFrames(response, onset: onset).map(\.cues)
    }

    /// The onset frames of `response` (onset at sample `onset`): for every band from ``onsetFromHz``,
    /// the cues of its output truncated ``onsetFrameTimes`` after the band's delay, the two ears aligned
    /// by the cue's own ITD (``BandOnsetReader/alignedCue(end:lag:)``).
    func onsetFrames(_ response: EarSignals, onset: Int) -> [Frame] {
        let bank = FilterbankCache.shared.onsetBank(sampleRate: sampleRate)
        let start = max(0, onset - bank.leadInSamples)
        let weight = BinauralModel.onsetEquivalentSeconds.squareRoot() / Double(BinauralModel.onsetFrameTimes.count)
        var frames = BinauralModel.onsetFrameTimes.map { _ in
            Frame(cues: [BandCue?](repeating: nil, count: map.centresHz.count), weight: weight, isOnset: true)
        }
        // The response from `start`, transformed once per FFT length the bands use.
        var earSpectra = [Int: (left: [Double], right: [Double])]()
        for band in bank.bands {
            let n = band.fftSize
            let spectra =
                earSpectra[n]
                ?? {
                    let end = min(response.left.count, start + n / 2)
                    let fft = RealFFT.plan(size: n)
                    let segment = min(start, end)..<end
                    return (fft.forward(Array(response.left[segment])), fft.forward(Array(response.right[segment])))
                }()
            earSpectra[n] = spectra
            var reader = BandOnsetReader(band: band, left: spectra.left, right: spectra.right, sampleRate: sampleRate)
            // The first frame starts from both ears read an allowance late, the next from the ITD the
            // frame before settled on.
            var lag: Double?
            for (k, time) in BinauralModel.onsetFrameTimes.enumerated() {
                let end = Double(onset - start) + band.delaySamples + time * sampleRate
                guard let cue = reader.alignedCue(end: end, lag: lag) else { continue }
                lag = cue.itdSeconds * sampleRate
                frames[k].cues[band.index] = cue
            }
        }
        return frames
    }
}

/// One band's complex output at the two ears, read truncated at any time: the cues of
/// ``BinauralModel/onsetFrames(_:onset:)``.
struct BandOnsetReader {
    let band: OnsetFilterbank.Band
    let left: [Double], right: [Double]
    let fft: ComplexFFT
    let sampleRate: Double
    let fadeSamples: Int
    private var scratch: [Double], leftSpectrum: [Double], rightSpectrum: [Double]
    /// The samples each ear's spectrum was last made from: reads that keep as many samples (the leading
    /// ear while the lagging one is realigned, or ends past the band's length) reuse it.
    private var leftCount: Int?, rightCount: Int?

    /// The band's output of the ears' spectra (`fftSize/2 + 1` bins of a real FFT of the response from
    /// the analysis start).
    init(band: OnsetFilterbank.Band, left: [Double], right: [Double], sampleRate: Double) {
        self.band = band
        fft = ComplexFFT.plan(size: band.fftSize)
        self.left = BandOnsetReader.filtered(left, by: band.filter, fft: fft)
        self.right = BandOnsetReader.filtered(right, by: band.filter, fft: fft)
        self.sampleRate = sampleRate
        fadeSamples = Int((BinauralModel.onsetFadeSeconds * sampleRate).rounded())
        scratch = [Double](repeating: 0, count: 2 * band.fftSize)
        (leftSpectrum, rightSpectrum) = (scratch, scratch)
    }

    /// The cue of the output truncated at sample `end` (from the analysis start), the ears aligned.
    ///
    /// Truncating both ears at the same time would cut the far ear's share of the first wavefront (it
    /// arrives up to an ITD later, within the band's rise), and reading both ears an allowance later lets
    /// a second arrival in. So the lagging ear is read an ITD longer than the leading one, with the ITD
    /// that these very cues give, as a running cross-correlation at that lag reads them: starting from
    /// `lag` (samples, positive: the right ear lags) or, without one, from both ears read
    /// ``BinauralModel/interauralAllowance`` late, the cue is recomputed with the ears so aligned until
    /// the read ends stop moving (to the nearest sample), at most five rounds.
    mutating func alignedCue(end: Double, lag: Double?) -> BandCue? {
        let allowance = BinauralModel.interauralAllowance * sampleRate
        var ends = lag.map { (end + max(0, -$0), end + max(0, $0)) } ?? (end + allowance, end + allowance)
        guard var current = cue(leftEnd: ends.0, rightEnd: ends.1) else { return nil }
        for _ in 0..<5 {
            let itd = current.itdSeconds * sampleRate
            let next = (end + max(0, -itd), end + max(0, itd))
            // Ends are read to the nearest sample: the same samples give the same cue.
            guard next.0.rounded() != ends.0.rounded() || next.1.rounded() != ends.1.rounded(),
                let cue = cue(leftEnd: next.0, rightEnd: next.1)
            else { break }
            (current, ends) = (cue, next)
        }
        return current
    }

    /// The cue of the left ear's output up to sample `leftEnd` and the right ear's up to `rightEnd`.
    private mutating func cue(leftEnd: Double, rightEnd: Double) -> BandCue? {
        let limit = band.lengthSamples
        let counts = (truncatedCount(leftEnd, limit: limit), truncatedCount(rightEnd, limit: limit))
        if counts.0 != leftCount {
            BandOnsetReader.transform(
                left, count: counts.0, fade: fadeSamples, fft: fft, scratch: &scratch, into: &leftSpectrum)
            leftCount = counts.0
        }
        if counts.1 != rightCount {
            BandOnsetReader.transform(
                right, count: counts.1, fade: fadeSamples, fft: fft, scratch: &scratch, into: &rightSpectrum)
            rightCount = counts.1
        }
        let cueBand = band.cueBand
        let spectrum = leftSpectrum.withUnsafeBufferPointer { l in
            rightSpectrum.withUnsafeBufferPointer {
                CrossSpectrum(
                    left: l.address, right: $0.address,
                    bins: cueBand.firstBin..<(cueBand.firstBin + cueBand.weights.count))
            }
        }
        let n = Double(band.fftSize)
        // The analytic signal's spectrum holds twice the amplitude of a real one's positive half; per unit
        // FFT length, as the burst frames' energies.
        return BinauralCues.band(cueBand, spectrum: spectrum, binHz: sampleRate / n).map {
            BandCue(itdSeconds: $0.itdSeconds, ildDB: $0.ildDB, coherence: $0.coherence, energy: $0.energy / (4 * n))
        }
    }

    /// The complex band signal of a real signal: its spectrum (`n/2 + 1` bins of a real FFT) times the
    /// complex filter spectrum (`n` bins), back to time.
    static func filtered(_ spectrum: [Double], by filter: [Double], fft: ComplexFFT) -> [Double] {
        let n = fft.size
        var product = [Double](repeating: 0, count: 2 * n)
        for k in 0..<n {
            // Bins above n/2 of a real signal's spectrum are the conjugates of those below.
            let (re, im) =
                k <= n / 2
                ? (spectrum[2 * k], spectrum[2 * k + 1]) : (spectrum[2 * (n - k)], -spectrum[2 * (n - k) + 1])
            let (gr, gi) = (filter[2 * k], filter[2 * k + 1])
            product[2 * k] = re * gr - im * gi
            product[2 * k + 1] = re * gi + im * gr
        }
        return fft.inverse(product)
    }

    /// The samples a read up to sample `end` (fractional: rounded) keeps: never beyond `limit` or the
    /// transform.
    private func truncatedCount(_ end: Double, limit: Int) -> Int {
        max(0, min(limit, scratch.count / 2, Int(end.rounded())))
    }

    /// The spectrum of `signal`'s first `count` samples, faded (``truncate(_:count:fade:into:)``).
    private static func transform(
        _ signal: [Double], count: Int, fade: Int, fft: ComplexFFT, scratch: inout [Double],
        into spectrum: inout [Double]
    ) {
        truncate(signal, count: count, fade: fade, into: &scratch)
        scratch.withUnsafeBufferPointer { s in
            spectrum.withUnsafeMutableBufferPointer { fft.forward(s.address, into: $0.address) }
        }
    }

    /// `signal` (interleaved complex), its first `count` samples with the last `fade` faded out by a
    /// half-Hann, zero after.
    static func truncate(_ signal: [Double], count: Int, fade: Int, into out: inout [Double]) {
        let fade = min(count, max(1, fade))
        let gains = Window.fadeOut(count: fade)
        signal.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                let (x, y) = (source.address, target.address)
                let kept = 2 &* (count &- fade)
                if kept > 0 { y.update(from: x, count: kept) }
                for (i, gain) in gains.enumerated() {
                    let j = kept &+ 2 &* i
                    y[j] = x[j] * gain
                    y[j &+ 1] = x[j &+ 1] * gain
                }
                let zeroFrom = 2 &* count
                if zeroFrom < target.count { (y + zeroFrom).update(repeating: 0, count: target.count &- zeroFrom) }
            }
        }
    }
}
