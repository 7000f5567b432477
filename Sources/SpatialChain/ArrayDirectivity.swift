import Foundation
import Numerics
import RoomAcoustics
import SoundstageDSP

/// Far-field directivity of a driver array playing given feeds.
///
/// The pressure toward unit direction u at frequency f is
/// p(u, f) = Σ_d G_d(f) · D_d(u, f) · e^{+jk u·r_d}, with G_d the DTFT of driver d's feed, D_d its
/// directivity gain about its axis and r_d its position relative to the device centre (far-field
/// phase). Q(f) = |p(axis)|² / ⟨|p|²⟩ over the sphere (area-weighted 5° grid, as
/// ``CentreBeamformer/directivity(frequency:)``), and a band's Q is the ratio of the powers summed over
/// its frequencies (the power average a noise signal sees).
public enum ArrayDirectivity {
    /// Directivity factor of `device` playing `feeds` (one impulse response per driver, samples at
    /// `sampleRate`) toward the device's front, power-averaged over `frequencies` (Hz).
    public static func directivityFactor(
        device: Device, feeds: [[Double]], sampleRate: Double, speedOfSound: Double,
        frequencies: [Double]
    ) -> Double {
        precondition(feeds.count == device.drivers.count, "one feed per driver")
        let sources = device.drivers.map { device.source($0) }
        var onAxis = 0.0, average = 0.0
        for f in frequencies {
            let w = 2 * Double.pi * f / sampleRate
            let gains = feeds.map { feed -> Complex<Double> in
                var re = 0.0, im = 0.0
                for (n, x) in feed.enumerated() where x != 0 {
                    re += x * cos(w * Double(n))
                    im -= x * sin(w * Double(n))
                }
                return Complex(re, im)
            }
            let k = 2 * Double.pi * f / speedOfSound
            func pressure(_ u: Vector3) -> Double {
                var p = Complex<Double>(0)
                for (d, source) in sources.enumerated() where gains[d] != .zero {
                    let r = source.position - device.position
                    let phase = k * u.dot(r)
                    let g = source.gain(toward: u, frequency: f, speedOfSound: speedOfSound)
                    p = p + gains[d] * Complex(g * cos(phase), g * sin(phase))
                }
                return p.lengthSquared
            }
            onAxis += pressure(device.toRoom(direction: Vector3(1, 0, 0)))
            average += SphereGrid.mean { az, el in
                pressure(device.toRoom(direction: Vector3(cos(el) * cos(az), cos(el) * sin(az), sin(el))))
            }
        }
        return average > 0 ? onAxis / average : 1
    }
}
