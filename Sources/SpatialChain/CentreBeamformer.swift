import Foundation
import Numerics
import RoomAcoustics
import SoundstageDSP

/// The centre-channel beamformer on the device's midranges: unity on axis, nulls at ±90°, a wide
/// main lobe, by regularized weighted least squares over the whole sphere (or, as before, over the
/// horizontal plane only: ``Objective/horizontal``).
///
/// Per frequency the weights w minimize Σ_u W(u)·|a(u)ᵀw − T(u)|² + μ‖w‖², with a(u) the drivers'
/// far-field responses (directivity × e^(jk·p·u)) and the target T(u) = max(cos θ, −22 dB) where
/// the direction u is θ off the axis in front (cos θ = u·x > 0), 0 behind.
/// - ``Objective/sphere`` (default): u on a 10° × 10° grid of cell centres weighted by their solid
///   angle (normalised to 72 directions' worth, the horizontal objective's count), plus the axis
///   (W = 100) and the horizontal ±90° (W = 10). Radiation up and down counts, so the design cannot
///   buy its side nulls by beaming into floor and ceiling (which the horizontal objective did: Q 0.79
///   at 500 Hz, below an omni).
/// - ``Objective/horizontal``: azimuths 5° apart in the horizontal plane, W = 100 on axis, 10 at
///   ±90°, 1 elsewhere.
///
/// A second-order broadside array tends to cos²θ (−6 dB at ±45°); asking −22 dB rather than a
/// perfect null at ±90° keeps the lobe that wide. μ grows until the white-noise gain
/// |a(0)ᵀw|²/‖w‖² is at least ``wngFloorDB``; where even that cannot hold the weights fall back to a
/// plain in-phase sum. Weights are normalized to unity on axis; the FIR (``length`` taps) has a
/// modelling delay of length/2.
public struct CentreBeamformer: Sendable {
    /// Where the design's least-squares objective looks.
    public enum Objective: String, CaseIterable, Sendable {
        case sphere, horizontal
    }

    public let device: Device
    public let drivers: [Int]
    public let sampleRate: Double
    public let length: Int
    public let wngFloorDB: Double
    public let objective: Objective
    public let speedOfSound: Double
    /// Weights per FFT bin (0…length/2), `[bin][driver]`.
    public let weights: [[Complex<Double>]]
    /// Whether the bin fell back to the plain sum.
    public let fellBack: [Bool]
    /// FIR per driver.
    public let filters: [[Double]]

    public var modellingDelay: Int { length / 2 }

    public init(
        device: Device, drivers: [Int], sampleRate: Double, length: Int = 1024, wngFloorDB: Double = -10,
        objective: Objective = .sphere, speedOfSound: Double = SpeedOfSound.nominal
    ) {
        self.device = device
        self.drivers = drivers
        self.sampleRate = sampleRate
        self.length = length
        self.wngFloorDB = wngFloorDB
        self.objective = objective
        self.speedOfSound = speedOfSound
        // Each bin is designed on its own: in parallel, the same values in the same order.
        let designs = ParallelResults.map(
            count: length / 2 + 1, jobs: ProcessInfo.processInfo.activeProcessorCount
        ) { k in
            CentreBeamformer.design(
                device: device, drivers: drivers, frequency: max(Double(k), 0.5) * sampleRate / Double(length),
                wngFloorDB: wngFloorDB, objective: objective, c: speedOfSound)
        }
        let all = designs.map(\.0)
        weights = all
        fellBack = designs.map(\.1)
        let fft = RealFFT.plan(size: length)
        let window = Window.hann.symmetric(length: length)
        filters = drivers.indices.map { d in
            let bins = (0..<fft.binCount).map { k -> Complex<Double> in
                let phase = -2 * Double.pi * Double(k) * Double(length / 2) / Double(length)
                return all[k][d] * Complex(cos(phase), sin(phase))
            }
            return zip(fft.inverse(bins: bins), window).map { $0 * $1 }
        }
    }

    /// Far-field response of each driver toward unit direction `u` (device frame) at `f`.
    static func steering(
        device: Device, drivers: [Int], direction u: Vector3, frequency f: Double, c: Double
    ) -> [Complex<Double>] {
        let k = 2 * Double.pi * f / c
        return drivers.map { index in
            let driver = device.drivers[index]
            let g = driver.gain(toward: u, frequency: f, speedOfSound: c)
            let phase = k * driver.position.dot(u)
            return Complex(g * cos(phase), g * sin(phase))
        }
    }

    /// Weight of the horizontal ±90° points in the sphere objective: the trade between the side nulls
    /// and Q (`design` plots it as beam-tradeoff.svg). 10: Q within 1–3 % of the geometric bound at
    /// 0.5–2 kHz, the side level −6 dB at 500 Hz and −21 dB at 1–2 kHz on the default device.
    public static let defaultSideWeight = 10.0

    /// The objective's directions (device frame), targets and weights.
    static func objectivePoints(
        _ objective: Objective, sideWeight: Double = defaultSideWeight
    ) -> [(
        u: Vector3, target: Double, weight: Double
    )] {
        // The side "nulls" are asked to be −22 dB, not −∞ (see the type's comment).
        let nullDepth = 0.08
        func target(_ u: Vector3) -> Double { u.x > 1e-9 ? max(u.x, nullDepth) : (u.x > -1e-9 ? nullDepth : 0) }
        let axis = (u: Vector3(1, 0, 0), target: 1.0, weight: 100.0)
        let sides = [Vector3(0, 1, 0), Vector3(0, -1, 0)].map { (u: $0, target: nullDepth, weight: sideWeight) }
        switch objective {
        case .horizontal:
            return stride(from: -180.0, to: 180, by: 5).map { degrees in
                let a = degrees * Double.pi / 180
                let u = Vector3(cos(a), sin(a), 0)
                let weight = abs(degrees) < 1 ? 100.0 : (abs(abs(degrees) - 90) < 1 ? 10 : 1)
                return (u, abs(a) <= Double.pi / 2 ? max(cos(a), nullDepth) : 0, weight)
            }
        case .sphere:
            var cells = [(u: Vector3, target: Double, weight: Double)]()
            for e in stride(from: -85.0, through: 85, by: 10) {
                for a in stride(from: -175.0, through: 175, by: 10) {
                    let (el, az) = (e * Double.pi / 180, a * Double.pi / 180)
                    let u = Vector3(cos(el) * cos(az), cos(el) * sin(az), sin(el))
                    cells.append((u, target(u), cos(el)))
                }
            }
            let total = cells.reduce(0) { $0 + $1.weight }
            return cells.map { ($0.u, $0.target, $0.weight * 72 / total) } + [axis] + sides
        }
    }

    /// The weights at one frequency (and whether they fell back to the in-phase sum).
    public static func design(
        device: Device, drivers: [Int], frequency f: Double, wngFloorDB: Double, objective: Objective,
        sideWeight: Double = defaultSideWeight, c: Double
    ) -> ([Complex<Double>], Bool) {
        let n = drivers.count
        let points = objectivePoints(objective, sideWeight: sideWeight)
        let rows = points.map { steering(device: device, drivers: drivers, direction: $0.u, frequency: f, c: c) }
        let targets = points.map(\.target), weightsW = points.map(\.weight)
        // Normal equations (AᴴWA + μI) w = AᴴW t.
        var gram = [[Complex<Double>]](repeating: [Complex<Double>](repeating: Complex(0), count: n), count: n)
        var rhs = [Complex<Double>](repeating: Complex(0), count: n)
        for (i, row) in rows.enumerated() {
            for p in 0..<n {
                rhs[p] = rhs[p] + row[p].conjugate * Complex(weightsW[i] * targets[i])
                for q in 0..<n { gram[p][q] = gram[p][q] + row[p].conjugate * row[q] * Complex(weightsW[i]) }
            }
        }
        let axis = steering(device: device, drivers: drivers, direction: Vector3(1, 0, 0), frequency: f, c: c)
        let trace = (0..<n).reduce(0.0) { $0 + gram[$1][$1].real }
        func solve(_ mu: Double) -> [Complex<Double>]? {
            var m = gram
            for p in 0..<n { m[p][p] = m[p][p] + Complex(mu) }
            guard var w = ComplexLinearSystem.solve(m, rhs) else { return nil }
            let response = zip(axis, w).reduce(Complex<Double>(0)) { $0 + $1.0 * $1.1 }
            guard response.length > 1e-9 else { return nil }
            w = w.map { $0 / response }
            return w
        }
        func wng(_ w: [Complex<Double>]) -> Double {
            let norm = w.reduce(0.0) { $0 + $1.lengthSquared }
            return 10 * log10(1 / max(norm, 1e-300))
        }
        var lo = -12.0, hi = 4.0  // μ = trace·10^x
        if let w = solve(trace * pow(10, lo)), wng(w) >= wngFloorDB { return (w, false) }
        guard let widest = solve(trace * pow(10, hi)), wng(widest) >= wngFloorDB else {
            let sum = axis.reduce(Complex<Double>(0), +)
            return (Array(repeating: Complex(1) / sum, count: n), true)
        }
        for _ in 0..<50 {
            let mid = (lo + hi) / 2
            if let w = solve(trace * pow(10, mid)), wng(w) >= wngFloorDB { hi = mid } else { lo = mid }
        }
        return (solve(trace * pow(10, hi)) ?? widest, false)
    }

    /// The response of `weights` on `drivers` toward the device-frame unit vector `u` at `f` Hz.
    public static func response(
        _ weights: [Complex<Double>], device: Device, drivers: [Int], direction u: Vector3, frequency f: Double,
        c: Double = SpeedOfSound.nominal
    ) -> Complex<Double> {
        let a = steering(device: device, drivers: drivers, direction: u, frequency: f, c: c)
        return zip(a, weights).reduce(Complex<Double>(0)) { $0 + $1.0 * $1.1 }
    }

    /// Response toward horizontal azimuth `azimuth` (radians, device frame) at bin frequency `f`.
    public func response(azimuth: Double, elevation: Double = 0, frequency f: Double) -> Complex<Double> {
        let k = min(Int((f / sampleRate * Double(length)).rounded()), length / 2)
        let a = CentreBeamformer.steering(
            device: device, drivers: drivers,
            direction: Vector3(cos(elevation) * cos(azimuth), cos(elevation) * sin(azimuth), sin(elevation)),
            frequency: Double(k) * sampleRate / Double(length), c: speedOfSound)
        return zip(a, weights[k]).reduce(Complex<Double>(0)) { $0 + $1.0 * $1.1 }
    }

    /// Directivity factor Q = |D(axis)|²/⟨|D|²⟩ over the sphere (5° grid), and DI = 10·log10 Q.
    public func directivity(frequency f: Double) -> (q: Double, diDB: Double) {
        let mean = SphereGrid.mean { response(azimuth: $0, elevation: $1, frequency: f).lengthSquared }
        let q = response(azimuth: 0, frequency: f).lengthSquared / mean
        return (q, 10 * log10(q))
    }
}
