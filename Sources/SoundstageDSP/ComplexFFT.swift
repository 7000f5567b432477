import CFFTW

/// Discrete Fourier transform of complex sequences of one length, through FFTW.
///
/// Buffers are interleaved `re, im` pairs of `size` complex values. Forward is unnormalized with
/// the e^(−2πikn/N) kernel; ``inverse(_:)`` uses e^(+2πikn/N) and divides by N.
/// Obtain instances with ``ComplexFFT/plan(size:)``; they are cached and thread safe.
public final class ComplexFFT: @unchecked Sendable {
    /// Transform length N in complex samples.
    public let size: Int
    private let forwardPlans: AlignmentPair
    private let inversePlans: AlignmentPair

    /// The cached complex transform of length `size` (any length ≥ 1).
    public static func plan(size: Int) -> ComplexFFT {
        precondition(size >= 1, "FFT size must be positive, got \(size)")
        return FFTPlanCache.shared.complex(size: size)
    }

    init(size: Int) {
        self.size = size
        let n = Int32(size)
        forwardPlans = AlignmentPair { flags in
            ComplexFFT.withPlanningBuffers(size) { a, b in fftw_plan_dft_1d(n, a, b, FFTW_FORWARD, flags) }
        }
        inversePlans = AlignmentPair { flags in
            ComplexFFT.withPlanningBuffers(size) { a, b in fftw_plan_dft_1d(n, a, b, FFTW_BACKWARD, flags) }
        }
    }

    /// `body` with two FFTW-allocated complex buffers of this length (planning with `FFTW_ESTIMATE`
    /// does not touch their contents).
    private static func withPlanningBuffers(
        _ size: Int, _ body: (UnsafeMutablePointer<fftw_complex>, UnsafeMutablePointer<fftw_complex>) -> OpaquePointer?
    ) -> OpaquePointer? {
        guard let a = fftw_alloc_complex(size), let b = fftw_alloc_complex(size) else {
            fatalError("FFTW could not allocate \(size) values for planning")
        }
        defer {
            fftw_free(a)
            fftw_free(b)
        }
        return body(a, b)
    }

    /// Out-of-place forward transform of `size` interleaved complex values. Buffers must not overlap.
    public func forward(_ input: UnsafePointer<Double>, into output: UnsafeMutablePointer<Double>) {
        execute(forwardPlans, input, output)
    }

    /// Out-of-place inverse transform, *unnormalized* (N times the inverse DFT).
    public func inverseUnnormalized(_ input: UnsafePointer<Double>, into output: UnsafeMutablePointer<Double>) {
        execute(inversePlans, input, output)
    }

    private func execute(_ plans: AlignmentPair, _ input: UnsafePointer<Double>, _ output: UnsafeMutablePointer<Double>)
    {
        let plan = plans.plan(for: input, output)
        fftw_execute_dft(
            plan, UnsafeMutablePointer<fftw_complex>(OpaquePointer(UnsafeMutablePointer(mutating: input))),
            UnsafeMutablePointer<fftw_complex>(OpaquePointer(output)))
    }

    /// Forward transform of `2·size` interleaved doubles.
    public func forward(_ signal: [Double]) -> [Double] {
        transform(signal, plans: forwardPlans, scale: 1)
    }

    /// Normalized inverse transform: `inverse(forward(x)) == x`.
    public func inverse(_ spectrum: [Double]) -> [Double] {
        transform(spectrum, plans: inversePlans, scale: 1 / Double(size))
    }

    private func transform(_ input: [Double], plans: AlignmentPair, scale: Double) -> [Double] {
        precondition(input.count == 2 * size, "complex FFT of size \(size) needs \(2 * size) doubles")
        var output = [Double](repeating: 0, count: 2 * size)
        input.withUnsafeBufferPointer { src in
            output.withUnsafeMutableBufferPointer { execute(plans, src.address, $0.address) }
        }
        if scale != 1 { for i in output.indices { output[i] *= scale } }
        return output
    }
}
