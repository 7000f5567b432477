import Foundation
import SoundstageDSP

/// Early lateral energy fraction J_LF (ISO 3382-1:2009, A.2.4): the energy a figure-of-eight
/// microphone with its null toward the source (its axis along the listener's ears) picks up 5–80 ms
/// after the direct sound, over what an omni picks up 0–80 ms:
/// J_LF = ∫₅⁸⁰ p_L² dt / ∫₀⁸⁰ p² dt. A frontal direct sound alone gives 0; a reflection of energy E_r
/// from angle θ to the ear axis, after a direct sound E_d, gives cos²θ·E_r/(E_d + E_r).
/// ISO averages the 125 Hz–1 kHz octaves; callers pass signals band-limited to that range.
public enum LateralEnergyFraction {
    /// Window limits after the direct sound, seconds.
    public static let lateralStart = 0.005, end = 0.080

    /// J_LF of `omni` and `lateral` (the figure-of-eight along the ears) with the direct sound at
    /// sample `onset`; nil when the omni window holds no energy.
    public static func value(omni: [Double], lateral: [Double], onset: Int, sampleRate fs: Double) -> Double? {
        let energies = windowEnergies(omni: omni, lateral: lateral, onset: onset, sampleRate: fs)
        return energies.omni > 0 ? energies.lateral / energies.omni : nil
    }

    /// The numerator and denominator of J_LF, for summing over several signals before dividing.
    public static func windowEnergies(
        omni: [Double], lateral: [Double], onset: Int, sampleRate fs: Double
    ) -> (lateral: Double, omni: Double) {
        let stop = onset + Int((end * fs).rounded())
        let lateralFrom = onset + Int((lateralStart * fs).rounded())
        return (
            sumOfSquares(lateral, lateralFrom..<max(lateralFrom, stop)), sumOfSquares(omni, onset..<max(onset, stop))
        )
    }
}
