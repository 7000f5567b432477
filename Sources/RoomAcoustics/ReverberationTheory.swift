import Foundation
import SoundstageDSP

/// Statistical room acoustics: Sabine and Eyring reverberation times, inverse Sabine, mixing time.
public enum ReverberationTheory {
    /// Sabine's constant 24·ln(10)/c in s/m (0.161 at c = 343 m/s).
    public static func sabineConstant(speedOfSound c: Double) -> Double { 24 * log(10) / c }

    /// Sabine RT60 in s: 0.161·V/(S·ᾱ + 4·m·V) (Kuttruff, *Room Acoustics*, eq. 5.24), with m the air
    /// energy attenuation in 1/m.
    public static func sabine(
        volume: Double, surfaceArea: Double, meanAbsorption alpha: Double,
        airAttenuation m: Double = 0, speedOfSound c: Double = SpeedOfSound.nominal
    ) -> Double {
        sabineConstant(speedOfSound: c) * volume / (surfaceArea * alpha + 4 * m * volume)
    }

    /// Eyring RT60 in s: 0.161·V/(−S·ln(1 − ᾱ) + 4·m·V) (Kuttruff eq. 5.23).
    public static func eyring(
        volume: Double, surfaceArea: Double, meanAbsorption alpha: Double,
        airAttenuation m: Double = 0, speedOfSound c: Double = SpeedOfSound.nominal
    ) -> Double {
        guard alpha < 1 else { return 0 }
        return sabineConstant(speedOfSound: c) * volume / (-surfaceArea * log(1 - alpha) + 4 * m * volume)
    }

    /// The uniform absorption coefficient that gives `rt60` by Sabine's formula (the inverse used by
    /// pyroomacoustics' `inverse_sabine`), ᾱ = 0.161·V/(S·T).
    /// - Throws: ``RoomGeometryError`` on key `rt60` when the target needs ᾱ ≥ 1 (too short for the room)
    ///   or is not positive.
    public static func inverseSabine(
        rt60: Double, volume: Double, surfaceArea: Double, speedOfSound c: Double = SpeedOfSound.nominal
    ) throws -> Double {
        guard rt60 > 0, rt60.isFinite else {
            throw RoomGeometryError(key: "rt60", "must be a positive number of seconds, got \(rt60)")
        }
        let alpha = sabineConstant(speedOfSound: c) * volume / (surfaceArea * rt60)
        guard alpha < 1 else {
            let shortest = sabineConstant(speedOfSound: c) * volume / surfaceArea
            throw RoomGeometryError(
                key: "rt60",
                String(
                    format:
                        "%.3f s cannot be reached in this room: even fully absorbing surfaces give %.3f s by Sabine's "
                        + "formula",
                    rt60, shortest))
        }
        return alpha
    }

    /// Perceptual mixing time in s, 20·V/S + 12 ms (Lindau, Kosanke & Weinzierl, JAES 60(11), 2012).
    public static func mixingTime(volume: Double, surfaceArea: Double) -> Double {
        (20 * volume / surfaceArea + 12) / 1000
    }
}
