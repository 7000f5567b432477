import Foundation

/// Critical (reverberation) distance: where direct and reverberant energy are equal.
public enum CriticalDistance {
    /// Theory value r_c = 0.057·√(Q·V/T) in metres (Kuttruff, *Room Acoustics*, eq. 5.39 with
    /// Sabine's equation), for directivity factor Q, volume V in m³ and reverberation time T in s.
    public static func theory(directivityFactor q: Double, volume: Double, reverberationTime t: Double) -> Double {
        precondition(q > 0 && volume > 0 && t > 0, "critical distance needs positive Q, V and T")
        return 0.057 * (q * volume / t).squareRoot()
    }

    /// Measured value from (distance in m, DRR in dB) pairs: least-squares fit
    /// DRR = a + b·20·log10(r), solved for DRR = 0, r = 10^(−a/(20·b)).
    /// Nil when fewer than two distinct distances are given or DRR does not fall with distance.
    public static func measured(_ pairs: [(distance: Double, drrDB: Double)]) -> Double? {
        let valid = pairs.filter { $0.distance > 0 && $0.drrDB.isFinite }
        guard Set(valid.map(\.distance)).count >= 2 else { return nil }
        let (b, a) = linearFit(x: valid.map { 20 * log10($0.distance) }, y: valid.map(\.drrDB))
        guard b < 0 else { return nil }
        return pow(10, -a / (20 * b))
    }
}
