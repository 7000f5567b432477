/// Linear convolution of real sequences: direct for short kernels, FFT overlap-add otherwise.
///
/// The result of convolving n samples with m taps has n + m − 1 samples,
/// y[k] = Σ_j x[j]·h[k − j]. Both methods agree to rounding (≈1e-12 relative).
public enum Convolution {
    /// Kernels up to this many taps (or inputs this short) are convolved directly.
    public static let directLimit = 64

    /// y = x ⊛ h, choosing the direct or the FFT method by size.
    public static func convolve(_ x: [Double], _ h: [Double]) -> [Double] {
        if x.isEmpty || h.isEmpty { return [] }
        if min(x.count, h.count) <= directLimit { return direct(x, h) }
        return FIRConvolver(kernel: h).convolve(x)
    }

    /// Direct O(n·m) convolution, the reference method.
    public static func direct(_ x: [Double], _ h: [Double]) -> [Double] {
        if x.isEmpty || h.isEmpty { return [] }
        let n = x.count, m = h.count
        var y = [Double](repeating: 0, count: n + m - 1)
        y.withUnsafeMutableBufferPointer { yp in
            x.withUnsafeBufferPointer { xp in
                h.withUnsafeBufferPointer { hp in
                    for j in 0..<n {
                        let xj = xp[j]
                        let out = yp.address + j
                        for k in 0..<m { out[k] += xj * hp[k] }
                    }
                }
            }
        }
        return y
    }
}

/// An FIR kernel prepared once for FFT overlap-add convolution of any number of signals.
///
/// Blocks of `blockLength = fftSize − taps + 1` input samples are transformed, multiplied by the
/// kernel's spectrum and added into the output; `fftSize` is a fast FFTW length of about four
/// times the kernel, which keeps the cost per output sample near its minimum.
public struct FIRConvolver: Sendable {
    /// Kernel length in taps.
    public let taps: Int
    /// FFT length used per block.
    public let fftSize: Int
    private let kernelSpectrum: [Double]

    /// Prepares `kernel` (at least one tap).
    public init(kernel: [Double], fftSize: Int? = nil) {
        precondition(!kernel.isEmpty, "FIR kernel needs at least one tap")
        taps = kernel.count
        self.fftSize = fftSize ?? FFTSize.fast(atLeast: max(4 * kernel.count, 256))
        precondition(self.fftSize >= taps, "FFT size must be at least the kernel length")
        kernelSpectrum = RealFFT.plan(size: self.fftSize).forward(kernel)
    }

    /// x ⊛ kernel, `x.count + taps − 1` samples.
    public func convolve(_ x: [Double]) -> [Double] {
        if x.isEmpty { return [] }
        let fft = RealFFT.plan(size: fftSize)
        let blockLength = fftSize - taps + 1
        let outputCount = x.count + taps - 1
        var y = [Double](repeating: 0, count: outputCount)
        var frame = [Double](repeating: 0, count: fftSize)
        var spectrum = [Double](repeating: 0, count: 2 * fft.binCount)
        let scale = 1.0 / Double(fftSize)
        let bins = fft.binCount
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
                frame.withUnsafeMutableBufferPointer { fp in
                    spectrum.withUnsafeMutableBufferPointer { sp in
                        kernelSpectrum.withUnsafeBufferPointer { hp in
                            var start = 0
                            while start < x.count {
                                let count = min(blockLength, x.count - start)
                                fp.address.update(from: xp.address + start, count: count)
                                (fp.address + count).update(repeating: 0, count: fftSize - count)
                                fft.forward(UnsafePointer(fp.address), into: sp.address)
                                ComplexArithmetic.multiply(sp.address, by: hp.address, bins: bins)
                                fft.inverseUnnormalized(destroying: sp.address, into: fp.address)
                                let produced = min(count + taps - 1, outputCount - start)
                                let out = yp.address + start
                                for i in 0..<produced { out[i] += fp[i] * scale }
                                start += blockLength
                            }
                        }
                    }
                }
            }
        }
        return y
    }
}

/// Element-wise arithmetic on interleaved complex buffers (`re, im, re, im, …`).
public enum ComplexArithmetic {
    /// a[k] ← a[k]·b[k] for `bins` complex values.
    @inlinable
    public static func multiply(_ a: UnsafeMutablePointer<Double>, by b: UnsafePointer<Double>, bins: Int) {
        var i = 0
        let end = 2 &* bins
        while i < end {
            let ar = a[i], ai = a[i &+ 1], br = b[i], bi = b[i &+ 1]
            a[i] = ar * br - ai * bi
            a[i &+ 1] = ar * bi + ai * br
            i &+= 2
        }
    }

    /// acc[k] += a[k]·b[k] for `bins` complex values.
    @inlinable
    public static func multiplyAdd(
        _ acc: UnsafeMutablePointer<Double>, _ a: UnsafePointer<Double>,
        _ b: UnsafePointer<Double>, bins: Int
    ) {
        var i = 0
        let end = 2 &* bins
        while i < end {
            let ar = a[i], ai = a[i &+ 1], br = b[i], bi = b[i &+ 1]
            acc[i] += ar * br - ai * bi
            acc[i &+ 1] += ar * bi + ai * br
            i &+= 2
        }
    }
}
