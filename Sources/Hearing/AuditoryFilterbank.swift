import Foundation

/// The auditory periphery's frequency analysis: fourth-order gammatone filters spaced one ERB apart
/// (Glasberg & Moore 1990, Hearing Research 47:103; Patterson et al. 1992), evaluated as power
/// responses on the bins of a real FFT.
///
/// The model works on spectra rather than on filtered waveforms: every cue it needs (band energies,
/// the band-limited interaural cross-spectrum and the cross-spectrum of the envelopes) is a weighted
/// sum over bins of the ear spectra (see ``BinauralCues``). A fourth-order gammatone's power response
/// is (1 + ((f − fc)/b)²)⁻⁴ with b = 1.019·ERB(fc); it is summed over |f − fc| ≤ 2.5 b, where it has
/// fallen by 34 dB.
public struct AuditoryFilterbank: Sendable {
    /// One band's power weights on consecutive FFT bins.
    public struct Band: Sendable {
        /// Centre frequency in Hz.
        public let centreHz: Double
        /// Equivalent rectangular bandwidth at the centre, Hz.
        public let erbHz: Double
        /// Index of the first bin of `weights`.
        public let firstBin: Int
        /// |G(f)|² at bins `firstBin…`, dimensionless (1 at the centre).
        public let weights: [Double]
        /// The envelope analysis's modulation frequency in bins (≥ 1): half the ERB, at most 150 Hz
        /// (Dietz et al. 2011 read envelope ITDs through a 135 Hz modulation filter).
        public let modulationBins: Int
    }

    /// Sample rate in Hz and FFT length the weights are for.
    public let sampleRate: Double, fftSize: Int
    public let bands: [Band]

    /// The bins any band reads: a ``CrossSpectrum`` over these serves every band (the bands end near
    /// 15 kHz, a third of a 48 kHz spectrum lies above them).
    public let bins: Range<Int>

    /// ERB of the auditory filter at `hz` (Glasberg & Moore 1990): 24.7·(4.37·f/1000 + 1) Hz.
    public static func erb(_ hz: Double) -> Double { 24.7 * (4.37 * hz / 1000 + 1) }

    /// ERB-number (Cams) of `hz`: 21.4·log10(1 + 4.37·f/1000).
    public static func erbNumber(_ hz: Double) -> Double { 21.4 * log10(1 + 4.37 * hz / 1000) }

    /// Frequency in Hz of ERB-number `cams`.
    public static func frequency(erbNumber cams: Double) -> Double { (pow(10, cams / 21.4) - 1) * 1000 / 4.37 }

    /// Centre frequencies one ERB apart from `lowHz` up to `highHz` (capped below Nyquist).
    public static func centres(lowHz: Double, highHz: Double, sampleRate: Double) -> [Double] {
        let top = erbNumber(min(highHz, 0.45 * sampleRate))
        var cams = erbNumber(lowHz)
        var centres = [Double]()
        while cams <= top + 1e-9 {
            centres.append(frequency(erbNumber: cams))
            cams += 1
        }
        return centres
    }

    /// The bands of ``centres(lowHz:highHz:sampleRate:)`` on the bins of an FFT of `fftSize` at
    /// `sampleRate` (100 Hz–12 kHz by default: 34 bands). With `pinkWeighting` each
    /// weight is also scaled by fc/f: the band sums then read a spectrum as if it were driven by pink
    /// noise (power ∝ 1/f), the test signal of summing-localization studies.
    public init(
        sampleRate: Double, fftSize: Int, lowHz: Double = 100, highHz: Double = 12000, pinkWeighting: Bool = false
    ) {
        self.sampleRate = sampleRate
        self.fftSize = fftSize
        let binHz = sampleRate / Double(fftSize)
        let lastBin = fftSize / 2
        bands = AuditoryFilterbank.centres(lowHz: lowHz, highHz: highHz, sampleRate: sampleRate).map { fc in
            let erb = AuditoryFilterbank.erb(fc)
            let b = 1.019 * erb
            let first = max(1, Int(((fc - 2.5 * b) / binHz).rounded(.up)))
            let last = min(lastBin, Int(((fc + 2.5 * b) / binHz).rounded(.down)))
            let weights = (first...max(first, last)).map { k -> Double in
                let x = (Double(k) * binHz - fc) / b
                let g = 1 + x * x
                let pink = pinkWeighting ? fc / (Double(k) * binHz) : 1
                return pink / (g * g * g * g)
            }
            let modulation = max(1, Int((min(erb / 2, 150) / binHz).rounded()))
            return Band(centreHz: fc, erbHz: erb, firstBin: first, weights: weights, modulationBins: modulation)
        }
        let first = bands.map(\.firstBin).min() ?? 0
        bins = first..<max(first, bands.map { $0.firstBin + $0.weights.count }.max() ?? 0)
    }
}
