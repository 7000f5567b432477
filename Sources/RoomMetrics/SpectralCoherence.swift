import Foundation
import SoundstageDSP

/// Interaural coherence of stationary pink noise played through a two-ear system, from the
/// system's spectra: the value a noise measurement converges to as the noise gets long.
///
/// For noise with power spectrum S(f) through ear responses H_L, H_R, the band's expected cross-
/// correlation is r(τ) = Σ_k S_k·g_k²·Re(conj(H_L,k)·H_R,k·e^{2πikτ/N}) and its energies
/// Σ_k S_k·g_k²·|H_k|² (Wiener–Khinchin), g the zero-phase band filter of ``BandFilterBank``;
/// the coherence is max |r(τ)| over |τ| ≤ 1 ms over √(E_L·E_R), as
/// ``InterauralCrossCorrelation/evaluate(_:window:)`` computes it on signals. Pink noise:
/// S_k ∝ 1/f_k. No test-signal variance, and no inverse transform: the sum runs over the band's
/// bins only.
public enum SpectralCoherence {
    /// The third-octave bank the coherence is read in.
    static let bank = BandFilterBank.thirdOctave(from: 20, to: 20000)

    /// Mean over the third octaves with nominal centres in `low…high` Hz of the pink-noise coherence
    /// of the responses whose real-FFT spectra (`fftSize` points, interleaved) are given.
    public static func meanThirdOctave(
        left: [Double], right: [Double], fftSize: Int, sampleRate: Double,
        low: Double = 500, high: Double = 2000
    ) -> Double {
        let values = bandIndices(bank, sampleRate: sampleRate, low: low, high: high).map {
            coherence(left: left, right: right, fftSize: fftSize, sampleRate: sampleRate, band: $0)
        }
        return values.reduce(0, +) / Double(max(values.count, 1))
    }

    /// The bands of `bank` with nominal frequencies in low…high, below the Nyquist frequency.
    private static func bandIndices(_ bank: BandFilterBank, sampleRate: Double, low: Double, high: Double) -> [Int] {
        bank.bands.indices.filter {
            bank.bands[$0].nominal >= low && bank.bands[$0].nominal <= high && bank.bands[$0].upper < sampleRate / 2
        }
    }

    /// The highest spectrum bin ``meanThirdOctave(left:right:fftSize:sampleRate:low:high:)`` reads.
    public static func highestBin(fftSize: Int, sampleRate: Double, low: Double = 500, high: Double = 2000) -> Int {
        bandIndices(bank, sampleRate: sampleRate, low: low, high: high).compactMap {
            bins(bank, band: $0, fftSize: fftSize, sampleRate: sampleRate)?.upperBound
        }.max() ?? 0
    }

    /// The bins band `band` of `bank` reads: its bins below the Nyquist bin; nil when none.
    private static func bins(
        _ bank: BandFilterBank, band: Int, fftSize n: Int, sampleRate fs: Double
    ) -> ClosedRange<Int>? {
        guard let range = bank.bins(band: band, fftSize: n, sampleRate: fs), range.lowerBound <= n / 2 - 1 else {
            return nil
        }
        return range.lowerBound...min(range.upperBound, n / 2 - 1)
    }

    /// Pink-noise coherence in band `band` of ``bank``.
    static func coherence(left: [Double], right: [Double], fftSize n: Int, sampleRate fs: Double, band: Int) -> Double {
        let maxLag = Int((InterauralCrossCorrelation.maximumLagSeconds * fs).rounded())
        let weights = BandWeights.of(band: band, fftSize: n, sampleRate: fs, maxLag: maxLag)
        // Per bin: c = w·conj(L)·R, and the rotation e^{iθ}, θ = 2πk/N, started at τ = −maxLag.
        var cross = [SIMD2<Double>]()
        cross.reserveCapacity(weights.bins.count)
        var energyLeft = 0.0, energyRight = 0.0
        for (k, w) in zip(weights.bins, weights.weights) {
            let lr = left[2 * k], li = left[2 * k + 1], rr = right[2 * k], ri = right[2 * k + 1]
            energyLeft += w * (lr * lr + li * li)
            energyRight += w * (rr * rr + ri * ri)
            cross.append(SIMD2(w * (lr * rr + li * ri), w * (lr * ri - li * rr)))
        }
        let r = lagSums(cross: cross, step: weights.step, start: weights.start, lags: 2 * maxLag + 1)
        let norm = (energyLeft * energyRight).squareRoot()
        guard norm > 0 else { return 0 }
        return min(1, r.reduce(0) { max($0, abs($1)) } / norm)
    }

    /// What ``coherence(left:right:fftSize:sampleRate:band:)`` weighs each bin of a band by, independent
    /// of the responses: the bins with a non-zero weight, the weights g²/f (g: the band's gain), and each
    /// bin's lag rotation (its step, and its start at −maxLag). Made once per band and transform.
    struct BandWeights: Sendable {
        var bins = [Int](), weights = [Double](), step = [SIMD2<Double>](), start = [SIMD2<Double>]()

        private struct Key: Hashable {
            let band: Int, fftSize: Int, sampleRate: Double, maxLag: Int
        }
        private static let cache = ComputedCache<Key, BandWeights>()

        static func of(band: Int, fftSize n: Int, sampleRate fs: Double, maxLag: Int) -> BandWeights {
            cache.value(Key(band: band, fftSize: n, sampleRate: fs, maxLag: maxLag)) {
                var made = BandWeights()
                guard let range = SpectralCoherence.bins(bank, band: band, fftSize: n, sampleRate: fs) else {
                    return made
                }
                for k in range {
                    let f = Double(k) * fs / Double(n)
                    let g = bank.gain(band: band, frequency: f)
                    let w = g * g / f
                    guard w > 0 else { continue }
                    made.bins.append(k)
                    made.weights.append(w)
                    let theta = 2 * Double.pi * Double(k) / Double(n)
                    made.step.append(SIMD2(cos(theta), sin(theta)))
                    made.start.append(SIMD2(cos(-theta * Double(maxLag)), sin(-theta * Double(maxLag))))
                }
                return made
            }
        }
    }

    /// r(τ) = Σ_k Re(c_k·z_k(τ)) for `lags` steps of z_k ← z_k·step_k from `start`, four bins at a time
    /// in SIMD lanes (each bin's rotation is a recurrence; the bins are independent).
    static func lagSums(cross: [SIMD2<Double>], step: [SIMD2<Double>], start: [SIMD2<Double>], lags: Int) -> [Double] {
        var lanes = [SIMD4<Double>](repeating: .zero, count: lags)
        var k = 0
        while k < cross.count {
            var cr = SIMD4<Double>.zero, ci = cr, sr = cr, si = cr, zr = cr, zi = cr
            for lane in 0..<min(4, cross.count - k) {
                (cr[lane], ci[lane]) = (cross[k + lane].x, cross[k + lane].y)
                (sr[lane], si[lane]) = (step[k + lane].x, step[k + lane].y)
                (zr[lane], zi[lane]) = (start[k + lane].x, start[k + lane].y)
            }
            lanes.withUnsafeMutableBufferPointer { out in
                for t in 0..<lags {
                    out[t] += cr * zr - ci * zi
                    (zr, zi) = (zr * sr - zi * si, zr * si + zi * sr)
                }
            }
            k += 4
        }
        return lanes.map { $0.sum() }
    }
}
