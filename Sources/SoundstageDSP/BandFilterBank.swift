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
public struct BandFilterBank: Sendable {
    /// The bands, low to high.
    public let bands: [FrequencyBand]
    /// Half the width of each crossover transition in octaves (≤ half the band spacing).
    public let halfWidthOctaves: Double

    /// A bank over `bands` (contiguous, ascending). `transition` is the crossover width as a
    /// fraction of the band spacing, in (0, 1].
    public init(bands: [FrequencyBand], transition: Double = 0.5) {
        precondition(!bands.isEmpty, "a filter bank needs at least one band")
        precondition(transition > 0 && transition <= 1, "transition must lie in (0, 1]")
        self.bands = bands
        let spacing = bands.count > 1 ? log2(bands[1].centre / bands[0].centre) : 1
        halfWidthOctaves = transition * spacing / 2
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
        let octaves = log2(frequency / crossover)
        if octaves <= -halfWidthOctaves { return 0 }
        if octaves >= halfWidthOctaves { return 1 }
        let s = sin(Double.pi / 4 * (1 + octaves / halfWidthOctaves))
        return s * s
    }

    /// Zero-phase gain of band `band` (an index into ``bands``) at `frequency` Hz, in [0, 1].
    public func gain(band: Int, frequency: Double) -> Double {
        let above = band == 0 ? 1 : rising(frequency, crossover: bands[band].lower)
        let below = band == bands.count - 1 ? 1 : 1 - rising(frequency, crossover: bands[band].upper)
        return above * below
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
    /// The FFT is padded by `paddingSeconds` seconds' worth of samples on the right (default 0.5 s) so the
    /// filters' ringing does not wrap around.
    public func split(_ signal: [Double], sampleRate: Double, paddingSeconds: Double = 0.5) -> [[Double]] {
        if signal.isEmpty { return bands.map { _ in [] } }
        let size = FFTSize.fast(atLeast: signal.count + Int(paddingSeconds * sampleRate))
        let fft = RealFFT.plan(size: size)
        let spectrum = fft.forward(signal)
        return bands.indices.map { b in
            var filtered = spectrum
            for k in 0..<fft.binCount {
                let g = gain(band: b, frequency: Double(k) * sampleRate / Double(size))
                filtered[2 * k] *= g
                filtered[2 * k + 1] *= g
            }
            let full = fft.inverse(filtered)
            // Pre-ringing of the zero-phase filter wraps to the end of the padded buffer; it belongs
            // before t = 0 and is dropped with the padding.
            return Array(full.prefix(signal.count))
        }
    }
}
