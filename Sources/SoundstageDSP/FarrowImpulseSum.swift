import Foundation

/// Sums of many band-limited impulses at fractional delays, by the Farrow structure: the
/// windowed-sinc kernel of ``FractionalDelay`` is a polynomial in its fraction,
///
///     kernel(fraction)[tap] ≈ Σ_p T_p(2·fraction − 1)·basis_p[tap],   p = 0 … 7,
///
/// (T_p the Chebyshev polynomials; the basis kernels interpolate the kernel at the 8 Chebyshev nodes
/// of the fraction), so a sum of impulses is 8 sparse trains, one value per impulse and term at its
/// integer sample, each convolved with its basis kernel:
///
///     y[n] = Σ_k Σ_p train_p[n + lookahead − k]·basis_p[k].
///
/// Work: 8 multiply-adds per impulse (the trains are interleaved, term fastest) and per output sample
/// one 8-wide multiply-add per kernel tap, instead of one multiply-add per tap and impulse; no FFT, so
/// nothing to plan (FFTW's planning alone costs more than a single response's kernels). It pays when
/// impulses outnumber output samples a few times over (``pays(impulses:length:)``): the 290 000
/// images of a 0.5 s shoebox response in 24 000 samples.
///
/// Accuracy: the 8-term polynomial departs from the exact kernel by at most 4.6e-7 of the impulse's
/// amplitude per tap at any fraction (measured on 4 001 fractions; 6e-8 with 9 terms), 20× below the
/// 256-row kernel table's 1e-5 (``FractionalDelayTable``). The terms are computed in double precision;
/// trains and convolution run in float 32, as the table route's sums do (the tests bound the whole
/// against exact kernels).
/// Farrow, "A continuously variable digital delay element", ISCAS 1988; the Chebyshev form keeps
/// the terms' coefficients of order one (monomials in the fraction would not).
public struct FarrowImpulseSum: Sendable {
    /// The kernel design the polynomial approximates.
    public let design: FractionalDelay
    /// Polynomial terms (degree + 1): two 4-wide vectors of floats.
    public static let terms = 8
    /// The basis kernels, tap-major and last tap first: basis_p[taps − 1 − j] at index 8·j + p, so that
    /// a sample of the sum is one contiguous dot product with the trains.
    let basis: [Float]

    public init(design: FractionalDelay = FractionalDelay()) {
        self.design = design
        let terms = FarrowImpulseSum.terms
        // Interpolation at the Chebyshev nodes u_m = cos(π(m + ½)/P) by the discrete cosine transform:
        // basis_p = (2 − δ_p0)/P · Σ_m kernel(u_m)·T_p(u_m).
        let kernels = (0..<terms).map { m in
            design.kernel(fraction: (cos(Double.pi * (Double(m) + 0.5) / Double(terms)) + 1) / 2)
        }
        var basis = [Double](repeating: 0, count: terms * design.length)
        for k in 0..<design.length {
            for p in 0..<terms {
                let scale = (p == 0 ? 1.0 : 2.0) / Double(terms)
                for (m, kernel) in kernels.enumerated() {
                    basis[terms * (design.length - 1 - k) + p] +=
                        scale * cos(Double(p) * Double.pi * (Double(m) + 0.5) / Double(terms)) * kernel[k]
                }
            }
        }
        self.basis = basis.map(Float.init)
    }

    /// Whether this route is cheaper than adding `impulses` whole kernels into `length` samples: one
    /// 8-wide multiply-add per impulse and per (output sample, tap), against one 81-tap kernel per
    /// impulse. Measured with `soundstage rir --receivers` (100 receivers, the benchmark shoebox cut
    /// at 0.15–0.5 s, CPU time): the table route is faster at 1 and 2 impulses per sample, this one at
    /// 3 (8 % less), 4.3 (33 %) and 12 (53 %); so it is taken above 3 impulses per sample.
    public func pays(impulses: Int, length: Int) -> Bool { impulses > 3 * length }

    /// Σ_i gains[i]·kernel at times[i]·`sampleRate` samples over `length` samples
    /// (kernel taps outside 0 ..< length dropped, as ``FractionalDelay/addImpulse(into:timeSamples:gain:)``
    /// does). Times are in seconds and ≥ 0. The work is shared by up to `jobs` threads (see
    /// ``trains(length:parts:jobs:_:)``); the result is the same for any number.
    public func render(
        times: [Double], gains: [Double], sampleRate: Double, length: Int, jobs: Int = 1
    ) -> [Double] {
        precondition(times.count == gains.count, "one gain per impulse")
        let trains = trains(length: length, parts: jobs, jobs: jobs) { writer in
            times.withUnsafeBufferPointer { t in
                gains.withUnsafeBufferPointer { g in
                    for i in 0..<t.count { writer.impulse(atSample: t[i] * sampleRate, gain: g[i]) }
                }
            }
        }
        return convolve(trains, length: length, jobs: jobs)
    }

    /// Adds impulses to term trains through a raw view, those whose integer sample lies in
    /// ``samples`` only; valid only inside ``trains(length:parts:jobs:_:)``.
    public struct TrainWriter: @unchecked Sendable {
        /// Term p of slot m at index 8·m + p; an impulse at integer sample s has slot s + lookahead
        /// (so the taps before an impulse near t = 0 read zeros).
        @usableFromInline let trains: UnsafeMutablePointer<Float>
        @usableFromInline let lookahead: Int
        /// The integer samples whose impulses this writer adds: its part of the response (impulses
        /// from the response's length + lookahead on have no tap inside it and belong to no part).
        public let samples: Range<Int>

        /// Adds an impulse of amplitude `gain` at `samples` (≥ 0) output samples if it is this
        /// writer's: 8 multiply-adds. In float 32, like the kernel-table route's sums: a slot gathers
        /// a few to a few hundred impulses, so the rounding stays near 1e-7 of the largest, below the
        /// polynomial's error.
        @inlinable @inline(__always)
        public func impulse(atSample samples: Double, gain: Double) {
            let whole = Int(samples)  // samples ≥ 0: truncation is the floor
            guard whole >= self.samples.lowerBound && whole < self.samples.upperBound else { return }
            // T_p(u), u = 2·fraction − 1, from T_{m+n} = 2·T_m·T_n − T_|m−n| (a short dependency
            // chain, unlike the three-term recurrence).
            let u = 2 * (samples - Double(whole)) - 1
            let t2 = 2 * u * u - 1
            let t3 = 2 * u * t2 - u, t4 = 2 * t2 * t2 - 1
            let t5 = 2 * t2 * t3 - u, t6 = 2 * t3 * t3 - 1, t7 = 2 * t3 * t4 - u
            let o = trains + (whole &+ lookahead) &* 8
            o[0] += Float(gain)
            o[1] += Float(gain * u)
            o[2] += Float(gain * t2)
            o[3] += Float(gain * t3)
            o[4] += Float(gain * t4)
            o[5] += Float(gain * t5)
            o[6] += Float(gain * t6)
            o[7] += Float(gain * t7)
        }
    }

    /// The term trains of a sum over `length` output samples, filled by `parts` writers on up to
    /// `jobs` threads: `fill(writer)` offers impulses (every one, or at least those in its
    /// ``TrainWriter/samples``) and the writer keeps those of its part. The parts are consecutive
    /// ranges of samples of equal volume, so of about equal image counts (images fill space evenly:
    /// part k ends at the response's end × ∛(k/parts)); they touch disjoint slots, which each part
    /// also zeroes itself (so the pages are first touched by the thread that uses them). Every slot
    /// gathers its impulses in the order they are offered, by one writer: the trains are the same for
    /// any number of parts or jobs, bit for bit.
    public func trains(length: Int, parts: Int, jobs: Int, _ fill: @Sendable (TrainWriter) -> Void) -> [Float] {
        let lookahead = design.lookahead, slots = length + 2 * lookahead, end = length + lookahead
        let parts = max(1, parts)
        let bounds = (0...parts).map { k in Int((Double(end) * cbrt(Double(k) / Double(parts))).rounded()) }
        return [Float](unsafeUninitializedCapacity: FarrowImpulseSum.terms * slots) { buffer, initialized in
            let base = SendableAddress(buffer.address)
            concurrentForEach(count: parts, jobs: jobs) { k in
                let firstSlot = k == 0 ? 0 : bounds[k] + lookahead
                let endSlot = k == parts - 1 ? slots : bounds[k + 1] + lookahead
                (base.address + 8 * firstSlot).initialize(repeating: 0, count: 8 * (endSlot - firstSlot))
                fill(TrainWriter(trains: base.address, lookahead: lookahead, samples: bounds[k]..<bounds[k + 1]))
            }
            initialized = FarrowImpulseSum.terms * slots
        }
    }

    /// The sum from `trains` (of ``trains(length:parts:jobs:_:)`` for the same `length`): `length`
    /// output samples, convolved in fixed blocks on up to `jobs` threads (each sample is computed
    /// alone, so the result does not depend on `jobs`), written in place.
    public func convolve(_ trains: [Float], length: Int, jobs: Int = 1) -> [Double] {
        precondition(
            trains.count == FarrowImpulseSum.terms * (length + 2 * design.lookahead), "trains for another length")
        let block = 4096
        return [Double](unsafeUninitializedCapacity: length) { out, initialized in
            let base = SendableAddress(out.address)
            concurrentForEach(count: (length + block - 1) / block, jobs: jobs) { b in
                convolved(trains, from: b * block, to: min(length, (b + 1) * block), into: base.address)
            }
            initialized = length
        }
    }

    /// y[n] for n in first ..< end, into `out` + n: Σ_k Σ_p basis_p[k]·train_p[n + 2·lookahead − k]
    /// (slots are offset by the lookahead). With the basis stored last tap first that is the dot
    /// product of the basis and the 8·taps train values from slot n on, as two 4-wide running sums
    /// (terms 0–3 and 4–7) added at the end.
    private func convolved(_ trains: [Float], from first: Int, to end: Int, into out: UnsafeMutablePointer<Double>) {
        let bytes = 8 * design.length * MemoryLayout<Float>.stride
        trains.withUnsafeBufferPointer { t in
            basis.withUnsafeBufferPointer { b in
                let kernels = UnsafeRawPointer(b.address)
                for n in first..<end {
                    let x = UnsafeRawPointer(t.address + n &* 8)
                    var low = SIMD4<Float>(), high = SIMD4<Float>()
                    var offset = 0
                    while offset < bytes {
                        low +=
                            kernels.loadUnaligned(fromByteOffset: offset, as: SIMD4<Float>.self)
                            * x.loadUnaligned(fromByteOffset: offset, as: SIMD4<Float>.self)
                        high +=
                            kernels.loadUnaligned(fromByteOffset: offset &+ 16, as: SIMD4<Float>.self)
                            * x.loadUnaligned(fromByteOffset: offset &+ 16, as: SIMD4<Float>.self)
                        offset &+= 32
                    }
                    (out + n).initialize(to: Double((low + high).sum()))
                }
            }
        }
    }
}

/// A raw address handed to concurrent workers that write disjoint parts of one buffer.
struct SendableAddress<Element>: @unchecked Sendable {
    let address: UnsafeMutablePointer<Element>
    init(_ address: UnsafeMutablePointer<Element>) { self.address = address }
}
