import Foundation
import SoundstageDSP

/// The diffuse sound that scattering surfaces return: the energy the specular images give up, fed
/// into a diffuse field from the first reflection on.
///
/// Model: two energy pools, specular and diffuse, in the diffuse-field statistics of Kuttruff (*Room
/// Acoustics*, §5.3). Every wall hit keeps (1 − α)(1 − s) of the incident energy specular (what the
/// image sources carry, ``Face/specularReflectionAmplitudes``) and sends (1 − α)·s into the diffuse
/// pool (``ReflectionEnergy``). With n̄ = c·S/(4V) hits per second, the specular pool decays at
/// ρ_s = −n̄·ln⟨(1 − α)(1 − s)⟩ + m·c and the diffuse pool at the Eyring rate
/// ρ = −n̄·ln⟨1 − α⟩ + m·c (area-weighted means ⟨·⟩, air attenuation m), so energy moves from the
/// first to the second at β = ρ_s − ρ = n̄·ln(⟨1 − α⟩/⟨(1 − α)(1 − s)⟩). Starting from the source's
/// diffuse-field level H = 4πc/V·⟨D²⟩ (the late tail's, ``LateReverberation``), the diffuse pool
/// reaches the receiver as h_d(t) = H·e^(−ρt)·(1 − e^(−βt)) energy per second, from the first
/// reflection's arrival on (no scattered path is shorter). Together with the images, which carry
/// H·e^(−ρ_s·t) on average, the total is H·e^(−ρt): the specular-only room's energy when absorption
/// is uniform (scattering moves energy between the pools, it neither makes nor loses any), and an
/// Eyring decay when it is not, because diffuse energy meets every surface in proportion to its area.
///
/// Why this rather than diffuse rain from a ray tracer: it needs no second propagation model, costs
/// one envelope per band, and keeps the energy balance exact; what it does not model is *where*
/// scattered energy comes from (its direction, and first-order "rain" that depends on where the source
/// and receiver stand): the diffuse part has the room's mean level and no direction (binaurally it
/// gets the head's diffuse-field power and coherence). The per-image alternative (each image's lost
/// energy re-emitted at its own arrival) was tried and rejected: it keeps the specular-only room's
/// late flutter energy, so a room with bare walls and an absorbing floor stays 6× longer than Eyring
/// whatever the scattering.
public struct ScatteredField: Sendable {
    /// Noise streams of the scattered part (the late tail uses 0 and 1).
    public static let monoStream: UInt64 = 2, binauralStream: UInt64 = 3

    /// Transfer rate β per band from the specular images into the diffuse field, 1/s.
    public let transferRates: [Double]
    /// Energy decay rate ρ of the diffuse field per band, 1/s (Eyring with the mean absorption, and air).
    public let decayRates: [Double]
    /// The source's diffuse-field energy per second H per band at t = 0 (squared-gain units).
    public let energyRates: [Double]

    /// The scattered field of `room` for a source with mean-square directivity `meanSquareDirectivity`
    /// per band, with `bandCount` bands (1: broadband, the first band's values); nil when no surface
    /// scatters (then the simulation is purely specular, as without this model).
    public init?(room: Room, bandCount: Int, airAbsorption: Bool, meanSquareDirectivity: [Double]) {
        guard !room.isFreeField, room.faces.contains(where: { !$0.scattering.isZero }) else { return nil }
        let hitsPerSecond = room.atmosphere.speedOfSound * room.surfaceArea / (4 * room.volume)
        let bands = bandCount == 1 ? [0] : Array(Absorption.bands.indices)
        transferRates = bands.map { b in
            var reflected = 0.0, specular = 0.0
            for face in room.faces {
                let a = face.absorption.coefficients[b], s = face.scattering.coefficients[b]
                reflected += face.area * (1 - a)
                specular += face.area * ReflectionEnergy.specular(absorption: a, scattering: s)
            }
            // Everything reflected is scattered: the images stop at the first hit, the field fills at once.
            guard specular > 0 else { return .infinity }
            return hitsPerSecond * log(reflected / specular)
        }
        let diffuse = LateReverberation(
            room: room, startTime: 0, bandCount: bandCount, airAbsorption: airAbsorption,
            meanSquareDirectivity: meanSquareDirectivity)
        decayRates = diffuse.decayRates
        energyRates = diffuse.energyRates
    }

    /// The diffuse energy per sample and band (band-major, `bandCount × min(end, length)`, squared-gain
    /// units like the arrivals'), from the first reflection among `arrivals` up to sample `end` (where
    /// the late tail, when there is one, continues both parts).
    public func energyPerSample(_ arrivals: ArrivalSet, length: Int, end: Int, sampleRate fs: Double) -> BandTrains {
        let end = max(0, min(end, length))
        var out = BandTrains(bandCount: transferRates.count, length: end)
        var firstReflection = Double.infinity
        for i in 0..<arrivals.count where arrivals.orders[i] > 0 {
            firstReflection = min(firstReflection, arrivals.delays[i])
        }
        guard firstReflection.isFinite else { return out }
        let first = max(0, Int((firstReflection * fs).rounded()))
        guard first < end else { return out }
        for b in 0..<out.bandCount {
            // H·(e^(−ρt) − e^(−(ρ+β)t)) per sample, both exponentials advanced by one factor per sample.
            let rho = decayRates[b], beta = transferRates[b], scale = energyRates[b] / fs
            let t0 = Double(first) / fs
            var diffuse = exp(-rho * t0), specular = beta.isFinite ? exp(-(rho + beta) * t0) : 0
            let diffuseStep = exp(-rho / fs), specularStep = beta.isFinite ? exp(-(rho + beta) / fs) : 0
            for n in first..<end {
                out.samples[b * end + n] = scale * (diffuse - specular)
                diffuse *= diffuseStep
                specular *= specularStep
            }
        }
        return out
    }

    /// Total diffuse energy per band over the samples `range` of `energy`.
    public static func energy(_ energy: BandTrains, in range: Range<Int>) -> [Double] {
        let range = range.clamped(to: 0..<energy.length)
        return (0..<energy.bandCount).map { b in
            energy.samples[(b * energy.length + range.lowerBound)..<(b * energy.length + range.upperBound)]
                .reduce(0, +)
        }
    }

    /// Seeded noise band trains with the variance `energy` per sample: one receiver (`coherence` nil)
    /// or two with coherence γ_b per band between them (the first gets A, the second γ·A + √(1 − γ²)·B)
    /// and a power factor per band and receiver (`powers`, e.g. the head's diffuse-field power per ear).
    /// Added to the image trains before the octave bank recombines them, each band's noise gets the
    /// same band filter as the images, so its energy is the envelope's energy.
    ///
    /// With several bands, `bank` makes each band's noise energy its share of a broadband signal's:
    /// independent noise through band filter g_b has energy σ²·⟨g_b²⟩, while an image (the same gain in
    /// every band, the bands summing to one) puts σ²·⟨g_b⟩ in band b; the variance is scaled by
    /// ⟨g_b⟩/⟨g_b²⟩ (means over frequency), so a flat diffuse field has exactly the energy σ².
    public static func noise(
        _ energy: BandTrains, seed: UInt64, stream: UInt64, bank: BandFilterBank, sampleRate: Double,
        powers: [[Double]] = [[]], coherence: [Double]? = nil
    ) -> [BandTrains] {
        let correction = energy.bandCount == 1 ? [1] : bandNoiseCorrection(bank, sampleRate: sampleRate)
        var generator = SeededGenerator(seed: seed, stream: stream)
        let receivers = coherence == nil ? 1 : 2
        let count = energy.bandCount * energy.length
        var first = [Double](repeating: 0, count: count), second = receivers == 2 ? first : []
        let unit = 3.0.squareRoot()  // uniform on ±√3 has unit variance
        energy.samples.withUnsafeBufferPointer { variances in
            first.withUnsafeMutableBufferPointer { out0 in
                second.withUnsafeMutableBufferPointer { out1 in
                    for b in 0..<energy.bandCount {
                        let gamma = coherence?[b] ?? 1, other = (1 - gamma * gamma).squareRoot()
                        let scales = (0..<receivers).map { r in
                            (correction[b] * (powers.indices.contains(r) && !powers[r].isEmpty ? powers[r][b] : 1))
                                .squareRoot()
                        }
                        let row = b &* energy.length
                        for n in row..<(row &+ energy.length) {
                            let variance = variances[n]
                            guard variance > 0 else { continue }
                            let sigma = variance.squareRoot()
                            let a = unit * (2 * generator.nextUniform() - 1)
                            out0[n] = scales[0] * sigma * a
                            if receivers == 2 {
                                let bNoise = unit * (2 * generator.nextUniform() - 1)
                                out1[n] = scales[1] * sigma * (gamma * a + other * bNoise)
                            }
                        }
                    }
                }
            }
        }
        return [first, second].prefix(receivers).map {
            BandTrains(bandCount: energy.bandCount, length: energy.length, samples: $0)
        }
    }

    /// ⟨g_b⟩/⟨g_b²⟩ per band of `bank` over frequency (0 … fs/2), made once per bank and rate (every
    /// source at every seat asks for it).
    static func bandNoiseCorrection(_ bank: BandFilterBank, sampleRate: Double) -> [Double] {
        corrections.value(CorrectionKey(bank: bank, sampleRate: sampleRate)) {
            BinGainCache.shared.gains(bank: bank, fftSize: 8192, sampleRate: sampleRate).map { g in
                let mean = g.reduce(0, +), meanSquare = g.reduce(0) { $0 + $1 * $1 }
                return meanSquare > 0 ? mean / meanSquare : 1
            }
        }
    }
    private static let corrections = ComputedCache<CorrectionKey, [Double]>()
    private struct CorrectionKey: Hashable {
        let bank: BandFilterBank, sampleRate: Double
    }
}
