import Binaural
import Evaluation
import Foundation
import RoomAcoustics
import RoomMetrics
import SoundstageDSP

/// `soundstage hrtf`: a head's cues for one direction, with the metrics' own estimators.
public struct HRTFReport {
    public let head: any HeadModel
    public let azimuthDegrees: Double, elevationDegrees: Double
    public let sampleRate: Double
    /// The HRIR pair (1024 samples, head-centre arrival at 1 ms).
    public let hrir: (left: [Double], right: [Double])
    public let itdSeconds: Double
    public let ildDB: Double
    public let octaveILD: [(band: FrequencyBand, ildDB: Double)]

    public init(head: any HeadModel, azimuthDegrees: Double, elevationDegrees: Double, sampleRate: Double) {
        self.head = head
        self.azimuthDegrees = azimuthDegrees
        self.elevationDegrees = elevationDegrees
        self.sampleRate = sampleRate
        let d = HeadDirection.vector(
            azimuth: azimuthDegrees * Double.pi / 180, elevation: elevationDegrees * Double.pi / 180)
        hrir = HRIR.pair(head: head, direction: d, sampleRate: sampleRate, length: 1024)
        let ears = EarSignals(left: hrir.left, right: hrir.right, sampleRate: sampleRate)
        itdSeconds = InterauralCues.itd(ears)
        ildDB = InterauralCues.ild(ears)
        octaveILD = FrequencyBands.octaves(from: 125, to: 16000).filter { $0.upper < sampleRate / 2 }.map {
            ($0, InterauralCues.ild(ears, low: $0.lower, high: $0.upper))
        }
    }

    public var json: JSONValue {
        .object([
            ("head", .string(head.name)), ("azimuth_deg", .number(azimuthDegrees)),
            ("elevation_deg", .number(elevationDegrees)),
            ("itd_us", .number(itdSeconds * 1e6)), ("ild_db", .number(ildDB)),
            ("octaves", .object(octaveILD.map { ($0.band.label, .object([("ild_db", .number($0.ildDB))])) })),
        ])
    }

    public var table: String {
        var out = "\(head.name), azimuth \(azimuthDegrees)°, elevation \(elevationDegrees)°\n"
        out += String(format: "ITD  %8.1f µs (positive: right ear lags)\n", itdSeconds * 1e6)
        out += String(format: "ILD  %8.2f dB broadband (positive: left louder)\n", ildDB)
        for o in octaveILD { out += TextTable.pad("  \(o.band.label) Hz", 12) + String(format: "%8.2f dB\n", o.ildDB) }
        return out
    }
}
