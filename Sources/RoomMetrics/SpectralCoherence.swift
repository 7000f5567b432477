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
    /// Mean over the third octaves with nominal centres in `low…high` Hz of the pink-noise coherence
    /// of the responses whose real-FFT spectra (`fftSize` points, interleaved) are given.
    public static func meanThirdOctave(
        left: [Double], right: [Double], fftSize: Int, sampleRate: Double,
        low: Double = 500, high: Double = 2000
    ) -> Double {
        let bank = BandFilterBank.thirdOctave(from: 20, to: 20000)
        let bands = bank.bands.indices.filter {
            bank.bands[$0].nominal >= low && bank.bands[$0].nominal <= high && bank.bands[$0].upper < sampleRate / 2
        }
        let values = bands.map {
            coherence(left: left, right: right, fftSize: fftSize, sampleRate: sampleRate, bank: bank, band: $0)
        }
        return values.reduce(0, +) / Double(max(values.count, 1))
    }

    /// Pink-noise coherence in band `band` of `bank`.
    static func coherence(
        left: [Double], right: [Double], fftSize n: Int, sampleRate fs: Double, bank: BandFilterBank, band: Int
    ) -> Double {
        let maxLag = Int((InterauralCrossCorrelation.maximumLagSeconds * fs).rounded())
        guard let range = bank.bins(band: band, fftSize: n, sampleRate: fs), range.lowerBound <= n / 2 - 1 else {
            return 0
        }
        var r = [Double](repeating: 0, count: 2 * maxLag + 1)
        var energyLeft = 0.0, energyRight = 0.0
        for k in range.lowerBound...min(range.upperBound, n / 2 - 1) {
            let f = Double(k) * fs / Double(n)
            let g = bank.gain(band: band, frequency: f)
            let w = g * g / f
            guard w > 0 else { continue }
            let lr = left[2 * k], li = left[2 * k + 1], rr = right[2 * k], ri = right[2 * k + 1]
            energyLeft += w * (lr * lr + li * li)
            energyRight += w * (rr * rr + ri * ri)
            // c = w·conj(L)·R; r(τ) += Re(c·e^{iθτ}), θ = 2πk/N, stepped by a rotation from τ = −maxLag.
            let cr = w * (lr * rr + li * ri), ci = w * (lr * ri - li * rr)
            let theta = 2 * Double.pi * Double(k) / Double(n)
            let stepR = cos(theta), stepI = sin(theta)
            var zr = cos(-theta * Double(maxLag)), zi = sin(-theta * Double(maxLag))
            r.withUnsafeMutableBufferPointer { out in
                for t in 0..<out.count {
                    out[t] += cr * zr - ci * zi
                    (zr, zi) = (zr * stepR - zi * stepI, zr * stepI + zi * stepR)
                }
            }
        }
        let norm = (energyLeft * energyRight).squareRoot()
        guard norm > 0 else { return 0 }
        return min(1, r.map { abs($0) }.max()! / norm)
    }
}
