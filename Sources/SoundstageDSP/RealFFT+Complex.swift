import Numerics

extension RealFFT {
    /// The real signal of `size` samples whose spectrum is `bins` (`binCount` values; the imaginary
    /// parts of DC and, for even sizes, Nyquist are ignored as a real signal cannot hold them):
    /// the normalized inverse, for FIRs designed per frequency bin.
    public func inverse(bins: [Complex<Double>]) -> [Double] {
        precondition(bins.count == binCount, "need \(binCount) bins, got \(bins.count)")
        var interleaved = [Double](repeating: 0, count: 2 * binCount)
        for k in 0..<binCount {
            interleaved[2 * k] = bins[k].real
            interleaved[2 * k + 1] = bins[k].imaginary
        }
        interleaved[1] = 0
        if size % 2 == 0 { interleaved[2 * binCount - 1] = 0 }
        return inverse(interleaved)
    }
}
