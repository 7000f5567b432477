import Foundation

/// Level conversions: 10·log10 for energies and powers, 20·log10 for amplitudes.
public enum Decibels {
    /// 10·log10(ratio) for an energy ratio; −∞ is never returned (ratio is floored at 1e-30).
    @inlinable
    public static func energy(_ ratio: Double) -> Double { 10 * log10(max(ratio, 1e-30)) }

    /// 20·log10(ratio) for an amplitude ratio (floored at 1e-15).
    @inlinable
    public static func amplitude(_ ratio: Double) -> Double { 20 * log10(max(abs(ratio), 1e-15)) }
}

/// Σ x² over `range` of `x`.
@inlinable
func energy(_ x: [Double], _ range: Range<Int>) -> Double {
    let lo = max(range.lowerBound, 0), hi = min(range.upperBound, x.count)
    if lo >= hi { return 0 }
    return x.withUnsafeBufferPointer { p in
        var sum = 0.0
        for i in lo..<hi { sum += p[i] * p[i] }
        return sum
    }
}
