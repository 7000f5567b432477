import Foundation
import SoundstageDSP

/// Stochastic late reverberation that continues the image-source model statistically.
///
/// With the image convention (amplitude 1/r), images arrive at a rate 4π(ct)²·c/V per second, each
/// with energy 1/(ct)² times its reflection and air losses; after a mean of n̄ = c·t·S/(4V) wall
/// hits (mean free path 4V/S) that loss is (1 − ᾱ)^n̄·e^(−m·c·t). The expected energy per second
/// at time t is therefore (4πc/V)·⟨D²⟩·e^(−ρ·t) with the Eyring decay rate
/// ρ = −c·S·ln(1 − ᾱ)/(4V) + m·c (Kuttruff, *Room Acoustics*, §5.3), ⟨D²⟩ the source's mean-square
/// directivity. From ``startTime`` on, ``synthesize(length:sampleRate:bank:seed:stream:bandScales:coherence:)``
/// renders seeded noise with that power per band, so the tail has the room's decay and the energy the
/// missing images would have had.
public struct LateReverberation: Sendable {
    /// Time in seconds where the tail starts (where the exact images stop being complete).
    public var startTime: Double
    /// Energy decay rate ρ per band in 1/s (energy ∝ e^(−ρt)); RT60 = 6·ln10/ρ.
    public var decayRates: [Double]
    /// Expected energy per second (sum of squared arrival gains per second) per band at t = 0.
    public var energyRates: [Double]

    public init(startTime: Double, decayRates: [Double], energyRates: [Double]) {
        self.startTime = startTime
        self.decayRates = decayRates
        self.energyRates = energyRates
    }

    /// The tail of `room` for a source with mean-square directivity `meanSquareDirectivity` per band
    /// (`bandCount` 1: broadband, using the first band's values).
    public init(room: Room, startTime: Double, bandCount: Int, airAbsorption: Bool, meanSquareDirectivity: [Double]) {
        let c = room.atmosphere.speedOfSound
        let alpha = room.meanAbsorption
        let bands = bandCount == 1 ? [0] : Array(Absorption.bands.indices)
        self.startTime = startTime
        decayRates = bands.map { b in
            let m = airAbsorption ? room.atmosphere.energyAttenuationPerMetre(frequency: Absorption.bands[b].centre) : 0
            return -c * room.surfaceArea * log(max(1 - alpha[b], 1e-12)) / (4 * room.volume) + m * c
        }
        energyRates = bands.indices.map { i in
            4 * Double.pi * c / room.volume * meanSquareDirectivity[min(i, meanSquareDirectivity.count - 1)]
        }
    }

    /// This tail starting at `start`, its level per band set so that it continues the energy of the
    /// exact `arrivals` over the preceding window [start/2, start): the tail then joins the images
    /// without a jump, and decays at the room's (Eyring) rate from there. Bands with fewer than 8
    /// arrivals in the window keep the diffuse-field level. With a `scattered` field (its energy per
    /// sample from ``ScatteredField/energyPerSample(_:length:end:sampleRate:)``, which stops at `start`),
    /// the tail continues the images and the scattered energy together.
    public func continuing(
        _ arrivals: ArrivalSet, from start: Double, scattered: (energy: BandTrains, sampleRate: Double)? = nil
    ) -> LateReverberation {
        var copy = self
        copy.startTime = start
        let windowStart = start / 2
        var energy = [Double](repeating: 0, count: decayRates.count)
        if let (field, fs) = scattered {
            let window = Int((windowStart * fs).rounded(.up))..<Int((start * fs).rounded(.up))
            let perBand = ScatteredField.energy(field, in: window)
            for b in energy.indices { energy[b] = perBand[min(b, perBand.count - 1)] }
        }
        var count = 0
        for i in 0..<arrivals.count where arrivals.delays[i] >= windowStart && arrivals.delays[i] < start {
            count += 1
            for b in 0..<decayRates.count {
                let g = arrivals.gains[i * arrivals.bandCount + min(b, arrivals.bandCount - 1)]
                energy[b] += g * g
            }
        }
        guard count >= 8 else { return copy }
        for b in decayRates.indices {
            let rho = decayRates[b]
            // ∫ e^(−ρt) dt over the window.
            let integral = (exp(-rho * windowStart) - exp(-rho * start)) / rho
            if energy[b] > 0 && integral > 0 { copy.energyRates[b] = energy[b] / integral }
        }
        return copy
    }

    /// RT60 per band implied by the decay rates, seconds.
    public var reverberationTimes: [Double] { decayRates.map { 6 * log(10) / $0 } }

}
