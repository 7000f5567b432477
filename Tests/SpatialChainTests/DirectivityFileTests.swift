import AudioFiles
import Foundation
import RoomAcoustics
import SceneFiles
import SoundstageDSP
import Testing

@Suite("Measured directivity files")
struct DirectivityFileTests {
    /// A 2.2 cm piston written as a SOFA FreeFieldDirectivityTF file the way measurements come: azimuths
    /// 0…355° (not ±180°), single points at the poles, complex data. Read back, the pattern must match
    /// the analytic 2·J1(ka sin θ)/(ka sin θ) within 0.2 dB between the grid points, as the CSV path does.
    @Test("A SOFA FreeFieldDirectivityTF piston reads back within 0.2 dB of the analytic pattern")
    func sofaPiston() throws {
        let piston = Directivity.piston(radius: 0.022)
        let frequencies = [1000.0, 2000, 4000, 8000]
        var azimuths = [Double](), elevations = [Double]()
        for e in stride(from: -90.0, through: 90, by: 5) {
            for a in abs(e) == 90 ? [0.0] : stride(from: 0.0, to: 360, by: 5).map({ $0 }) {
                azimuths.append(a)
                elevations.append(e)
            }
        }
        let magnitudes = zip(azimuths, elevations).map { a, e in
            frequencies.map { f in
                abs(piston.gain(cosAngle: cos(e * .pi / 180) * cos(a * .pi / 180), frequency: f, speedOfSound: 343))
            }
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("piston-\(UUID()).sofa").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SOFADirectivity(
            frequencies: frequencies, azimuths: azimuths, elevations: elevations, magnitudes: magnitudes
        )
        .write(to: path, title: "piston")
        let data = try DirectivityFile.load(path)
        for f in [2000.0, 8000] {
            for (a, e) in [(12.5, 2.5), (-47.5, 17.5), (101.5, -33.5), (-160.5, 62.5)] {
                let u = Vector3(
                    cos(e * .pi / 180) * cos(a * .pi / 180), cos(e * .pi / 180) * sin(a * .pi / 180), sin(e * .pi / 180)
                )
                let expected = piston.gain(cosAngle: u.x, frequency: f, speedOfSound: 343)
                guard expected > 0.1 else { continue }
                #expect(abs(20 * log10(data.gain(toward: u, frequency: f) / expected)) < 0.2, "\(f) Hz at \(a)°, \(e)°")
            }
        }
    }

    @Test("A SOFA directivity whose directions are not a grid names the missing direction")
    func holeInGrid() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("holey-\(UUID()).sofa").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SOFADirectivity(
            frequencies: [1000], azimuths: [0, 90, 0], elevations: [0, 0, 30], magnitudes: [[1], [0.5], [0.7]]
        ).write(to: path, title: "holey")
        do {
            _ = try DirectivityFile.load(path)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("none at azimuth 90.0°, elevation 30.0°"), "\(error)")
        }
    }
}
