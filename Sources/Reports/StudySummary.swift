import Evaluation
import Foundation
import RoomAcoustics
import RoomMetrics
import SoundstageDSP

/// The summary of a sweep: every aggregate per room × mode (`summary.json`, `summary.md`).
public struct StudySummary: Sendable {
    public struct RoomSummary: Sendable {
        public var name: String
        /// values[mode][metric index], nil where the metric has no value (e.g. no zone area for a seat list).
        public var values: [String: [Double?]]
        public var nominalPosition: Vector3?

        /// The aggregates of `mode` in ``SummaryAggregate/all``'s order; all nil for a mode the room has no rows of.
        public func values(of mode: String) -> [Double?] {
            values[mode] ?? [Double?](repeating: nil, count: SummaryAggregate.all.count)
        }
    }

    public let manifest: SweepManifest
    public let rooms: [RoomSummary]

    /// Aggregates `rows` (all of them: every room, seat and mode of the manifest).
    public init(manifest: SweepManifest, rows: [ResultRow]) {
        self.manifest = manifest
        rooms = manifest.rooms.map { room in
            var values = [String: [Double?]]()
            var nominalPosition: Vector3?
            for mode in manifest.modes {
                let mine = rows.filter { $0.room == room.name && $0.mode == mode }
                let zone = mine.filter { manifest.zone.contains($0.metrics) }
                let nominal = mine.first { $0.seat == manifest.nominalSeat }
                nominalPosition = nominal?.position ?? nominalPosition
                let cells = mine.map { manifest.spacing(ofSeat: $0.seat) }
                let zoneCells = zone.compactMap { manifest.spacing(ofSeat: $0.seat) }
                let zoneArea = cells.contains(nil) ? nil : zoneCells.reduce(0.0) { $0 + pow($1, 2) }
                let input = SummaryInput(
                    rows: mine.map(\.metrics), seats: mine.map(\.seat), nominal: nominal?.metrics,
                    zoneCount: zone.count, zoneArea: zoneArea, axisSeats: Set(manifest.axisSeats))
                values[mode] = SummaryAggregate.all.map { $0.value(input) }
            }
            return RoomSummary(name: room.name, values: values, nominalPosition: nominalPosition)
        }
    }

    /// `summary.json`: {study, zone, rooms: {room: {mode: {metric: value}}}}.
    public func json() -> JSONValue {
        .object([
            ("study", .string(manifest.study)),
            ("scene_hash", .string(manifest.identity.scene)), ("setup_hash", .string(manifest.identity.setup)),
            (
                "seats",
                .object([
                    ("set", .string(manifest.seatSet)), ("count", .number(Double(manifest.seatCount))),
                    ("spacing_m", .optional(manifest.spacing)),
                ])
            ),
            (
                "zone",
                .object([
                    ("max_center_error_deg", .number(manifest.zone.maxCenterErrorDegrees)),
                    ("min_width_deg", .number(manifest.zone.minWidthDegrees)),
                    ("max_width_deg", .number(manifest.zone.maxWidthDegrees)),
                ])
            ),
            (
                "rooms",
                .object(
                    rooms.map { room in
                        (
                            room.name,
                            .object(
                                manifest.modes.map { mode in
                                    (
                                        mode,
                                        .object(
                                            zip(SummaryAggregate.all, room.values(of: mode)).map { metric, value in
                                                (metric.key, .optional(value.map(StudySummary.rounded)))
                                            })
                                    )
                                })
                        )
                    })
            ),
        ])
    }

    /// Aggregates are written to 4 decimals: finer than any tolerance, stable in the last digit.
    static func rounded(_ x: Double) -> Double {
        let r = (x * 10_000).rounded() / 10_000
        return r == 0 ? 0 : r
    }
}
