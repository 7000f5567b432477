/// Transform lengths FFTW computes fastest.
public enum FFTSize {
    /// The smallest n ≥ `count` whose only prime factors are 2, 3 and 5 (FFTW's fastest codelets).
    public static func fast(atLeast count: Int) -> Int {
        var n = max(count, 1)
        while true {
            var m = n
            for p in [2, 3, 5] { while m % p == 0 { m /= p } }
            if m == 1 { return n }
            n += 1
        }
    }

    /// The smallest power of two ≥ `count`.
    public static func powerOfTwo(atLeast count: Int) -> Int {
        var n = 1
        while n < count { n <<= 1 }
        return n
    }
}
