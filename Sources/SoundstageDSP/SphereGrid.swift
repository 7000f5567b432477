import Foundation

/// Averages over all directions.
public enum SphereGrid {
    /// Area-weighted mean of `f(azimuth, elevation)` (radians) over the sphere: cell centres of a
    /// 5° grid, weighted by cos(elevation).
    public static func mean(_ f: (Double, Double) -> Double) -> Double {
        var sum = 0.0, weight = 0.0
        for e in stride(from: -87.5, through: 87.5, by: 5.0) {
            let el = e * Double.pi / 180
            for a in stride(from: -177.5, through: 177.5, by: 5.0) {
                sum += cos(el) * f(a * Double.pi / 180, el)
                weight += cos(el)
            }
        }
        return sum / weight
    }
}
