import Foundation
import RoomAcoustics
import SoundstageDSP
import Testing

@Suite("Measured directivity")
struct MeasuredDirectivityTests {
    static let c = 343.0
    /// The simulator's octave bands (63 Hz–16 kHz): a measurement covering them.
    static let octaves = Absorption.bands.map(\.centre)

    /// The piston model sampled on a 5° grid at octave centres, as a measurement would be.
    static func sampledPiston(radius: Double) throws -> MeasuredDirectivity {
        let azimuths = stride(from: -180.0, to: 180, by: 5).map { $0 }
        let elevations = stride(from: -90.0, through: 90, by: 5).map { $0 }
        let piston = Directivity.piston(radius: radius)
        let magnitudes = octaves.map { f in
            elevations.map { e in
                azimuths.map { a -> Double in
                    let u = Vector3(cos(e * .pi / 180) * cos(a * .pi / 180), cos(e * .pi / 180) * sin(a * .pi / 180), 0)
                    return abs(piston.gain(cosAngle: u.x, frequency: f, speedOfSound: c))  // a magnitude
                }
            }
        }
        return try MeasuredDirectivity(
            name: "piston", frequencies: octaves, azimuths: azimuths, elevations: elevations, magnitudes: magnitudes)
    }

    /// Reference: the analytic baffled-piston pattern 2·J1(ka sin θ)/(ka sin θ) at directions between
    /// the grid points. Bilinear interpolation on a 5° grid of a pattern this smooth (ka ≤ 3.2) is good
    /// to 0.2 dB wherever the pattern is within 20 dB of its axis.
    @Test("A piston sampled on a 5° grid reads back within 0.2 dB of the analytic pattern between grid points")
    func interpolatesThePiston() throws {
        let data = try MeasuredDirectivityTests.sampledPiston(radius: 0.022)
        let piston = Directivity.piston(radius: 0.022)
        for f in [
            MeasuredDirectivityTests.octaves[4], MeasuredDirectivityTests.octaves[6],
            MeasuredDirectivityTests.octaves[7],
        ] {
            for (a, e) in [(12.5, 2.5), (47.5, -17.5), (-72.5, 33.5), (101.5, 7.5), (-160.5, -62.5)] {
                let u = Vector3(
                    cos(e * .pi / 180) * cos(a * .pi / 180), cos(e * .pi / 180) * sin(a * .pi / 180), sin(e * .pi / 180)
                )
                let expected = piston.gain(cosAngle: u.x, frequency: f, speedOfSound: MeasuredDirectivityTests.c)
                guard expected > 0.1 else { continue }
                let measured = data.gain(toward: u, frequency: f)
                #expect(abs(20 * log10(measured / expected)) < 0.2, "\(f) Hz at \(a)°, \(e)°")
            }
        }
    }

    /// A pattern 0 dB to the axis's left (azimuth +90°) and −20 dB to its right, on a driver whose
    /// axis is the device's front, in a device turned 90° (facing room +y): its left is room −x.
    @Test("A non-axisymmetric pattern turns with the device: the driver's left is where the geometry says")
    func followsTheFrame() throws {
        let azimuths = [-180.0, -90, 0, 90], elevations = [-90.0, 0, 90]
        let row = [0.1, 0.1, 1, 1.0]  // gain at azimuth −180, −90, 0, +90
        let data = try MeasuredDirectivity(
            name: "sided", frequencies: [1000], azimuths: azimuths, elevations: elevations,
            magnitudes: [[row, row, row]])
        let device = Device(
            name: "d",
            drivers: [Driver(name: "x", position: .zero, axis: Vector3(1, 0, 0), directivity: .measured(data))],
            yawRadians: Double.pi / 2)
        let source = device.source(device.drivers[0])
        let left = source.gain(toward: Vector3(-1, 0, 0), frequency: 1000, speedOfSound: 343)
        let right = source.gain(toward: Vector3(1, 0, 0), frequency: 1000, speedOfSound: 343)
        #expect(abs(left - 1) < 1e-12 && abs(right - 0.1) < 1e-12)
    }

    /// The image-source simulator takes the measured pattern through its direction tables; the
    /// analytic piston through its cos θ tables: same room, same source, the responses' energies agree.
    /// (A 1.1 cm piston: ka ≤ 3.2 up to the 16 kHz octave, below J1's first zero, so the pattern has
    /// no sign changes that a magnitude measurement would lose.)
    @Test("A room response with the sampled piston carries the analytic piston's energy within 0.1 dB")
    func roomEnergyMatches() throws {
        let room = try uniformShoebox(5, 4, 2.8, alpha: 0.3)
        var o = options(duration: 0.3)
        o.sampleRate = fs
        let sim = RoomSimulator(room: room, options: o)
        let position = Vector3(1.2, 1.5, 1.1), axis = Vector3(1, 0.3, 0.2), receiver = Vector3(3.7, 2.6, 1.4)
        func energy(_ directivity: Directivity) -> Double {
            let source = SoundSource(position: position, axis: axis, directivity: directivity)
            return sim.impulseResponse(sim.prepare(source: source), receiver: receiver).reduce(0) { $0 + $1 * $1 }
        }
        let measured = energy(.measured(try MeasuredDirectivityTests.sampledPiston(radius: 0.011)))
        let analytic = energy(.piston(radius: 0.011))
        #expect(abs(10 * log10(measured / analytic)) < 0.1)
    }
}
