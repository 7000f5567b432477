import Foundation
import RoomMetrics
import SoundstageDSP
import Testing

private let fs = 48000.0

/// h(t) = e^(−a·t/2): energy e^(−a·t) falls 60 dB in T, a = 6·ln10/T.
private func idealDecay(t60: Double, seconds: Double) -> [Double] {
    let a = 6 * log(10) / t60
    return (0..<Int(seconds * fs)).map { exp(-a * Double($0) / fs / 2) }
}

@Suite("ISO 3382 room parameters")
struct RoomParameterTests {
    @Test(
        """
        Ideal exponential decay with T = 0.5 s: C50 4.744 dB, C80 9.096 dB, D50 0.7488, Ts 36.2 ms, EDT = T20 = T30 = \
        0.5 s
        """
    )
    func designReferenceValues() throws {
        let p = RoomParameterAnalysis.broadband(idealDecay(t60: 0.5, seconds: 2), sampleRate: fs)
        // Tolerances are the issue's: 1 % for decay times, 0.05 dB for clarity, 0.005 for D50, 0.5 ms for Ts.
        #expect(abs(try #require(p.edt) / 0.5 - 1) < 0.01)
        #expect(abs(try #require(p.t20) / 0.5 - 1) < 0.01)
        #expect(abs(try #require(p.t30) / 0.5 - 1) < 0.01)
        #expect(abs(try #require(p.c50) - 4.744) < 0.05)
        #expect(abs(try #require(p.c80) - 9.096) < 0.05)
        #expect(abs(try #require(p.d50) - 0.7488) < 0.005)
        #expect(abs(try #require(p.tsMs) - 36.2) < 0.5)
    }

    @Test(
        "Ideal decays match the closed forms C_t = 10·log10(e^(a·t) − 1), D50 = 1 − e^(−0.05a), Ts = 1/a",
        arguments: [0.25, 0.8, 1.6])
    func closedForms(t60: Double) throws {
        let a = 6 * log(10) / t60
        let p = RoomParameterAnalysis.broadband(idealDecay(t60: t60, seconds: max(2, 1.5 * t60)), sampleRate: fs)
        #expect(abs(try #require(p.t30) / t60 - 1) < 0.01)
        #expect(abs(try #require(p.edt) / t60 - 1) < 0.01)
        #expect(abs(try #require(p.c50) - 10 * log10(exp(a * 0.05) - 1)) < 0.05)
        #expect(abs(try #require(p.c80) - 10 * log10(exp(a * 0.08) - 1)) < 0.05)
        #expect(abs(try #require(p.d50) - (1 - exp(-a * 0.05))) < 0.005)
        #expect(abs(try #require(p.tsMs) - 1000 / a) < 0.5)
    }

    @Test("A noise floor 60 dB down is truncated and compensated: T30 within 5 %")
    func noiseFloorCompensated() throws {
        let noise = TestSignals.whiteNoise(count: Int(3 * fs), seed: 21, rms: 1e-3)
        let h = zip(idealDecay(t60: 0.6, seconds: 3), noise).map { $0 + $1 }
        let p = RoomParameterAnalysis.broadband(h, sampleRate: fs)
        #expect(abs(try #require(p.t30) / 0.6 - 1) < 0.05)
        #expect(abs(try #require(p.t20) / 0.6 - 1) < 0.05)
        let curve = EnergyDecayCurve(response: h, onset: 0, sampleRate: fs)
        #expect(curve.noiseFloorDB != nil)
        #expect(curve.usableLength < h.count)
    }

    @Test("T30 and C80 alone are the closed forms' values, as in the full analysis, and nothing else is made")
    func t30AndC80Only() throws {
        let h = idealDecay(t60: 0.8, seconds: 2), a = 6 * log(10) / 0.8
        let lean = RoomParameterAnalysis.parameters(h, onset: 0, directPeak: 0, sampleRate: fs, onlyT30AndC80: true)
        let full = RoomParameterAnalysis.parameters(h, onset: 0, directPeak: 0, sampleRate: fs)
        #expect(abs(try #require(lean.t30) / 0.8 - 1) < 0.01)
        #expect(abs(try #require(lean.c80) - 10 * log10(exp(a * 0.08) - 1)) < 0.05)
        #expect(lean.t30 == full.t30 && lean.c80 == full.c80)
        #expect([lean.edt, lean.t20, lean.c50, lean.d50, lean.tsMs, lean.drr].allSatisfy { $0 == nil })
    }

    @Test("The decay curve's binary search finds the first sample at or below each level, as a scan of its levels does")
    func decaySearch() {
        let noise = TestSignals.whiteNoise(count: Int(2 * fs), seed: 23, rms: 1e-4)
        let h = zip(idealDecay(t60: 0.5, seconds: 2), noise).map { $0 + $1 }
        let curve = EnergyDecayCurve(response: h, onset: 0, sampleRate: fs)
        let levels = curve.levelsDB
        for level in [0.0, -0.5, -5, -10, -25, -35, -59, -200] {
            #expect(curve.firstIndex(atOrBelow: level) == levels.firstIndex { $0 <= level } ?? levels.count)
        }
        #expect(zip(levels, levels.dropFirst()).allSatisfy { $0 >= $1 }, "the curve never rises")
    }

    @Test("A noise floor only 30 dB down leaves T30 missing with a reason, never NaN")
    func noiseTooHigh() {
        let noise = TestSignals.whiteNoise(count: Int(2 * fs), seed: 22, rms: 0.03)
        let h = zip(idealDecay(t60: 0.5, seconds: 2), noise).map { $0 + $1 }
        let p = RoomParameterAnalysis.broadband(h, sampleRate: fs)
        #expect(p.t30 == nil)
        #expect(p.notes.contains { $0.hasPrefix("T30:") })
        for value in [p.edt, p.t20, p.c50, p.c80, p.d50, p.tsMs, p.drr].compactMap({ $0 }) { #expect(value.isFinite) }
    }

    @Test(
        "Octave filtering does not bias T30 by more than 2 % at 125 Hz",
        arguments: [(0.4, 95.0), (0.4, 125.0), (0.4, 165.0), (1.0, 125.0), (0.25, 110.0)])
    func bandFilterBias(t60: Double, frequency: Double) throws {
        // A single exponentially decaying tone inside the 125 Hz octave: its envelope's T is exactly
        // `t60` (one tone, so no beating), so any deviation is the band filter's own bias.
        let a = 6 * log(10) / t60
        let n = Int(max(2, 2 * t60) * fs)
        let h = (0..<n).map { exp(-a * Double($0) / fs / 2) * cos(2 * Double.pi * frequency * Double($0) / fs) }
        let octaves = RoomParameterAnalysis.octaves(h, sampleRate: fs)
        let band125 = try #require(octaves.first { $0.band.label == "125" })
        #expect(abs(try #require(band125.parameters.t30) / t60 - 1) < 0.02)
    }

    @Test("DRR: unit direct impulse over a tail of known energy")
    func directToReverberant() throws {
        var h = [Double](repeating: 0, count: 24000)
        h[1000] = 1
        // Tail from 10 ms after the direct sound: 0.01·e^(−n/2000), energy Σ = 1e-4/(1 − e^(−1/1000)).
        for n in 0..<(24000 - 1480) { h[1480 + n] = 0.01 * exp(-Double(n) / 2000) }
        var tailEnergy = 0.0
        for n in 0..<(24000 - 1480) { tailEnergy += 1e-4 * exp(-Double(n) / 1000) }
        let drr = try #require(DirectToReverberantRatio.value(h, directPeak: 1000, sampleRate: fs))
        #expect(abs(drr - 10 * log10(1 / tailEnergy)) < 1e-9)
    }
}

@Suite("Critical distance")
struct CriticalDistanceTests {
    @Test("5×4×3 m room, ᾱ = 0.2, Q = 1: r_c = 0.057·√(V/T_Sabine) ≈ 0.616 m")
    func theoryValue() {
        let volume = 60.0
        let area: Double = 94  // 2·(5·4 + 5·3 + 4·3)
        let sabine = 0.161 * volume / (area * 0.2)
        #expect(
            abs(CriticalDistance.theory(directivityFactor: 1, volume: volume, reverberationTime: sabine) - 0.6160)
                < 5e-4)
        // Q scales r_c with its square root.
        #expect(
            abs(CriticalDistance.theory(directivityFactor: 4, volume: volume, reverberationTime: sabine) / 0.6160 - 2)
                < 1e-3)
    }

    @Test("DRR = 20·log10(r_c/r) sampled at several distances gives back r_c")
    func measuredFromPairs() throws {
        let pairs = [0.3, 0.5, 1.0, 2.0, 3.0].map { (distance: $0, drrDB: 20 * log10(0.85 / $0)) }
        let fit = try #require(CriticalDistance.fit(pairs))
        #expect(abs(try #require(fit.criticalDistance) - 0.85) < 1e-9)
        #expect(abs(fit.slopeDBPerDecade + 20) < 1e-9)
        #expect(CriticalDistance.fit([(1, 0), (1, 3)]) == nil)
        #expect(try #require(CriticalDistance.fit([(1, 0), (2, 3)])).criticalDistance == nil)
    }
}

@Suite("Binaural room parameters and coloration")
struct BinauralRoomParameterTests {
    @Test(
        """
        Exponentially decaying noise (T = 0.5 s), 8 seeds: T30 ≈ 0.5 s, C80 ≈ 9.10 dB; IACC_L3 1 for equal ears, low \
        for independent ones
        """
    )
    func decayingNoise() {
        let t60 = 0.5, count = Int(1.2 * fs)
        let a = 6 * log(10) / t60
        func decay(_ seed: UInt64) -> [Double] {
            let noise = TestSignals.whiteNoise(count: count, seed: seed)
            return (0..<count).map { noise[$0] * exp(-a * Double($0) / fs / 2) }
        }
        let runs = (1...8).map {
            BinauralRoomParameters(EarSignals(left: decay($0), right: decay($0 + 100), sampleRate: fs))
        }
        let t30 = runs.map { $0.t30Seconds! }.reduce(0, +) / 8, c80 = runs.map { $0.c80DB! }.reduce(0, +) / 8
        let iacc = runs.map(\.iaccL3).reduce(0, +) / 8
        // Closed form for an ideal decay (DESIGN.md): C80 = 10·log10(e^{a·0.08} − 1) = 9.096 dB. One
        // octave's first 80 ms of noise hold ~60 degrees of freedom (σ ≈ 0.8 dB per band); the mean
        // of 2 bands × 8 seeds has σ ≈ 0.2 dB, hence 0.6 dB (3σ).
        #expect(abs(t30 - t60) / t60 < 0.03, "T30 \(t30)")
        #expect(abs(c80 - 9.096) < 0.6, "C80 \(c80)")
        // Independent ears: max |IACF| over 97 lags of ~70 degrees of freedom is ≈ 0.2–0.35, far from 1.
        #expect(iacc < 0.35, "independent ears: IACC_L3 \(iacc)")
        let same = BinauralRoomParameters(EarSignals(left: decay(1), right: decay(1), sampleRate: fs))
        #expect(abs(same.iaccL3 - 1) < 1e-9 && abs(same.iaccE3 - 1) < 1e-9)
    }

    @Test("Coloration ignores level and reads the RMS of the shape difference")
    func coloration() {
        #expect(Coloration.deviationDB([1, 2, 3], reference: [11, 12, 13]) == 0)
        // Differences +1, −1 around their mean 0: RMS 1 dB.
        #expect(abs(Coloration.deviationDB([1, -1, 1, -1], reference: [0, 0, 0, 0]) - 1) < 1e-12)
        // A flat spectrum gives band levels that grow with band width (+1 dB per third octave).
        let flat = [Double](repeating: 1, count: 2 * 4097)
        let levels = Coloration.bandLevelsDB(spectra: [flat], fftSize: 8192, sampleRate: fs)
        #expect(abs((levels[20] - levels[10]) - 10 * log10(pow(2, 10.0 / 3))) < 0.3)
    }
}

@Suite("Early lateral energy fraction J_LF")
struct LateralEnergyFractionTests {
    let fs = 48000.0

    /// Omni and ear-axis figure-of-eight signals of a frontal direct sound (energy 1) at 10 ms and a
    /// reflection of energy `reflection` from angle `theta` to the ear axis 20 ms later.
    func signals(reflection: Double, theta: Double) -> (omni: [Double], lateral: [Double]) {
        var omni = [Double](repeating: 0, count: 9600), lateral = omni
        omni[480] = 1  // frontal: cos 90° = 0 on the ear axis
        omni[1440] = reflection.squareRoot()
        lateral[1440] = reflection.squareRoot() * cos(theta)
        return (omni, lateral)
    }

    @Test("A frontal direct sound alone gives 0; one reflection gives cos²θ·E_r/(E_d + E_r)")
    func oneReflection() throws {
        let alone = signals(reflection: 0, theta: 0)
        #expect(LateralEnergyFraction.value(omni: alone.omni, lateral: alone.lateral, onset: 480, sampleRate: fs) == 0)
        for (energy, degrees) in [(0.5, 0.0), (0.25, 30.0), (1.0, 60.0), (0.1, 90.0)] {
            let theta = degrees * Double.pi / 180
            let s = signals(reflection: energy, theta: theta)
            let expected = cos(theta) * cos(theta) * energy / (1 + energy)
            let jlf = try #require(
                LateralEnergyFraction.value(omni: s.omni, lateral: s.lateral, onset: 480, sampleRate: fs))
            #expect(abs(jlf - expected) < 1e-12)
            // The same through ISO's 125 Hz–1 kHz octaves (zero-phase, summed), from the band-limited
            // onset (ISO's −20 dB rule: the zero-phase pulse starts before its peak): the reflection 20 ms
            // after the direct sound stays apart from it; the bands' ringing moves energy by < 2 %.
            let bank = RoomParameterAnalysis.analysisBank
            let octaves = ["125", "250", "500", "1000"].compactMap { l in bank.bands.firstIndex { $0.label == l } }
            func band(_ x: [Double]) -> [Double] {
                bank.split(x, sampleRate: fs, only: octaves).reduce(into: [Double](repeating: 0, count: x.count)) {
                    for n in $0.indices { $0[n] += $1[n] }
                }
            }
            let omni = band(s.omni), onset = try #require(ImpulseOnset.index(of: omni))
            let banded = try #require(
                LateralEnergyFraction.value(omni: omni, lateral: band(s.lateral), onset: onset, sampleRate: fs))
            #expect(abs(banded - expected) < 0.02 * max(expected, 0.01), "θ \(degrees)°: \(banded) vs \(expected)")
        }
    }
}
