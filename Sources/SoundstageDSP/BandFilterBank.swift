import Foundation

/// A zero-phase filter bank whose bands sum exactly to an all-pass (perfect reconstruction).
///
/// Band b's gain is 1 inside the band and crosses to its neighbours with complementary
/// raised-cosine transitions in log frequency: at a crossover f_x between bands b and b+1 the
/// gains are cos²(φ) and sin²(φ), φ = (π/4)·(1 + log2(f/f_x)/halfWidthOctaves) over
/// |log2(f/f_x)| ≤ halfWidthOctaves. Gains therefore sum to 1 at every frequency, and since every
/// band is applied with zero phase, splitting a signal and adding the bands back returns the
/// signal (to FFT rounding). The lowest band extends to DC and the highest to Nyquist, so nothing
/// is lost. Crossovers sit at the upper edges of the IEC 61260-1 bands (−6 dB there).
///
/// Filtering is done in the frequency domain on a zero-padded FFT, so it is non-causal: a band's
/// impulse response is symmetric around t = 0. Analysis of decays (ISO 3382) uses it this way
/// without phase distortion; the room simulator uses ``gain(band:frequency:)`` directly.
public struct BandFilterBank: Sendable, Hashable {
    /// The bands, low to high.
    public let bands: [FrequencyBand]
    /// Crossover frequencies in Hz between consecutive bands (`bands.count − 1` values, ascending).
    public let crossovers: [Double]
    /// Half the width of each crossover transition in octaves.
    public let halfWidthOctaves: Double

    /// A bank over `bands` (contiguous, ascending), crossing over at their upper edges.
    /// `transition` is the crossover width as a fraction of the band spacing, in (0, 1].
    public init(bands: [FrequencyBand], transition: Double = 0.5) {
        precondition(!bands.isEmpty, "a filter bank needs at least one band")
        precondition(transition > 0 && transition <= 1, "transition must lie in (0, 1]")
        let spacing = bands.count > 1 ? log2(bands[1].centre / bands[0].centre) : 1
        self.init(bands: bands, crossovers: bands.dropLast().map(\.upper), halfWidthOctaves: transition * spacing / 2)
    }

    /// A bank split at arbitrary `crossovers` (Hz, ascending) with transitions of
    /// ±`halfWidthOctaves`; e.g. one crossover at 1.5 kHz gives a complementary low/high pair.
    public init(crossovers: [Double], halfWidthOctaves: Double) {
        precondition(zip(crossovers, crossovers.dropFirst()).allSatisfy { $0.0 < $0.1 }, "crossovers must ascend")
        let edges = [0.0] + crossovers + [Double.infinity]
        let bands = (0..<(crossovers.count + 1)).map { i -> FrequencyBand in
            let centre =
                i == 0
                ? crossovers.first.map { $0 / 2 } ?? 1000
                : i == crossovers.count ? crossovers[i - 1] * 2 : (edges[i] * edges[i + 1]).squareRoot()
            return FrequencyBand(centre: centre, nominal: centre, lower: edges[i], upper: edges[i + 1])
        }
        self.init(bands: bands, crossovers: crossovers, halfWidthOctaves: halfWidthOctaves)
    }

    private init(bands: [FrequencyBand], crossovers: [Double], halfWidthOctaves: Double) {
        if crossovers.count >= 2 {
            let closest = zip(crossovers, crossovers.dropFirst()).map { log2($0.1 / $0.0) }.reduce(.infinity, min)
            precondition(2 * halfWidthOctaves <= closest + 1e-9, "crossover transitions must not overlap")
        }
        precondition(halfWidthOctaves > 0, "transition width must be positive")
        self.bands = bands
        self.crossovers = crossovers
        self.halfWidthOctaves = halfWidthOctaves
    }

    /// Octave bank with nominal centres `lowest…highest` Hz (63 Hz–16 kHz by default).
    public static func octave(from lowest: Double = 63, to highest: Double = 16000) -> BandFilterBank {
        BandFilterBank(bands: FrequencyBands.octaves(from: lowest, to: highest))
    }

    /// Third-octave bank with nominal centres `lowest…highest` Hz.
    public static func thirdOctave(from lowest: Double = 50, to highest: Double = 16000) -> BandFilterBank {
        BandFilterBank(bands: FrequencyBands.thirdOctaves(from: lowest, to: highest))
    }

    /// The amplitude of a rising crossover at `crossover` Hz: 0 well below, ½ at, 1 well above.
    private func rising(_ frequency: Double, crossover: Double) -> Double {
        if frequency <= 0 { return 0 }
        return rising(octaves: log2(frequency / crossover))
    }

    /// The rising crossover `octaves` above its frequency.
    private func rising(octaves: Double) -> Double {
        if octaves <= -halfWidthOctaves { return 0 }
        if octaves >= halfWidthOctaves { return 1 }
        let s = sin(Double.pi / 4 * (1 + octaves / halfWidthOctaves))
        return s * s
    }

    /// Whether band `band`'s gain is exactly zero at every frequency up to `frequency` Hz (its rising
    /// crossover has not begun there; the gain only grows above it). At a reduced sample rate, the bands
    /// above its Nyquist frequency.
    public func isSilent(band: Int, upTo frequency: Double) -> Bool {
        band > 0 && rising(frequency, crossover: crossovers[band - 1]) == 0
    }

    /// Zero-phase gain of band `band` (an index into ``bands``) at `frequency` Hz, in [0, 1].
    public func gain(band: Int, frequency: Double) -> Double {
        let above = band == 0 ? 1 : rising(frequency, crossover: crossovers[band - 1])
        let below = band == bands.count - 1 ? 1 : 1 - rising(frequency, crossover: crossovers[band])
        return above * below
    }

    /// The bins of a real FFT of length `fftSize` at `sampleRate` where band `band`'s gain can be
    /// non-zero (its crossovers widened by the transitions; DC excluded), or nil if there are none.
    public func bins(band: Int, fftSize: Int, sampleRate: Double) -> ClosedRange<Int>? {
        let low = band == 0 ? 0 : crossovers[band - 1] * pow(2, -halfWidthOctaves)
        let high = band == bands.count - 1 ? sampleRate / 2 : crossovers[band] * pow(2, halfWidthOctaves)
        let first = max(1, Int(low * Double(fftSize) / sampleRate)),
            last = min(fftSize / 2, Int(high * Double(fftSize) / sampleRate) + 1)
        return first <= last ? first...last : nil
    }

    /// Gains of every band on the bins of a real FFT of length `fftSize` at `sampleRate`:
    /// `result[b][k]` for bin k = 0…fftSize/2.
    public func binGains(fftSize: Int, sampleRate: Double) -> [[Double]] {
        let bins = fftSize / 2 + 1
        return bands.indices.map { b in
            (0..<bins).map { gain(band: b, frequency: Double($0) * sampleRate / Double(fftSize)) }
        }
    }

    /// Splits `signal` into one zero-phase filtered copy per band, each `signal.count` samples.
    ///
    /// The FFT is padded by `paddingSeconds` on the right (default 0.5 s) so the filters' ringing
    /// does not wrap around; the pre-ringing that wraps to the end of the padded buffer belongs
    /// before t = 0 and is dropped with the padding.
    public func split(_ signal: [Double], sampleRate: Double, paddingSeconds: Double = 0.5) -> [[Double]] {
        split(signal, sampleRate: sampleRate, paddingSeconds: paddingSeconds, only: Array(bands.indices))
    }

    /// Like ``split(_:sampleRate:paddingSeconds:)`` for the listed band indices only.
    public func split(
        _ signal: [Double], sampleRate: Double, paddingSeconds: Double = 0.5, only indices: [Int]
    ) -> [[Double]] {
        mapBands(signal, sampleRate: sampleRate, paddingSeconds: paddingSeconds, only: indices) { _, band in band }
    }

    /// `transform(index, band)` of each listed band's signal, made one band at a time (one forward
    /// transform in all), so only one band signal is alive at once: a long recording's analysis needs
    /// the memory of one band, not of all of them.
    public func mapBands<Result>(
        _ signal: [Double], sampleRate: Double, paddingSeconds: Double = 0.5, only indices: [Int],
        _ transform: (Int, [Double]) -> Result
    ) -> [Result] {
        if signal.isEmpty { return indices.map { transform($0, []) } }
        let size = FFTSize.fast(atLeast: signal.count + Int(paddingSeconds * sampleRate))
        let fft = RealFFT.plan(size: size)
        let spectrum = fft.forward(signal)
        // log2 of each bin's frequency once; a band's gain is zero outside its transitions.
        let octave = (0..<fft.binCount).map { k in
            k == 0 ? -Double.infinity : log2(Double(k) * sampleRate / Double(size))
        }
        let crossoverOctaves = crossovers.map(log2)
        return indices.map { b in
            var filtered = [Double](repeating: 0, count: spectrum.count)
            let low = b == 0 ? -Double.infinity : crossoverOctaves[b - 1] - halfWidthOctaves
            let high = b == bands.count - 1 ? Double.infinity : crossoverOctaves[b] + halfWidthOctaves
            for k in 0..<fft.binCount where (b == 0 || octave[k] > low) && octave[k] < high {
                let above = b == 0 ? 1 : rising(octaves: octave[k] - crossoverOctaves[b - 1])
                let below = b == bands.count - 1 ? 1 : 1 - rising(octaves: octave[k] - crossoverOctaves[b])
                let g = above * below
                filtered[2 * k] = spectrum[2 * k] * g
                filtered[2 * k + 1] = spectrum[2 * k + 1] * g
            }
            return transform(b, Array(fft.inverse(filtered).prefix(signal.count)))
        }
    }
}
