import Foundation
import Numerics
import RoomAcoustics
import SoundstageDSP

/// The radiated-power matrix of a driver array: the sound power a set of complex drive gains g sends
/// into the whole sphere is gᴴ·P·g, with
/// P_pq(f) = ⟨D_p(u, f)·D_q(u, f)·e^{jk·u·(r_q − r_p)}⟩ over unit directions u (area-weighted 5° grid,
/// as ``ArrayDirectivity``), D the drivers' directivity gains and r their positions. For one omni
/// driver P = 1; for co-located omnis every entry is 1 (only their sum radiates); drivers driven in
/// anti-phase a few centimetres apart radiate little at low frequency (P's small eigenvalues).
/// Regularizing a crosstalk canceller with β·P instead of β·I penalizes what reaches the room's walls
/// rather than the drive effort (Elliott & Nelson's "acoustic effort", *Active Control of Sound*).
public enum RadiatedPower {
    /// Where the power is counted.
    public enum Region: Sendable, Equatable {
        /// Every direction.
        case sphere
        /// Toward the side walls: azimuths 45–135° to either side of the device's front, elevations
        /// within ±30° (device frame).
        case sides

        func contains(azimuthDegrees a: Double, elevationDegrees e: Double) -> Bool {
            switch self {
            case .sphere: return true
            case .sides: return abs(e) <= 30 && abs(a) >= 45 && abs(a) <= 135
            }
        }
    }

    /// P at `frequency` for `drivers` (indices into `device.drivers`) over `region`, Hermitian `n × n`
    /// (the area-weighted mean over the region's directions).
    public static func matrix(
        device: Device, drivers: [Int], frequency f: Double, speedOfSound c: Double, region: Region = .sphere
    ) -> [[Complex<Double>]] {
        let n = drivers.count
        var p = [[Complex<Double>]](repeating: [Complex<Double>](repeating: .zero, count: n), count: n)
        var weight = 0.0
        let sources = drivers.map { device.source(device.drivers[$0]) }
        for e in stride(from: -87.5, through: 87.5, by: 5.0) {
            let el = e * Double.pi / 180
            for az in stride(from: -177.5, through: 177.5, by: 5.0)
            where region.contains(azimuthDegrees: az, elevationDegrees: e) {
                // The side region turns with the device; the whole sphere needs no turning.
                let a = az * Double.pi / 180 + (region == .sphere ? 0 : device.yawRadians)
                let u = Vector3(cos(el) * cos(a), cos(el) * sin(a), sin(el))
                let w = cos(el)
                weight += w
                let steering = steering(device: device, sources: sources, direction: u, frequency: f, speedOfSound: c)
                for i in 0..<n {
                    for j in 0..<n { p[i][j] = p[i][j] + Complex(w) * steering[i].conjugate * steering[j] }
                }
            }
        }
        return p.map { $0.map { $0 / Complex(weight) } }
    }

    /// The drivers' far-field pressures toward unit direction `u` (room frame) for unit drive:
    /// a_d = D_d(u)·e^{jk·u·(r_d − device centre)}, the phase convention of
    /// ``matrix(device:drivers:frequency:speedOfSound:)``.
    public static func steering(
        device: Device, drivers: [Int], direction u: Vector3, frequency f: Double, speedOfSound c: Double
    ) -> [Complex<Double>] {
        steering(
            device: device, sources: drivers.map { device.source(device.drivers[$0]) }, direction: u, frequency: f,
            speedOfSound: c)
    }

    /// ``steering(device:drivers:direction:frequency:speedOfSound:)`` of the drivers placed as `sources`
    /// (made once for the many directions of a power integral).
    private static func steering(
        device: Device, sources: [SoundSource], direction u: Vector3, frequency f: Double, speedOfSound c: Double
    ) -> [Complex<Double>] {
        let k = 2 * Double.pi * f / c
        return sources.map { s in
            let g = s.gain(toward: u, frequency: f, speedOfSound: c)
            let phase = k * u.dot(s.position - device.position)
            return Complex(g * cos(phase), g * sin(phase))
        }
    }

    /// Directivity factors toward `direction` (room frame): the largest any drive weights can reach,
    /// Q_max = bᴴP⁻¹b with b the conjugate steering vector (the Rayleigh quotient's maximum: the
    /// geometric bound, supergain included), and that of equal in-phase weights, |Σ a_d|²/(1ᴴP1).
    public static func directivityBound(
        device: Device, drivers: [Int], direction: Vector3, frequency f: Double, speedOfSound c: Double
    ) -> (max: Double, inPhase: Double) {
        let p = matrix(device: device, drivers: drivers, frequency: f, speedOfSound: c)
        let a = steering(device: device, drivers: drivers, direction: direction, frequency: f, speedOfSound: c)
        let b = a.map(\.conjugate)
        let n = drivers.count
        let x = ComplexLinearSystem.solve(p, b) ?? b
        let qMax = zip(b, x).reduce(Complex<Double>(0)) { $0 + $1.0.conjugate * $1.1 }.real
        let sum = a.reduce(Complex<Double>(0), +)
        var mean = Complex<Double>(0)
        for i in 0..<n { for j in 0..<n { mean = mean + p[i][j] } }
        return (qMax, sum.lengthSquared / max(mean.real, 1e-300))
    }
}
