import Binaural
import Foundation
import Numerics
import RoomAcoustics
import SoundstageDSP

/// The free-field plant: transfer functions from a device's drivers to a listener's ears, the model
/// the crosstalk canceller and the beamformer are designed on.
///
/// H_{e,d}(f) = D_d(f, departure)·e^(−j2πf·r_d/c)/r_d·HRTF_e(f, direction of driver d), with the
/// driver's directivity along the path to the head centre and the head's transfer function for the
/// driver's direction in the head frame.
public struct FreeFieldPlant: Sendable {
    public let device: Device
    public let drivers: [Int]
    public let listener: ListenerPose
    public let head: any HeadModel
    public let speedOfSound: Double
    /// Each driver's deviation from its model, a complex factor per entry of ``drivers`` (gain and
    /// phase: a production tolerance); nil: none.
    public var driverErrors: [Complex<Double>]?

    public init(
        device: Device, drivers: [Int], listener: ListenerPose, head: any HeadModel,
        speedOfSound: Double = SpeedOfSound.nominal, driverErrors: [Complex<Double>]? = nil
    ) {
        self.device = device
        self.drivers = drivers
        self.listener = listener
        self.head = head
        self.speedOfSound = speedOfSound
        self.driverErrors = driverErrors
    }

    /// `count` copies of this plant whose drivers deviate by a gain uniform in ±`gainDB` dB and a
    /// phase uniform in ±`phaseDegrees`, drawn from a generator seeded with `seed` (reproducible).
    public func toleranceDraws(gainDB: Double, phaseDegrees: Double, count: Int, seed: UInt64) -> [FreeFieldPlant] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            var copy = self
            copy.driverErrors = drivers.map { _ in
                let gain = pow(10, Double.random(in: -gainDB...gainDB, using: &generator) / 20)
                let phase = Double.random(in: -phaseDegrees...phaseDegrees, using: &generator) * Double.pi / 180
                return Complex(gain * cos(phase), gain * sin(phase))
            }
            return copy
        }
    }

    /// The nominal design geometry: the device at the origin facing +x, the listener `distance`
    /// metres in front with the ears `earHeight` above the device centre, facing it.
    public static func nominal(
        device: Device, drivers: [Int], head: any HeadModel, distance: Double = 2, earHeight: Double = 0.2
    ) -> FreeFieldPlant {
        var d = device
        d.position = .zero
        d.yawRadians = 0
        let seat = Vector3(distance, 0, earHeight)
        return FreeFieldPlant(device: d, drivers: drivers, listener: .facing(.zero, from: seat), head: head)
    }

    /// Propagation time from the device centre to the head centre, seconds: the bulk delay the
    /// canceller keeps (so its paths arrive with the others instead of being pulled earlier).
    public var bulkDelaySeconds: Double { (listener.position - device.position).length / speedOfSound }

    /// Arrival time of driver `index` (device driver index) at the head centre minus the bulk delay, seconds.
    public func relativeArrival(driver index: Int) -> Double {
        (listener.position - device.source(device.drivers[index]).position).length / speedOfSound - bulkDelaySeconds
    }

    /// H as `[ear][driver]` at each of `frequencies`: `result[k][e][d]`.
    public func matrices(frequencies: [Double]) -> [[[Complex<Double>]]] {
        var columns = [[[Complex<Double>]]]()  // [driver][ear][k]
        for index in drivers {
            let source = device.source(device.drivers[index])
            let path = listener.position - source.position
            let r = path.length
            let departure = path.normalized
            let incoming = listener.toHead((-path).normalized)
            let (left, right) = head.transferFunctions(direction: incoming, frequencies: frequencies)
            var ears = [[Complex<Double>]](repeating: [], count: 2)
            for (k, f) in frequencies.enumerated() {
                let g =
                    source.gain(toward: departure, frequency: f, speedOfSound: speedOfSound) / r
                let phase = -2 * Double.pi * f * r / speedOfSound
                let propagation = Complex(g * cos(phase), g * sin(phase))
                ears[0].append(propagation * left[k])
                ears[1].append(propagation * right[k])
            }
            if let error = driverErrors?[columns.count] { ears = ears.map { $0.map { $0 * error } } }
            columns.append(ears)
        }
        return frequencies.indices.map { k in (0..<2).map { e in columns.map { $0[e][k] } } }
    }
}
