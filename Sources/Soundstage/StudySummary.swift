import Foundation
import Psychoacoustics
import RoomAcoustics

/// An aggregate of a room × mode's rows: its key in `summary.json`, how to read it, which way is
/// better and by how much it may move before the regression gate calls it worse.
public struct SummaryMetric: Sendable {
    public enum Better: String, Sendable { case higher, lower, neither }
    public var key: String
    public var label: String
    public var better: Better
    /// Worse than the baseline by more than this (in the metric's unit) is a regression.
    public var tolerance: Double
    let compute: @Sendable (SummaryInput) -> Double?

    /// Aggregates in report order. Tolerances sit above the run-to-run spread of a change that
    /// should not matter (a different FFT size, a resampled head), below a change anyone would hear.
    public static let all: [SummaryMetric] = [
        SummaryMetric(key: "nominal_width_deg", label: "width at the nominal seat (°)", better: .higher, tolerance: 2) { $0.nominal?.widthDegrees },
        SummaryMetric(key: "nominal_abs_center_error_deg", label: "|centre error| at the nominal seat (°)", better: .lower, tolerance: 2) {
            $0.nominal.map { abs($0.centreErrorDegrees) }
        },
        SummaryMetric(key: "nominal_separation_db", label: "separation at the nominal seat (dB)", better: .higher, tolerance: 1) { $0.nominal?.separationDB },
        SummaryMetric(key: "zone_area_m2", label: "listening-zone area (m²)", better: .higher, tolerance: 0.25) { $0.zoneArea },
        SummaryMetric(key: "zone_fraction", label: "seats in the listening zone (fraction)", better: .higher, tolerance: 0.03) {
            Double($0.zoneCount) / Double(max($0.rows.count, 1))
        },
        SummaryMetric(key: "width_median_deg", label: "width, median (°)", better: .higher, tolerance: 2) { Statistics.median($0.rows.map(\.widthDegrees)) },
        SummaryMetric(key: "width_p10_deg", label: "width, 10th percentile (°)", better: .higher, tolerance: 3) {
            Statistics.percentile($0.rows.map(\.widthDegrees), 10)
        },
        SummaryMetric(key: "center_error_sd_deg", label: "centre error, standard deviation (°)", better: .lower, tolerance: 1) {
            Statistics.standardDeviation($0.rows.map(\.centreErrorDegrees))
        },
        SummaryMetric(key: "center_error_p95_deg", label: "|centre error|, 95th percentile (°)", better: .lower, tolerance: 2) {
            Statistics.percentile($0.rows.map { abs($0.centreErrorDegrees) }, 95)
        },
        SummaryMetric(key: "separation_median_db", label: "separation, median (dB)", better: .higher, tolerance: 1) {
            Statistics.median($0.rows.map(\.separationDB))
        },
        SummaryMetric(key: "drr_median_db", label: "DRR, median (dB)", better: .higher, tolerance: 0.5) { Statistics.median($0.rows.compactMap(\.drrDB)) },
        SummaryMetric(key: "critical_distance_m", label: "critical distance, theory with measured Q and T (m)", better: .higher, tolerance: 0.05) {
            Statistics.median($0.rows.compactMap(\.criticalDistanceMetres))
        },
        SummaryMetric(key: "critical_distance_measured_m", label: "critical distance, measured from DRR on the axis (m)", better: .higher, tolerance: 0.15) {
            CriticalDistanceFit.onAxis($0)
        },
        SummaryMetric(key: "coloration_median_db", label: "coloration re reference, median (dB)", better: .lower, tolerance: 0.5) {
            Statistics.median($0.rows.map(\.colorationDB))
        },
        SummaryMetric(key: "coherence_median", label: "centre coherence 0.5–2 kHz, median", better: .neither, tolerance: 0) {
            Statistics.median($0.rows.map(\.coherence))
        },
        SummaryMetric(key: "iacc_e3_median", label: "IACC_E3, median", better: .neither, tolerance: 0) { Statistics.median($0.rows.map(\.iaccE3)) },
        SummaryMetric(key: "t30_median_s", label: "T30, median (s)", better: .neither, tolerance: 0) { Statistics.median($0.rows.compactMap(\.t30Seconds)) },
        SummaryMetric(key: "c80_median_db", label: "C80, median (dB)", better: .neither, tolerance: 0) { Statistics.median($0.rows.compactMap(\.c80DB)) },
    ]
}

/// The rows one aggregate reads: one room, one mode.
public struct SummaryInput: Sendable {
    public var rows: [SeatMetrics]
    public var seats: [Int]
    public var positions: [Vector3]
    public var nominal: SeatMetrics?
    /// Seats in the zone and the floor area they stand for (nil when a seat is not on a grid).
    public var zoneCount: Int
    public var zoneArea: Double?
    public var axisSeats: Set<Int>
    public var devicePosition: Vector3
}

/// Order statistics used by the summary.
public enum Statistics {
    /// The p-th percentile (0…100) by linear interpolation between order statistics (Hyndman & Fan
    /// type 7, numpy's default); nil for no values.
    public static func percentile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let h = Double(sorted.count - 1) * p / 100
        let i = Int(h.rounded(.down)), w = h - Double(i)
        return i + 1 < sorted.count ? sorted[i] + w * (sorted[i + 1] - sorted[i]) : sorted[i]
    }

    public static func median(_ values: [Double]) -> Double? { percentile(values, 50) }

    /// Sample standard deviation (n − 1); 0 for one value, nil for none.
    public static func standardDeviation(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        guard values.count > 1 else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
    }
}

enum CriticalDistanceFit {
    /// The distance where the centre path's DRR crosses 0 dB, fitted over the seats on the device's
    /// axis (DRR against 20·log10 r, see `CriticalDistance.measured`).
    static func onAxis(_ input: SummaryInput) -> Double? {
        let pairs = zip(zip(input.seats, input.positions), input.rows).compactMap { seatAndPosition, row -> (distance: Double, drrDB: Double)? in
            guard input.axisSeats.contains(seatAndPosition.0), let drr = row.drrDB else { return nil }
            return ((seatAndPosition.1 - input.devicePosition).length, drr)
        }
        return CriticalDistance.measured(pairs)
    }
}

/// The summary of a sweep: every aggregate per room × mode (`summary.json`, `summary.md`).
public struct StudySummary: Sendable {
    public struct RoomSummary: Sendable {
        public var name: String
        /// values[mode][metric index], nil where the metric has no value (e.g. no zone area for a seat list).
        public var values: [String: [Double?]]
        public var nominalPosition: Vector3?
    }

    public let manifest: SweepManifest
    public let rooms: [RoomSummary]

    /// Aggregates `rows` (all of them: every room, seat and mode of the manifest).
    public init(manifest: SweepManifest, rows: [ResultRow]) {
        self.manifest = manifest
        rooms = manifest.rooms.map { room in
            let device = Vector3(room.devicePosition[0], room.devicePosition[1], room.devicePosition[2])
            var values = [String: [Double?]]()
            var nominalPosition: Vector3?
            for mode in manifest.modes {
                let mine = rows.filter { $0.room == room.name && $0.mode == mode }
                let zone = mine.filter { manifest.zone.contains($0.metrics) }
                let nominal = mine.first { $0.seat == manifest.nominalSeat }
                nominalPosition = nominal?.position ?? nominalPosition
                let cells = mine.map { manifest.spacing(ofSeat: $0.seat) }
                let zoneArea = cells.contains(nil) ? nil : zone.reduce(0.0) { area, row in area + pow(manifest.spacing(ofSeat: row.seat)!, 2) }
                let input = SummaryInput(rows: mine.map(\.metrics), seats: mine.map(\.seat), positions: mine.map(\.position), nominal: nominal?.metrics,
                                         zoneCount: zone.count, zoneArea: zoneArea, axisSeats: Set(manifest.axisSeats), devicePosition: device)
                values[mode] = SummaryMetric.all.map { $0.compute(input) }
            }
            return RoomSummary(name: room.name, values: values, nominalPosition: nominalPosition)
        }
    }

    /// `summary.json`: {study, zone, rooms: {room: {mode: {metric: value}}}}.
    public func json() -> JSONValue {
        .object([
            ("study", .string(manifest.study)),
            ("seats", .object([("set", .string(manifest.seatSet)), ("count", .number(Double(manifest.seatCount))), ("spacing_m", .optional(manifest.spacing))])),
            ("zone", .object([("max_center_error_deg", .number(manifest.zone.maxCentreErrorDegrees)), ("min_width_deg", .number(manifest.zone.minWidthDegrees))])),
            ("rooms", .object(rooms.map { room in
                (room.name, .object(manifest.modes.map { mode in
                    (mode, .object(zip(SummaryMetric.all, room.values[mode]!).map { metric, value in (metric.key, .optional(value.map(StudySummary.rounded))) }))
                }))
            })),
        ])
    }

    /// Aggregates are written to 4 decimals: finer than any tolerance, stable in the last digit.
    static func rounded(_ x: Double) -> Double {
        let r = (x * 10_000).rounded() / 10_000
        return r == 0 ? 0 : r
    }
}
