import Foundation
import SoundstageDSP

/// A loudspeaker's (or driver's) measured directivity as an AES69 SOFA file in the
/// `FreeFieldDirectivityTF` convention: `Data.Real`/`Data.Imag` are M × R × N complex spectra at the
/// frequencies `N` (Hz), one receiver (microphone) per direction in `ReceiverPosition` (spherical:
/// azimuth and elevation in degrees, distance in metres; azimuth counter-clockwise from the source's
/// view, i.e. +90° to its left). Soundstage reads the first measurement (M = 1) and the magnitudes.
public struct SOFADirectivity: Sendable {
    /// Hz, as in the file.
    public var frequencies: [Double]
    /// Degrees, one per direction.
    public var azimuths: [Double], elevations: [Double]
    /// magnitudes[direction][frequency], linear.
    public var magnitudes: [[Double]]

    public init(frequencies: [Double], azimuths: [Double], elevations: [Double], magnitudes: [[Double]]) {
        self.frequencies = frequencies
        self.azimuths = azimuths
        self.elevations = elevations
        self.magnitudes = magnitudes
    }

    /// Reads the file; errors name it and what is wrong.
    public static func read(path: String) throws -> SOFADirectivity {
        let file = try NetCDFReader.openSOFA(path, dataType: "TF", convention: "FreeFieldDirectivityTF")
        let (shape, real) = try file.doubles("Data.Real")
        let imaginary = try file.doubles("Data.Imag")
        let frequencies = try file.doubles("N").values
        let positions = try file.doubles("ReceiverPosition")
        guard shape.count == 3, imaginary.shape == shape, shape[2] == frequencies.count, shape[1] >= 2,
            positions.values.count == 3 * shape[1]
        else {
            throw AudioFileError.malformed(
                path: path, reason: "expected Data.Real/Imag M × R × N with R receiver positions and N frequencies")
        }
        let (r, n) = (shape[1], shape[2])
        let magnitudes = (0..<r).map { d in
            (0..<n).map { k in hypot(real[d * n + k], imaginary.values[d * n + k]) }
        }
        return SOFADirectivity(
            frequencies: frequencies, azimuths: (0..<r).map { positions.values[3 * $0] },
            elevations: (0..<r).map { positions.values[3 * $0 + 1] }, magnitudes: magnitudes)
    }

    /// Writes the file (M = 1, E = 1), atomically.
    public func write(to path: String, title: String) throws {
        let (r, n) = (magnitudes.count, frequencies.count)
        var file = try NetCDFFile(creating: path)
        do {
            for (name, length) in [("I", 1), ("C", 3), ("M", 1), ("R", r), ("E", 1), ("N", n)] {
                try file.defineDimension(name, length: length)
            }
            try file.setSOFAAttributes(
                convention: "FreeFieldDirectivityTF", version: "1.1", dataType: "TF", roomType: "free field",
                title: title, applicationVersion: "1",
                extra: [
                    ("DatabaseName", "Soundstage"), ("SourceType", "loudspeaker driver"), ("SourceManufacturer", "-"),
                ])
            let spherical = [("Type", "spherical"), ("Units", "degree, degree, metre")]
            try file.defineVariable(
                "ListenerPosition", dimensions: ["I", "C"], values: [0, 0, 0],
                attributes: [("Type", "cartesian"), ("Units", "metre")])
            try file.defineVariable(
                "ReceiverPosition", dimensions: ["R", "C"],
                values: zip(azimuths, elevations).flatMap { [$0, $1, 1] }, attributes: spherical)
            try file.defineVariable(
                "SourcePosition", dimensions: ["I", "C"], values: [0, 0, 0],
                attributes: [("Type", "cartesian"), ("Units", "metre")])
            try file.defineVariable(
                "EmitterPosition", dimensions: ["E", "C"], values: [0, 0, 0],
                attributes: [("Type", "cartesian"), ("Units", "metre")])
            try file.defineVariable("Data.Real", dimensions: ["M", "R", "N"], values: magnitudes.flatMap { $0 })
            try file.defineVariable(
                "Data.Imag", dimensions: ["M", "R", "N"], values: [Double](repeating: 0, count: r * n))
            try file.defineVariable(
                "N", dimensions: ["N"], values: frequencies,
                attributes: [("LongName", "frequency"), ("Units", "hertz")])
            try file.commit()
        } catch {
            file.abandon()
            throw error
        }
    }
}
