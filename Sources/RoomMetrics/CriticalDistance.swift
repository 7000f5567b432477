import Foundation

/// Critical (reverberation) distance: where direct and reverberant energy are equal.
public enum CriticalDistance {
    /// Theory value r_c = 0.057·√(Q·V/T) in metres (Kuttruff, *Room Acoustics*, eq. 5.39 with
    /// Sabine's equation), for directivity factor Q, volume V in m³ and reverberation time T in s.
    public static func theory(directivityFactor q: Double, volume: Double, reverberationTime t: Double) -> Double {
        precondition(q > 0 && volume > 0 && t > 0, "critical distance needs positive Q, V and T")
        return 0.057 * (q * volume / t).squareRoot()
    }

    /// A least-squares fit DRR = a + b·20·log10(r) over (distance, DRR) pairs.
    public struct Fit: Sendable, Equatable {
        /// Where the fitted DRR is 0 dB, r = 10^(−a/(20·b)), metres; nil when DRR does not fall with distance.
        public var criticalDistance: Double?
        /// The fitted slope, dB per decade of distance (20·b; −20 for a direct sound falling as 1/r over
        /// a constant reverberant level).
        public var slopeDBPerDecade: Double
    }

    /// The fit of `pairs`; nil when fewer than two distinct distances are given.
    public static func fit(_ pairs: [(distance: Double, drrDB: Double)]) -> Fit? {
        let valid = pairs.filter { $0.distance > 0 && $0.drrDB.isFinite }
        guard Set(valid.map(\.distance)).count >= 2 else { return nil }
        let (b, a) = linearFit(x: valid.map { 20 * log10($0.distance) }, y: valid.map(\.drrDB))
        return Fit(criticalDistance: b < 0 ? pow(10, -a / (20 * b)) : nil, slopeDBPerDecade: 20 * b)
    }
}
