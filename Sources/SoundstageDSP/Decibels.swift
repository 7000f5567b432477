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
