import SoundstageDSP

/// Fourth-order Linkwitz–Riley crossovers (two cascaded Butterworth biquads per branch): the low
/// and high branches are in phase at every frequency and sum to an all-pass.
public struct Crossover: Sendable, Equatable {
    /// Woofer/midrange crossover, Hz.
    public var lowHz: Double
    /// Midrange/tweeter crossover, Hz.
    public var highHz: Double

    public init(lowHz: Double = 200, highHz: Double = 5000) {
        self.lowHz = lowHz
        self.highHz = highHz
    }

    public static func lowPass(_ f: Double, sampleRate: Double) -> BiquadCascade {
        let q = 1 / 2.0.squareRoot()
        return BiquadCascade([
            Biquad.lowPass(frequency: f, q: q, sampleRate: sampleRate),
            Biquad.lowPass(frequency: f, q: q, sampleRate: sampleRate),
        ])
    }

    public static func highPass(_ f: Double, sampleRate: Double) -> BiquadCascade {
        let q = 1 / 2.0.squareRoot()
        return BiquadCascade([
            Biquad.highPass(frequency: f, q: q, sampleRate: sampleRate),
            Biquad.highPass(frequency: f, q: q, sampleRate: sampleRate),
        ])
    }

    /// The woofer branch (below `lowHz`).
    public func woofer(sampleRate: Double) -> BiquadCascade { Crossover.lowPass(lowHz, sampleRate: sampleRate) }
    /// The midrange branch (between the crossovers).
    public func midrange(sampleRate: Double) -> BiquadCascade {
        BiquadCascade(
            Crossover.highPass(lowHz, sampleRate: sampleRate).sections
                + Crossover.lowPass(highHz, sampleRate: sampleRate).sections)
    }
    /// The tweeter branch (above `highHz`).
    public func tweeter(sampleRate: Double) -> BiquadCascade { Crossover.highPass(highHz, sampleRate: sampleRate) }
}
