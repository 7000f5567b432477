import Foundation
import SoundstageDSP

/// Single-number room parameters of a two-ear impulse response, the ears' energies summed.
///
/// Each ear is octave-filtered (zero phase, 500 Hz, 1 kHz and 2 kHz octaves); per band the two ears
/// combine as h = √(h_L² + h_R²), which keeps the energy of both, so the Schroeder curve and the
/// 80 ms split see the energy reaching the listener rather than one ear's comb filtering. The single
/// numbers follow ISO 3382-1:2009 Annex A: T30 and C80 are the means of the 500 Hz and 1 kHz octaves;
/// IACC_E3 and IACC_L3 the mean early (0–80 ms) and late (80 ms–end) IACC of the three octaves.
/// (The sweep's DRR is read at the listener's position with the exact direct sound,
/// `RoomMicrophones`.)
///
/// The octave signals hold nothing above 4 kHz (the 2 kHz octave's upper transition ends half an
/// octave above 2.83 kHz), so they are formed at a quarter of the sample rate straight from the
/// spectrum (exact decimation of a band-limited signal; a half below 32 kHz, none below 16 kHz): a
/// quarter of the work, the same values to within the IACF's sub-sample interpolation.
public struct BinauralRoomParameters: Sendable, Equatable {
    /// IACC_E3 (0–80 ms) and IACC_L3 (80 ms–end), 0…1.
    public var iaccE3 = 0.0, iaccL3 = 0.0
    /// Mid-frequency T30 in seconds; nil when either octave's decay does not reach −35 dB.
    public var t30Seconds: Double?
    /// Mid-frequency C80 in dB; nil when the response ends before 80 ms.
    public var c80DB: Double?

    /// The octaves analysed (nominal labels).
    public static let octaveLabels = ["500", "1000", "2000"]
    /// Silence in seconds the transform must hold after the response, for the octave filters'
    /// ringing (from 350 Hz up) not to wrap around.
    public static let paddingSeconds = 0.1

    /// Analyses `ears` (an impulse response at both ears).
    public init(_ ears: EarSignals) {
        let size = BinauralRoomParameters.transformSize(length: ears.left.count, sampleRate: ears.sampleRate)
        let fft = RealFFT.plan(size: size)
        self.init(
            leftSpectrum: fft.forward(ears.left), rightSpectrum: fft.forward(ears.right), fftSize: size,
            length: ears.left.count, sampleRate: ears.sampleRate)
    }

    /// The decimation factor of the octave signals at `sampleRate`: the largest of 4, 2, 1 that keeps
    /// 4 kHz below the reduced Nyquist frequency.
    static func decimation(sampleRate: Double) -> Int { sampleRate >= 32000 ? 4 : sampleRate >= 16000 ? 2 : 1 }

    /// A transform length that holds `length` samples and the padding, a multiple of the decimation.
    public static func transformSize(length: Int, sampleRate: Double) -> Int {
        let d = decimation(sampleRate: sampleRate)
        return d * FFTSize.fast(atLeast: (length + Int(paddingSeconds * sampleRate) + d - 1) / d)
    }

    /// Analyses a response of `length` samples given by its spectra (real FFTs of `fftSize`, a multiple
    /// of the decimation, with at least ``paddingSeconds`` of zeros after the response, see
    /// ``transformSize(length:sampleRate:)``).
    public init(leftSpectrum: [Double], rightSpectrum: [Double], fftSize: Int, length: Int, sampleRate: Double) {
        let d = BinauralRoomParameters.decimation(sampleRate: sampleRate)
        precondition(fftSize % d == 0, "the transform length must be a multiple of \(d)")
        let reduced = RealFFT.plan(size: fftSize / d)
        let fs = sampleRate / Double(d), count = (length + d - 1) / d
        let bank = RoomParameterAnalysis.analysisBank
        let indices = BinauralRoomParameters.octaveLabels.compactMap { label in
            bank.bands.firstIndex { $0.label == label }
        }
        /// x[d·m] from the spectrum: the bins below fs/(2d) inverse-transformed at 1/d of the length, over d.
        func octave(_ spectrum: [Double], _ band: Int) -> [Double] {
            var bins = [Double](repeating: 0, count: 2 * reduced.binCount)
            let weights = OctaveWeights.of(band: band, fftSize: fftSize, sampleRate: sampleRate)
            bins.withUnsafeMutableBufferPointer { out in
                spectrum.withUnsafeBufferPointer { x in
                    for (k, g) in zip(weights.bins, weights.gains) {
                        out[2 &* k] = x[2 &* k] * g
                        out[2 &* k &+ 1] = x[2 &* k &+ 1] * g
                    }
                }
            }
            return Array(reduced.inverse(bins).prefix(count))
        }
        let left = indices.map { octave(leftSpectrum, $0) }, right = indices.map { octave(rightSpectrum, $0) }
        var bandLeft = [Double](repeating: 0, count: count), bandRight = bandLeft
        for b in indices.indices {
            BinauralRoomParameters.add(left[b], into: &bandLeft)
            BinauralRoomParameters.add(right[b], into: &bandRight)
        }
        let band = BinauralRoomParameters.energySum(bandLeft, bandRight)
        guard let onset = ImpulseOnset.index(of: band), let peak = ImpulseOnset.peakIndex(of: band) else { return }
        let iacc = indices.indices.map {
            InterauralCrossCorrelation.earlyAndLate(
                EarSignals(left: left[$0], right: right[$0], sampleRate: fs), onset: onset)
        }
        iaccE3 = iacc.map(\.early).reduce(0, +) / Double(iacc.count)
        iaccL3 = iacc.map(\.late).reduce(0, +) / Double(iacc.count)
        let mid = (0..<2).map { b in
            RoomParameterAnalysis.parameters(
                BinauralRoomParameters.energySum(left[b], right[b]), onset: onset, directPeak: peak, sampleRate: fs,
                onlyT30AndC80: true)
        }
        let t30 = mid.compactMap(\.t30), c80 = mid.compactMap(\.c80)
        t30Seconds = t30.count == 2 ? (t30[0] + t30[1]) / 2 : nil
        c80DB = c80.count == 2 ? (c80[0] + c80[1]) / 2 : nil
    }

    /// An octave's bins (``bins(band:fftSize:sampleRate:)``) and their gains over the decimation: the
    /// same for every response of one transform length, so made once per band and length.
    struct OctaveWeights: Sendable {
        var bins = [Int](), gains = [Double]()

        private struct Key: Hashable {
            let band: Int, fftSize: Int, sampleRate: Double
        }
        private static let cache = ComputedCache<Key, OctaveWeights>()

        static func of(band: Int, fftSize: Int, sampleRate: Double) -> OctaveWeights {
            cache.value(Key(band: band, fftSize: fftSize, sampleRate: sampleRate)) {
                var made = OctaveWeights()
                let bank = RoomParameterAnalysis.analysisBank, d = decimation(sampleRate: sampleRate)
                if let range = BinauralRoomParameters.bins(band: band, fftSize: fftSize, sampleRate: sampleRate) {
                    for k in range {
                        made.bins.append(k)
                        made.gains.append(
                            bank.gain(band: band, frequency: Double(k) * sampleRate / Double(fftSize)) / Double(d))
                    }
                }
                return made
            }
        }
    }

    /// The spectrum's bins analysed in `band` of the analysis bank: the band's bins below fs/(2d).
    private static func bins(band: Int, fftSize: Int, sampleRate: Double) -> ClosedRange<Int>? {
        let last = fftSize / decimation(sampleRate: sampleRate) / 2 - 1
        guard let range = RoomParameterAnalysis.analysisBank.bins(band: band, fftSize: fftSize, sampleRate: sampleRate),
            range.lowerBound <= last
        else { return nil }
        return range.lowerBound...min(range.upperBound, last)
    }

    /// The highest spectrum bin ``init(leftSpectrum:rightSpectrum:fftSize:length:sampleRate:)`` reads.
    public static func highestBin(fftSize: Int, sampleRate: Double) -> Int {
        let bank = RoomParameterAnalysis.analysisBank
        return octaveLabels.compactMap { label in
            bank.bands.firstIndex { $0.label == label }.flatMap {
                bins(band: $0, fftSize: fftSize, sampleRate: sampleRate)
            }
        }.map(\.upperBound).max() ?? 0
    }

    /// √(a² + b²) sample by sample: a signal with the energy of both.
    static func energySum(_ a: [Double], _ b: [Double]) -> [Double] {
        precondition(a.count == b.count, "the two signals must have the same length")
        return [Double](unsafeUninitializedCapacity: a.count) { out, initialized in
            a.withUnsafeBufferPointer { x in
                b.withUnsafeBufferPointer { y in
                    for n in 0..<x.count { out[n] = (x[n] * x[n] + y[n] * y[n]).squareRoot() }
                }
            }
            initialized = a.count
        }
    }

    /// `sum[n] += x[n]` over the first `sum.count` samples.
    private static func add(_ x: [Double], into sum: inout [Double]) {
        precondition(x.count >= sum.count, "the signal must cover the sum")
        sum.withUnsafeMutableBufferPointer { s in
            x.withUnsafeBufferPointer { x in
                for n in 0..<s.count { s[n] += x[n] }
            }
        }
    }
}
