/// Cross-correlation of two signals over a window at lags within ±maxLag, and sub-sample peak
/// interpolation.
public enum CrossCorrelation {
    /// r[τ + maxLag] = Σ_{n∈window} a[n]·b[n+τ], τ = −maxLag…maxLag (b read outside the window,
    /// zero outside the signal). Long windows go through the FFT (one product of spectra instead of
    /// 2·maxLag + 1 dot products); short ones are summed directly.
    public static func lagged(_ a: [Double], _ b: [Double], window: Range<Int>, maxLag: Int) -> [Double] {
        if window.count >= fftCrossoverLength { return laggedByFFT(a, b, window: window, maxLag: maxLag) }
        var r = [Double](repeating: 0, count: 2 * maxLag + 1)
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                for lagIndex in 0..<(2 * maxLag + 1) {
                    let lag = lagIndex - maxLag
                    let start = max(window.lowerBound, -lag), end = min(window.upperBound, bp.count - lag)
                    var sum = 0.0
                    if start < end {
                        for n in start..<end { sum += ap[n] * bp[n &+ lag] }
                    }
                    r[lagIndex] = sum
                }
            }
        }
        return r
    }

    /// Window length in samples from which ``lagged(_:_:window:maxLag:)`` uses the FFT.
    public static let fftCrossoverLength = 4096

    /// The same sums through the FFT: with a = a[window] and b' = b[window.lower − maxLag ..<
    /// window.upper + maxLag] (zero outside b), c[k] = Σ_n a[n]·b'[n + k] is the inverse transform of
    /// conj(A)·B' and r[τ] = c[τ + maxLag]; the transform is long enough that nothing wraps.
    static func laggedByFFT(_ a: [Double], _ b: [Double], window: Range<Int>, maxLag: Int) -> [Double] {
        let size = FFTSize.fast(atLeast: window.count + 2 * maxLag)
        let fft = RealFFT.plan(size: size)
        var segment = [Double](repeating: 0, count: size)
        for n in window where n < a.count { segment[n - window.lowerBound] = a[n] }
        let spectrumA = fft.forward(segment)
        for j in 0..<size {
            let n = window.lowerBound - maxLag + j
            segment[j] = j < window.count + 2 * maxLag && n >= 0 && n < b.count ? b[n] : 0
        }
        var product = fft.forward(segment)
        for k in 0..<fft.binCount {
            let ar = spectrumA[2 * k], ai = -spectrumA[2 * k + 1], br = product[2 * k], bi = product[2 * k + 1]
            product[2 * k] = ar * br - ai * bi
            product[2 * k + 1] = ar * bi + ai * br
        }
        return Array(fft.inverse(product).prefix(2 * maxLag + 1))
    }

    /// Vertex offset (−0.5…0.5 samples) of the parabola through values[i−1…i+1].
    public static func parabolicOffset(_ values: [Double], at i: Int) -> Double {
        guard i > 0 && i < values.count - 1 else { return 0 }
        let a = values[i - 1], b = values[i], c = values[i + 1]
        let denominator = a - 2 * b + c
        guard denominator < 0 else { return 0 }
        return max(-0.5, min(0.5, 0.5 * (a - c) / denominator))
    }
}
