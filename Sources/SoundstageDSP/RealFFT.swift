import CFFTW

/// Discrete Fourier transform of real sequences of one length, through FFTW (r2c / c2r).
///
/// Spectra are interleaved complex numbers `re0, im0, re1, im1, …` of `binCount = size/2 + 1`
/// bins (bin k is frequency k·fs/size). The forward transform is unnormalized,
/// X[k] = Σ x[n]·e^(−2πikn/N); ``inverse(_:)`` divides by N so it inverts ``forward(_:)``.
///
/// Obtain instances with ``RealFFT/plan(size:)``; they are cached and safe to use from many
/// threads at once.
public final class RealFFT: @unchecked Sendable {
    /// Transform length N in samples.
    public let size: Int
    /// Number of complex bins, N/2 + 1.
    public var binCount: Int { size / 2 + 1 }

    private let forwardPlans: AlignmentPair
    private let inversePlans: AlignmentPair

    /// The cached transform of length `size` (any length ≥ 1; lengths with small prime factors
    /// are fastest, see ``FFTSize/fast(atLeast:)``).
    public static func plan(size: Int) -> RealFFT {
        precondition(size >= 1, "FFT size must be positive, got \(size)")
        return FFTPlanCache.shared.real(size: size)
    }

    init(size: Int) {
        self.size = size
        let n = Int32(size)
        forwardPlans = AlignmentPair { flags in
            RealFFT.withPlanningBuffers(size) { real, complex in fftw_plan_dft_r2c_1d(n, real, complex, flags) }
        }
        inversePlans = AlignmentPair { flags in
            RealFFT.withPlanningBuffers(size) { real, complex in fftw_plan_dft_c2r_1d(n, complex, real, flags) }
        }
    }

    /// `body` with FFTW-allocated real and complex buffers of this length (planning with
    /// `FFTW_ESTIMATE` does not touch their contents).
    private static func withPlanningBuffers(
        _ size: Int, _ body: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<fftw_complex>) -> OpaquePointer?
    ) -> OpaquePointer? {
        guard let real = fftw_alloc_real(size), let complex = fftw_alloc_complex(size / 2 + 1) else {
            fatalError("FFTW could not allocate \(size) values for planning")
        }
        defer {
            fftw_free(real)
            fftw_free(complex)
        }
        return body(real, complex)
    }

    /// Forward transform from `size` real samples into `2·binCount` interleaved doubles.
    /// `input` is not modified. Buffers must not overlap.
    @inlinable
    public func forward(_ input: UnsafePointer<Double>, into spectrum: UnsafeMutablePointer<Double>) {
        executeForward(input, spectrum)
    }

    /// Inverse transform, *unnormalized* (the result is N times the inverse DFT), from
    /// `2·binCount` interleaved doubles into `size` real samples. FFTW's c2r transform
    /// overwrites `spectrum`; the imaginary parts of bin 0 and (for even N) bin N/2 are ignored.
    @inlinable
    public func inverseUnnormalized(
        destroying spectrum: UnsafeMutablePointer<Double>,
        into output: UnsafeMutablePointer<Double>
    ) {
        executeInverse(spectrum, output)
    }

    @usableFromInline
    func executeForward(_ input: UnsafePointer<Double>, _ spectrum: UnsafeMutablePointer<Double>) {
        let plan = forwardPlans.plan(for: input, spectrum)
        fftw_execute_dft_r2c(
            plan, UnsafeMutablePointer(mutating: input),
            UnsafeMutablePointer<fftw_complex>(OpaquePointer(spectrum)))
    }

    @usableFromInline
    func executeInverse(_ spectrum: UnsafeMutablePointer<Double>, _ output: UnsafeMutablePointer<Double>) {
        let plan = inversePlans.plan(for: spectrum, output)
        fftw_execute_dft_c2r(plan, UnsafeMutablePointer<fftw_complex>(OpaquePointer(spectrum)), output)
    }

    /// Forward transform of `signal`, zero-padded or truncated to `size`.
    /// - Returns: `2·binCount` interleaved doubles.
    public func forward(_ signal: [Double]) -> [Double] {
        let n = min(size, signal.count)
        // Only the padding is zeroed and the spectrum is left for FFTW to write: at room-response lengths
        // zero-filling both buffers first cost as much memory traffic as the copy itself.
        let padded = [Double](unsafeUninitializedCapacity: size) { buffer, count in
            signal.withUnsafeBufferPointer { src in
                if n > 0 { buffer.address.update(from: src.address, count: n) }
            }
            (buffer.address + n).initialize(repeating: 0, count: size - n)
            count = size
        }
        return padded.withUnsafeBufferPointer { src in
            [Double](unsafeUninitializedCapacity: 2 * binCount) { spectrum, count in
                executeForward(src.address, spectrum.address)
                count = 2 * binCount
            }
        }
    }

    /// Normalized inverse transform of `2·binCount` interleaved doubles: `inverse(forward(x)) == x`.
    /// FFTW's c2r transform overwrites its input, so the spectrum is taken as `consuming`: one the caller
    /// no longer holds (a temporary, a local's last use) can be overwritten in place; one still referenced
    /// elsewhere is copied first, as before.
    public func inverse(_ spectrum: consuming [Double]) -> [Double] {
        precondition(spectrum.count == 2 * binCount, "spectrum must hold \(2 * binCount) doubles")
        let scale = 1.0 / Double(size)
        return spectrum.withUnsafeMutableBufferPointer { s in
            [Double](unsafeUninitializedCapacity: size) { output, count in
                executeInverse(s.address, output.address)
                for i in 0..<size { output[i] *= scale }
                count = size
            }
        }
    }
}
