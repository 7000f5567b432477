/// Cross-correlation of two signals over a window at lags within ±maxLag, and sub-sample peak
/// interpolation.
public enum CrossCorrelation {
    /// r[τ + maxLag] = Σ_{n∈window} a[n]·b[n+τ], τ = −maxLag…maxLag (b read outside the window,
    /// zero outside the signal). Few lags or short windows are summed directly (four lanes at a time);
    /// many lags over a long window go through the FFT (one product of spectra instead of 2·maxLag + 1
    /// dot products).
    public static func lagged(_ a: [Double], _ b: [Double], window: Range<Int>, maxLag: Int) -> [Double] {
        if window.count >= fftCrossoverLength && 2 * maxLag + 1 > directLagLimit {
            return laggedByFFT(a, b, window: window, maxLag: maxLag)
        }
        return laggedDirectly(a, b, window: window, maxLag: maxLag)
    }

    /// The sums of ``lagged(_:_:window:maxLag:)`` as 2·maxLag + 1 dot products.
    public static func laggedDirectly(_ a: [Double], _ b: [Double], window: Range<Int>, maxLag: Int) -> [Double] {
        var r = [Double](repeating: 0, count: 2 * maxLag + 1)
        let window = window.clamped(to: 0..<a.count)
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                for lagIndex in 0..<(2 * maxLag + 1) {
                    let lag = lagIndex - maxLag
                    let start = max(window.lowerBound, -lag), end = min(window.upperBound, bp.count - lag)
                    if start < end {
                        r[lagIndex] = dot(ap.address + start, bp.address + (start + lag), count: end - start)
                    }
                }
            }
        }
        return r
    }

    /// Window length in samples from which ``lagged(_:_:window:maxLag:)`` may use the FFT.
    public static let fftCrossoverLength = 4096
    /// The most lags ``lagged(_:_:window:maxLag:)`` sums directly over a long window. The direct sums
    /// cost in proportion to the lags, the FFT route three transforms of the window: for the IACC's
    /// 25 lags (±1 ms at 12 kHz) over 17 040 samples, 0.10–0.11 ms against 0.19–0.20 ms
    /// (`soundstage-bench cross-correlation`), so they break even near 45 lags.
    public static let directLagLimit = 32

    /// Σ x[i]·y[i] over `count` samples in two four-lane accumulators, then the lanes and the tail.
    private static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int) -> Double {
        var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
        func load(_ p: UnsafePointer<Double>, _ i: Int) -> SIMD4<Double> {
            UnsafeRawPointer(p + i).loadUnaligned(as: SIMD4<Double>.self)
        }
        var i = 0
        while i &+ 8 <= count {
            s0 += load(x, i) * load(y, i)
            s1 += load(x, i &+ 4) * load(y, i &+ 4)
            i &+= 8
        }
        var sum = (s0 + s1).sum()
        while i < count {
            sum += x[i] * y[i]
            i &+= 1
        }
        return sum
    }

    /// The same sums through the FFT: with a = a[window] and b' = b[window.lower − maxLag ..<
    /// window.upper + maxLag] (zero outside b), c[k] = Σ_n a[n]·b'[n + k] is the inverse transform of
    /// conj(A)·B' and r[τ] = c[τ + maxLag]; the transform is long enough that nothing wraps.
    public static func laggedByFFT(_ a: [Double], _ b: [Double], window: Range<Int>, maxLag: Int) -> [Double] {
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
