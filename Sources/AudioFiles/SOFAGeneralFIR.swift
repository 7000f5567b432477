import Foundation
import SoundstageDSP

/// A set of FIR filters as an AES69 SOFA file in the `GeneralFIR` convention (SOFA 2.1):
/// `Data.IR` is M × R × N. Soundstage's filter sets use M = the inputs (L, R, or L′, R′, C),
/// R = the device's drivers (the "receivers" are the driver feeds; `ReceiverPosition` holds the
/// drivers' positions in the device frame, `ReceiverDescription` their names, comma-separated) and
/// N = the taps.
public struct SOFAGeneralFIR: Sendable {
    public var sampleRate: Double
    /// ir[m][r][n].
    public var ir: [[[Double]]]
    public var receiverPositions: [Vector3]
    public var receiverNames: [String]
    public var title: String

    public init(
        sampleRate: Double, ir: [[[Double]]], receiverPositions: [Vector3], receiverNames: [String], title: String
    ) {
        self.sampleRate = sampleRate
        self.ir = ir
        self.receiverPositions = receiverPositions
        self.receiverNames = receiverNames
        self.title = title
    }

    /// Writes the file atomically (a temporary file renamed into place).
    public func write(to path: String, applicationVersion: String) throws {
        let (m, r, n) = (ir.count, ir.first?.count ?? 0, ir.first?.first?.count ?? 0)
        guard m > 0, r > 0, n > 0, receiverPositions.count == r,
            ir.allSatisfy({ $0.count == r && $0.allSatisfy { $0.count == n } })
        else { throw AudioFileError.unwritable(path: path, reason: "filters do not form an M × R × N array") }
        var file = try NetCDFFile(creating: path)
        do {
            for (name, length) in [("I", 1), ("C", 3), ("M", m), ("R", r), ("E", 1), ("N", n)] {
                try file.defineDimension(name, length: length)
            }
            try file.setSOFAAttributes(
                convention: "GeneralFIR", version: "2.0", dataType: "FIR", roomType: "free field", title: title,
                applicationVersion: applicationVersion,
                extra: [
                    ("Comment", "A Soundstage filter set: M = inputs, R = driver feeds, N = taps."),
                    ("ReceiverDescription", receiverNames.joined(separator: ", ")),
                ])
            let cartesian = [("Type", "cartesian"), ("Units", "metre")]
            try file.defineVariable(
                "ListenerPosition", dimensions: ["I", "C"], values: [0, 0, 0], attributes: cartesian)
            try file.defineVariable(
                "ReceiverPosition", dimensions: ["R", "C"], values: receiverPositions.flatMap { [$0.x, $0.y, $0.z] },
                attributes: cartesian)
            try file.defineVariable(
                "SourcePosition", dimensions: ["I", "C"], values: [0, 0, 0], attributes: cartesian)
            try file.defineVariable(
                "EmitterPosition", dimensions: ["E", "C", "I"], values: [0, 0, 0], attributes: cartesian)
            try file.defineVariable("Data.IR", dimensions: ["M", "R", "N"], values: ir.flatMap { $0.flatMap { $0 } })
            try file.defineVariable(
                "Data.SamplingRate", dimensions: ["I"], values: [sampleRate], attributes: [("Units", "hertz")])
            try file.defineVariable("Data.Delay", dimensions: ["I", "R"], values: [Double](repeating: 0, count: r))
            try file.commit()
        } catch {
            file.abandon()
            throw error
        }
    }

    /// Reads `Data.IR` (M × R × N) and `Data.SamplingRate` of any SOFA file whose data type is FIR;
    /// a non-zero `Data.Delay` is refused (the taps must carry the whole response).
    public static func read(path: String) throws -> SOFAGeneralFIR {
        let file = try NetCDFReader.openSOFA(path, dataType: "FIR", convention: "GeneralFIR")
        let (shape, values) = try file.doubles("Data.IR")
        guard shape.count == 3, shape.allSatisfy({ $0 > 0 }) else {
            throw AudioFileError.malformed(path: path, reason: "Data.IR must be M × R × N, got \(shape)")
        }
        let rate = try file.doubles("Data.SamplingRate").values
        guard rate.count == 1, let fs = rate.first, fs > 0, fs.isFinite else {
            throw AudioFileError.malformed(path: path, reason: "Data.SamplingRate must be one positive rate")
        }
        if let delay = try? file.doubles("Data.Delay").values, delay.contains(where: { $0 != 0 }) {
            throw AudioFileError.malformed(path: path, reason: "non-zero Data.Delay: fold the delays into the taps")
        }
        guard values.allSatisfy(\.isFinite) else {
            throw AudioFileError.malformed(path: path, reason: "Data.IR contains NaN or infinity")
        }
        let (r, n) = (shape[1], shape[2])
        let ir = (0..<shape[0]).map { m in (0..<r).map { d in Array(values[(m * r + d) * n..<(m * r + d + 1) * n]) } }
        let names = file.attribute("ReceiverDescription")?.components(separatedBy: ", ") ?? []
        return SOFAGeneralFIR(
            sampleRate: fs, ir: ir, receiverPositions: [], receiverNames: names,
            title: file.attribute("Title") ?? "")
    }
}
