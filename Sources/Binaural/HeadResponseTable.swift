import Foundation
import Numerics
import SoundstageDSP

/// A head's response tabulated for fast binaural rendering of many arrivals: per direction (5° grid
/// over the sphere) and ear, the octave-band gains (power average over four frequencies inside each
/// band) and a delay (low-frequency phase delay at 200 Hz); and the head's diffuse-field interaural
/// coherence and per-band diffuse-field power, which shape the late tail.
public struct HeadResponseTable: Sendable {
    public let head: any HeadModel
    let grid: DirectionGrid
    /// Per grid direction: 2 ears × bands gains, ear-major.
    let gains: [Double]
    /// Per grid direction: left and right delays in seconds (relative to the head centre).
    let delays: [Double]
    public let bandCount: Int
    /// Diffuse-field coherence Re{⟨H_L·H_R*⟩}/√(⟨|H_L|²⟩⟨|H_R|²⟩) at ``coherenceFrequencies``.
    public let coherence: [Double]
    public let coherenceFrequencies: [Double]
    /// Diffuse-field mean |H|² per band for the left and right ear.
    public let diffusePower: (left: [Double], right: [Double])

    /// Tabulates `head` over the octave bands of ``FrequencyBands/simulationOctaves``.
    public init(head: any HeadModel) {
        self.head = head
        let bands = FrequencyBands.simulationOctaves
        bandCount = bands.count
        grid = DirectionGrid(azimuthStepDegrees: 5, elevationStepDegrees: 5)
        let perBand = 4
        var frequencies = [Double]()
        for band in bands {
            for k in 0..<perBand {
                frequencies.append(band.lower * pow(band.upper / band.lower, (Double(k) + 0.5) / Double(perBand)))
            }
        }
        let delayFrequency = 200.0
        frequencies.append(delayFrequency)
        let coherenceFrequencies = (0..<48).map { 20 * pow(1000, Double($0) / 47) }
        frequencies.append(contentsOf: coherenceFrequencies)
        self.coherenceFrequencies = coherenceFrequencies

        var gains = [Double](), delays = [Double]()
        gains.reserveCapacity(grid.count * 2 * bands.count)
        var crossSum = [Double](repeating: 0, count: coherenceFrequencies.count)
        var leftSum = crossSum, rightSum = crossSum
        var powerLeft = [Double](repeating: 0, count: bands.count), powerRight = powerLeft
        var weightSum = 0.0
        let coherenceStart = bands.count * perBand + 1
        for d in grid.directions {
            let (l, r) = head.transferFunctions(direction: d, frequencies: frequencies)
            for ear in [l, r] {
                for b in 0..<bands.count {
                    var power = 0.0
                    for k in 0..<perBand { power += ear[b * perBand + k].lengthSquared }
                    gains.append((power / Double(perBand)).squareRoot())
                }
            }
            let w = 2 * Double.pi * delayFrequency
            delays.append(-l[bands.count * perBand].phase / w)
            delays.append(-r[bands.count * perBand].phase / w)
            // Uniform weighting over the sphere: each grid point stands for cos(elevation) of area.
            let weight = max(0, (1 - d.z * d.z).squareRoot())
            weightSum += weight
            for i in coherenceFrequencies.indices {
                let hl = l[coherenceStart + i], hr = r[coherenceStart + i]
                crossSum[i] += weight * (hl * hr.conjugate).real
                leftSum[i] += weight * hl.lengthSquared
                rightSum[i] += weight * hr.lengthSquared
            }
            let base = gains.count - 2 * bands.count
            for b in 0..<bands.count {
                powerLeft[b] += weight * gains[base + b] * gains[base + b]
                powerRight[b] += weight * gains[base + bands.count + b] * gains[base + bands.count + b]
            }
        }
        self.gains = gains
        self.delays = delays
        coherence = coherenceFrequencies.indices.map {
            crossSum[$0] / max((leftSum[$0] * rightSum[$0]).squareRoot(), 1e-300)
        }
        diffusePower = (powerLeft.map { $0 / weightSum }, powerRight.map { $0 / weightSum })
    }

    /// Band gains (left, right; `bandCount` each) and delays (left, right, seconds) for a direction
    /// in the head frame, bilinearly interpolated between the four surrounding grid directions.
    public func lookup(
        _ direction: Vector3, gainsInto out: UnsafeMutablePointer<Double>
    ) -> (left: Double, right: Double) {
        let (a, e) = grid.coordinates(direction)
        let a0 = Int(a.rounded(.down)), e0 = min(Int(e.rounded(.down)), grid.elevationCount - 1)
        let wa = a - Double(a0), we = e - Double(e0)
        let a0w = a0 % grid.azimuthCount, a1 = (a0 + 1) % grid.azimuthCount, e1 = min(e0 + 1, grid.elevationCount - 1)
        let stride = 2 * bandCount
        for i in 0..<stride { out[i] = 0 }
        var left = 0.0, right = 0.0
        // The four surrounding grid directions and their bilinear weights (no allocation: this runs
        // once per arrival).
        for corner in 0..<4 {
            let index = (corner < 2 ? e0 : e1) * grid.azimuthCount + (corner % 2 == 0 ? a0w : a1)
            let weight = (corner % 2 == 0 ? 1 - wa : wa) * (corner < 2 ? 1 - we : we)
            if weight == 0 { continue }
            gains.withUnsafeBufferPointer { g in
                let row = g.address + index * stride
                for i in 0..<stride { out[i] += weight * row[i] }
            }
            left += weight * delays[2 * index]
            right += weight * delays[2 * index + 1]
        }
        return (left, right)
    }

    /// Diffuse-field coherence at `frequency` Hz (linear interpolation in log frequency, clamped).
    public func diffuseCoherence(at frequency: Double) -> Double {
        let f = coherenceFrequencies
        if frequency <= f[0] { return coherence[0] }
        if frequency >= f[f.count - 1] { return coherence[f.count - 1] }
        let x = log(frequency / f[0]) / log(f[f.count - 1] / f[0]) * Double(f.count - 1)
        let i = Int(x), t = x - Double(i)
        return coherence[i] * (1 - t) + coherence[i + 1] * t
    }
}
