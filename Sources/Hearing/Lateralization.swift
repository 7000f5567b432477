import Foundation

/// Maps interaural cues to the lateral angle of the perceived image.
///
/// Lateral angle (interaural-polar convention) in degrees, −90…90, positive to the LEFT.
/// Head models supply tables built with the same estimators the metrics use, so a cue measured on a
/// simulated ear signal maps back to the direction that produced it.
public protocol LateralizationModel: Sendable {
    /// Lateral angle in degrees of an image with the given ITD (seconds, positive = right ear lags)
    /// and ILD (dB, positive = left louder; may be ignored by the model).
    func lateralAngleDegrees(itdSeconds: Double, ildDB: Double) -> Double
}

/// Inversion of Woodworth's ITD formula for a rigid sphere, ITD = (a/c)·(θ + sin θ).
///
/// The fallback when no head-specific table exists. ITDs beyond the 90° value map to ±90°.
public struct WoodworthLateralization: LateralizationModel {
    /// Sphere radius in metres (8.75 cm default).
    public var headRadius: Double
    /// Speed of sound in m/s.
    public var speedOfSound: Double

    public init(headRadius: Double = 0.0875, speedOfSound: Double = 343) {
        self.headRadius = headRadius
        self.speedOfSound = speedOfSound
    }

    /// Woodworth's ITD in seconds for lateral angle `theta` radians (|θ| ≤ π/2).
    public func itd(lateralAngle theta: Double) -> Double {
        headRadius / speedOfSound * (theta + sin(theta))
    }

    public func lateralAngleDegrees(itdSeconds: Double, ildDB: Double) -> Double {
        let target = abs(itdSeconds) * speedOfSound / headRadius  // θ + sin θ
        if target >= Double.pi / 2 + 1 { return itdSeconds >= 0 ? 90 : -90 }
        // θ + sin θ is increasing and concave on [0, π/2]: Newton from θ = target/2 converges.
        var theta = target / 2
        for _ in 0..<50 {
            let step = (theta + sin(theta) - target) / (1 + cos(theta))
            theta -= step
            if abs(step) < 1e-14 { break }
        }
        let degrees = theta * 180 / Double.pi
        return itdSeconds >= 0 ? degrees : -degrees
    }
}

/// A tabulated, monotonic ITD → lateral-angle mapping (linear interpolation, clamped at the ends).
public struct LateralizationTable: LateralizationModel {
    /// Lateral angles in degrees, ascending.
    public let anglesDegrees: [Double]
    /// ITD in seconds at each angle, strictly ascending.
    public let itdSeconds: [Double]

    /// Builds a table; nil if the ITDs are not strictly increasing with angle.
    public init?(anglesDegrees: [Double], itdSeconds: [Double]) {
        guard anglesDegrees.count == itdSeconds.count, anglesDegrees.count >= 2,
            zip(itdSeconds, itdSeconds.dropFirst()).allSatisfy({ $0.0 < $0.1 })
        else { return nil }
        self.anglesDegrees = anglesDegrees
        self.itdSeconds = itdSeconds
    }

    public func lateralAngleDegrees(itdSeconds itd: Double, ildDB: Double) -> Double {
        if itd <= itdSeconds[0] { return anglesDegrees[0] }
        if itd >= itdSeconds[itdSeconds.count - 1] { return anglesDegrees[anglesDegrees.count - 1] }
        var hi = 1
        while itdSeconds[hi] < itd { hi += 1 }
        let t = (itd - itdSeconds[hi - 1]) / (itdSeconds[hi] - itdSeconds[hi - 1])
        return anglesDegrees[hi - 1] + t * (anglesDegrees[hi] - anglesDegrees[hi - 1])
    }
}
