import Foundation
import SoundstageDSP

/// Air: speed of sound and atmospheric absorption (ISO 9613-1:1993).
public struct Atmosphere: Sendable, Equatable {
    /// Air temperature in °C.
    public var temperatureCelsius: Double
    /// Relative humidity in percent.
    public var relativeHumidityPercent: Double
    /// Static pressure in kPa.
    public var pressureKPa: Double
    /// Speed of sound in m/s.
    public var speedOfSound: Double

    /// The default: 343 m/s, 20 °C, 50 % RH, 101.325 kPa.
    public static let standard = Atmosphere(
        temperatureCelsius: 20, relativeHumidityPercent: 50, pressureKPa: 101.325, speedOfSound: SpeedOfSound.nominal)

    public init(
        temperatureCelsius: Double, relativeHumidityPercent: Double, pressureKPa: Double = 101.325,
        speedOfSound: Double? = nil
    ) {
        self.temperatureCelsius = temperatureCelsius
        self.relativeHumidityPercent = relativeHumidityPercent
        self.pressureKPa = pressureKPa
        self.speedOfSound = speedOfSound ?? Atmosphere.speedOfSound(temperatureCelsius: temperatureCelsius)
    }

    /// c = 331.3·√(1 + T/273.15) m/s for dry air at T °C (343.2 m/s at 20 °C).
    public static func speedOfSound(temperatureCelsius t: Double) -> Double {
        331.3 * (1 + t / 273.15).squareRoot()
    }

    /// Pure-tone attenuation coefficient α in dB per metre at `frequency` Hz (ISO 9613-1 eq. 5).
    public func attenuationDBPerMetre(frequency f: Double) -> Double {
        let t = temperatureCelsius + 273.15
        let t0 = 293.15, t01 = 273.16
        let pr = 101.325, pa = pressureKPa
        // Molar concentration of water vapour (%), ISO 9613-1 Annex B.
        let c = -6.8346 * pow(t01 / t, 1.261) + 4.6151
        let h = relativeHumidityPercent * pow(10, c) * pr / pa
        // Relaxation frequencies of oxygen and nitrogen (eqs. 3, 4).
        let frO = pa / pr * (24 + 4.04e4 * h * (0.02 + h) / (0.391 + h))
        let frN = pa / pr * pow(t / t0, -0.5) * (9 + 280 * h * exp(-4.170 * (pow(t / t0, -1.0 / 3) - 1)))
        let f2 = f * f
        return 8.686 * f2
            * (1.84e-11 * (pr / pa) * pow(t / t0, 0.5)
                + pow(t / t0, -2.5)
                * (0.01275 * exp(-2239.1 / t) / (frO + f2 / frO)
                    + 0.1068 * exp(-3352.0 / t) / (frN + f2 / frN)))
    }

    /// Energy attenuation constant m in 1/m (energy ∝ e^(−m·r)) at `frequency` Hz:
    /// m = α/(10·log10 e), as used in Sabine/Eyring with air (4·m·V).
    public func energyAttenuationPerMetre(frequency f: Double) -> Double {
        attenuationDBPerMetre(frequency: f) / (10 * log10(M_E))
    }
}
