import Foundation

/// Sums of many band-limited impulses at fractional delays, by the Farrow structure: the
/// windowed-sinc kernel of ``FractionalDelay`` is a polynomial in its fraction,
///
///     kernel(fraction)[tap] ≈ Σ_p T_p(2·fraction − 1)·basis_p[tap],   p = 0 … terms − 1,
///
/// (T_p the Chebyshev polynomials; the basis kernels interpolate the kernel at the `terms` Chebyshev
/// nodes of the fraction), so a sum of impulses is `terms` sparse trains, one value per impulse and
/// term at its integer sample, each convolved with its basis kernel by FFT:
///
///     y = Σ_p (Σ_i gain_i·T_p(u_i)·δ[n − whole_i]) ⊛ basis_p.
///
/// Work: `terms` multiply-adds per impulse (contiguous, one SIMD vector at 8 terms) and `terms` + 1
/// real FFTs of the response's length, instead of one multiply-add per kernel tap and impulse
/// (81 taps: about 10× fewer operations per impulse). It pays when impulses outnumber the FFTs' cost,
/// see ``pays(impulses:length:)``.
///
/// Accuracy: with 8 terms the polynomial departs from the exact kernel by at most 4.6e-7 of the
/// impulse's amplitude per tap at any fraction (measured on 4 001 fractions; 6e-8 with 9 terms), 20×
/// below the 256-row kernel table's 1e-5 (``FractionalDelayTable``); trains and transforms are in
/// double precision. Farrow, "A continuously variable digital delay element", ISCAS 1988; the
/// Chebyshev form keeps the terms' coefficients of order one (monomials in the fraction would not).
public struct FarrowImpulseSum: Sendable {
    /// The kernel design the polynomial approximates.
    public let design: FractionalDelay
    /// Polynomial terms (degree + 1).
    public static let terms = 8
    /// `terms × design.length` basis kernels, term-major.
    public let basis: [Double]

    public init(design: FractionalDelay = FractionalDelay()) {
        self.design = design
        let terms = FarrowImpulseSum.terms, taps = design.length
        // Interpolation at the Chebyshev nodes u_k = cos(π(k + ½)/P) by the discrete cosine transform:
        // basis_p = (2 − δ_p0)/P · Σ_k kernel(u_k)·T_p(u_k).
        let nodes = (0..<terms).map { cos(Double.pi * (Double($0) + 0.5) / Double(terms)) }
        let kernels = nodes.map { design.kernel(fraction: ($0 + 1) / 2) }
        var basis = [Double](repeating: 0, count: terms * taps)
        for p in 0..<terms {
            let scale = (p == 0 ? 1.0 : 2.0) / Double(terms)
            for (k, kernel) in kernels.enumerated() {
                let t = cos(Double(p) * Double.pi * (Double(k) + 0.5) / Double(terms))  // T_p(u_k)
                for j in 0..<taps { basis[p * taps + j] += scale * t * kernel[j] }
            }
        }
        self.basis = basis
    }

    /// T_0 … T_{terms−1} at u = 2·fraction − 1 into `values`.
    @inlinable
    static func chebyshev(fraction: Double, into values: UnsafeMutablePointer<Double>) {
        let u = 2 * fraction - 1
        values[0] = 1
        values[1] = u
        var p = 2
        while p < terms {
            values[p] = 2 * u * values[p &- 1] - values[p &- 2]
            p &+= 1
        }
    }

    /// Whether the FFT route is cheaper than adding `impulses` whole kernels into `length` samples, for
    /// one of `responses` sums of this length in a run: one multiply-add per kernel tap against about
    /// 2·N·log2(N) per real FFT of N samples, plus a share of the one-time set-up, FFTW's planning
    /// (with `FFTW_ESTIMATE` about 40 transforms' worth for the forward and inverse plans at 24–65 k
    /// samples, measured here) and the basis spectra. So a single response of the benchmark
    /// shoebox's 290 000 images takes the direct route, and a run of many takes the FFT route.
    /// The choice depends only on the arguments, never on what the process did before.
    public func pays(impulses: Int, length: Int, responses: Int = 1) -> Bool {
        let n = Double(FFTSize.fast(atLeast: length + design.length))
        let setUp = Double(40 + FarrowImpulseSum.terms) / Double(max(1, responses))
        return Double(impulses * design.length) > (Double(FarrowImpulseSum.terms + 1) + setUp) * 2 * n * log2(n)
    }

    /// Σ_i gains[i]·kernel at times[i]·`sampleRate` samples, for i in `range`, over `length` samples
    /// (kernel taps outside 0 ..< length dropped, as ``FractionalDelay/addImpulse(into:timeSamples:gain:)``
    /// does). Times are in seconds and ≥ 0. The impulses are split into parts over up to `jobs` threads;
    /// the result does not depend on `jobs`.
    public func render(
        times: [Double], gains: [Double], range: Range<Int>, sampleRate: Double, length: Int, jobs: Int = 1
    ) -> [Double] {
        let terms = FarrowImpulseSum.terms, lookahead = design.lookahead
        // Train index m = the impulse's integer sample; an impulse at m ≥ length + lookahead has no tap
        // inside the response.
        let positions = length + lookahead
        // Up to four fixed parts of the impulses, each with its own trains, summed in part order: the
        // parts depend on the impulse count only, so the sum is the same for any `jobs`.
        let parts = max(1, min(4, range.count / 50_000))
        let chunk = (range.count + parts - 1) / parts
        let partials = ParallelResults<[Double]>.map(count: parts, jobs: jobs) { w in
            let lower = range.lowerBound + w * chunk
            let part = lower..<min(range.upperBound, lower + chunk)
            return termTrains(times: times, gains: gains, range: part, sampleRate: sampleRate, positions: positions)
        }
        var trains = partials[0]
        for part in partials.dropFirst() {
            for i in trains.indices { trains[i] += part[i] }
        }
        let size = FFTSize.fast(atLeast: length + design.length)
        let fft = RealFFT.plan(size: size)
        let spectra = FarrowSpectrumCache.shared.spectra(self, fftSize: size)
        var sum = [Double](repeating: 0, count: 2 * fft.binCount)
        var frame = [Double](repeating: 0, count: size), spectrum = sum
        trains.withUnsafeBufferPointer { t in
            frame.withUnsafeMutableBufferPointer { f in
                spectrum.withUnsafeMutableBufferPointer { s in
                    sum.withUnsafeMutableBufferPointer { out in
                        for p in 0..<terms {
                            var m = 0
                            while m < positions {
                                f[m] = t[m &* terms &+ p]
                                m &+= 1
                            }
                            fft.forward(f.address, into: s.address)
                            spectra[p].withUnsafeBufferPointer {
                                ComplexArithmetic.multiplyAdd(out.address, s.address, $0.address, bins: fft.binCount)
                            }
                        }
                    }
                }
            }
        }
        var output = [Double](repeating: 0, count: size)
        sum.withUnsafeMutableBufferPointer { s in
            output.withUnsafeMutableBufferPointer { fft.inverseUnnormalized(destroying: s.address, into: $0.address) }
        }
        output.removeLast(size - length)
        return output
    }

    /// The `terms` trains of the impulses in `range`, interleaved: value of term p at sample m at
    /// index m·terms + p.
    private func termTrains(
        times: [Double], gains: [Double], range: Range<Int>, sampleRate fs: Double, positions: Int
    ) -> [Double] {
        let terms = FarrowImpulseSum.terms
        var trains = [Double](repeating: 0, count: positions * terms)
        var values = [Double](repeating: 0, count: terms)
        trains.withUnsafeMutableBufferPointer { out in
            times.withUnsafeBufferPointer { t in
                gains.withUnsafeBufferPointer { g in
                    values.withUnsafeMutableBufferPointer { v in
                        for i in range {
                            let samples = t[i] * fs
                            let whole = Int(samples)  // times ≥ 0: truncation is the floor
                            guard whole < positions else { continue }
                            FarrowImpulseSum.chebyshev(fraction: samples - Double(whole), into: v.address)
                            let o = out.address + whole &* terms, gain = g[i]
                            var p = 0
                            while p < terms {
                                o[p] += gain * v[p]
                                p &+= 1
                            }
                        }
                    }
                }
            }
        }
        return trains
    }
}

/// The basis kernels' spectra per FFT size, each placed circularly so that a train value at sample m
/// puts the kernel's centre tap at m (taps before it wrap to the end), scaled by 1/N so the summed
/// spectrum's unnormalized inverse is the response. Computed once per (design, size).
final class FarrowSpectrumCache: @unchecked Sendable {
    static let shared = FarrowSpectrumCache()
    private let cache = ComputedCache<String, [[Double]]>()

    func spectra(_ sum: FarrowImpulseSum, fftSize size: Int) -> [[Double]] {
        cache.value("\(sum.design.length)|\(sum.design.window)|\(size)") {
            let taps = sum.design.length, lookahead = sum.design.lookahead
            let fft = RealFFT.plan(size: size)
            return (0..<FarrowImpulseSum.terms).map { p in
                var frame = [Double](repeating: 0, count: size)
                for j in 0..<taps { frame[(j - lookahead + size) % size] = sum.basis[p * taps + j] / Double(size) }
                return fft.forward(frame)
            }
        }
    }
}
