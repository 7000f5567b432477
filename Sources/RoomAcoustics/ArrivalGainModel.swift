import Foundation
import SoundstageDSP

/// What turns an image's reflection factors into arrival gains at a receiver: spreading 1/r, air
/// absorption e^(−m·r/2) per band (amplitude) and the source's directivity per band along the
/// departure direction (tabulated over cos θ, linear interpolation on 2049 points; measured patterns
/// over azimuth × elevation in the source's frame, bilinear on a 1° grid).
struct ArrivalGainModel: Sendable {
    let bandCount: Int
    /// Energy attenuation of air per band, 1/m (empty: no air absorption).
    let airAttenuation: [Double]
    /// Directivity tables per band over cos θ ∈ [−1, 1] (empty: omni).
    let directivityTables: [[Double]]
    let axis: Vector3
    static let directivityPoints = 2049
    /// Measured patterns: tables per band over elevation −90…90° × azimuth −180…180° (1° steps, row
    /// major by elevation), and the source's frame (empty: not measured).
    let directionTables: [[Double]]
    let up: Vector3, side: Vector3

    init(bandCount: Int, atmosphere: Atmosphere, airAbsorption: Bool, source: SoundSource) {
        self.bandCount = bandCount
        let centres = bandCount == 1 ? [1000.0] : Absorption.bands.map(\.centre)
        airAttenuation = airAbsorption ? centres.map { atmosphere.energyAttenuationPerMetre(frequency: $0) } : []
        axis = source.axis
        up = source.up
        side = source.up.cross(source.axis)
        if case .measured(let data) = source.directivity {
            directivityTables = []
            directionTables = centres.map { ArrivalGainModel.directionTable(data, frequency: $0) }
            return
        }
        directionTables = []
        if source.directivity == .omni {
            directivityTables = []
        } else {
            let n = ArrivalGainModel.directivityPoints
            directivityTables = centres.map { f in
                (0..<n).map { i in
                    source.directivity.gain(
                        cosAngle: -1 + 2 * Double(i) / Double(n - 1), frequency: f,
                        speedOfSound: atmosphere.speedOfSound)
                }
            }
        }
    }

    /// A measured pattern at `frequency` on the 1° grid: elevation −90…90° (rows) × azimuth −180…180°.
    static func directionTable(_ data: MeasuredDirectivity, frequency: Double) -> [Double] {
        var table = [Double]()
        table.reserveCapacity(181 * 361)
        for e in 0...180 {
            for a in 0...360 {
                let elevation = Double(e - 90), azimuth = Double(a - 180)
                table.append(data.gain(azimuthDegrees: azimuth, elevationDegrees: elevation, frequency: frequency))
            }
        }
        return table
    }

    /// Whether gains need more than reflection/r (air absorption or directivity).
    var hasPerArrivalFactors: Bool { !airAttenuation.isEmpty || needsDeparture }

    /// Whether arrivals need the departure direction.
    var needsDeparture: Bool { !directivityTables.isEmpty || !directionTables.isEmpty }

    /// gains[b] = reflection[b] / r · air_b(r) · D_b(departure).
    @inline(__always)
    func fill(
        _ gains: UnsafeMutablePointer<Double>, reflection: UnsafePointer<Double>, distance r: Double, departure: Vector3
    ) {
        let spreading = 1 / max(r, 1e-3)
        for b in 0..<bandCount { gains[b] = reflection[b] * spreading }
        if !airAttenuation.isEmpty {
            for b in 0..<bandCount { gains[b] *= exp(-0.5 * airAttenuation[b] * r) }
        }
        if !directivityTables.isEmpty {
            let u = (max(-1, min(1, departure.dot(axis))) + 1) * 0.5 * Double(ArrivalGainModel.directivityPoints - 1)
            let i = min(Int(u), ArrivalGainModel.directivityPoints - 2)
            let w = u - Double(i)
            for b in 0..<bandCount {
                let table = directivityTables[b]
                gains[b] *= table[i] * (1 - w) + table[i + 1] * w
            }
        }
        if !directionTables.isEmpty { applyMeasured(gains, departure: departure) }
    }

    /// Multiplies the gains by the measured pattern toward `departure` (bilinear on the 1° tables).
    private func applyMeasured(_ gains: UnsafeMutablePointer<Double>, departure: Vector3) {
        let x = departure.dot(axis), y = departure.dot(side), z = departure.dot(up)
        let azimuth = atan2(y, x) * 180 / Double.pi + 180  // 0…360
        let elevation = asin(max(-1, min(1, z))) * 180 / Double.pi + 90  // 0…180
        let a = min(Int(azimuth), 359), e = min(Int(elevation), 179)
        let wa = azimuth - Double(a), we = elevation - Double(e)
        let row = 361
        for b in 0..<bandCount {
            let t = directionTables[b]
            let low = t[e * row + a] * (1 - wa) + t[e * row + a + 1] * wa
            let high = t[(e + 1) * row + a] * (1 - wa) + t[(e + 1) * row + a + 1] * wa
            gains[b] *= low * (1 - we) + high * we
        }
    }
}
