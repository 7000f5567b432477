import Binaural
import Evaluation
import Foundation
import FoundationXML
import Reports
import RoomAcoustics
import RoomMetrics
import SceneFiles
import Soundstage
import SoundstageDSP
import SpatialChain
import Testing

#if canImport(FoundationXML)
#endif

@Suite("Studies, sweeps, summaries and the regression gate")
struct StudyTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Parses a study written inline as if it lived in Studies/ (so ../Rooms/… resolves).
    static func study(_ yaml: String) throws -> Study {
        try StudyFile.parse(SceneNode.parse(yaml: yaml, file: root.appendingPathComponent("Studies/test.yaml").path))
    }

    @Test("Percentiles, median and standard deviation match numpy (type 7, ddof = 1)")
    func statistics() {
        #expect(abs(Statistics.percentile([1, 2, 3, 4], 10)! - 1.3) < 1e-12)
        #expect(abs(Statistics.percentile([5, 1, 9, 3, 7], 95)! - 8.6) < 1e-12)
        #expect(Statistics.median([3, 1, 2]) == 2)
        #expect(abs(Statistics.standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])! - 2.138089935299395) < 1e-12)
        #expect(Statistics.median([]) == nil)
    }

    @Test("Shards partition the seats: each seat in exactly one of N shards")
    func shards() throws {
        let shards = (1...3).map { Shard(index: $0, count: 3) }
        for seat in 0..<50 { #expect(shards.filter { $0.contains(seat) }.count == 1) }
        #expect(try Shard(parsing: "2/8", source: "test") == Shard(index: 2, count: 8))
        #expect(throws: InputError.self) { try Shard(parsing: "9/8", source: "test") }
    }

    @Test("results.csv reads back into the same rows and the same text")
    func csvRoundTrip() throws {
        let metrics = SeatMetrics([
            .width: 52.123456, .centerError: -0.0001, .leftImageSpread: 1, .rightImageSpread: 2, .centerImageSpread: 3,
            .leftImageConfidence: 0.5, .rightImageConfidence: 0.25, .centerImageConfidence: 1,
            .separation: 16.5, .iaccE3: 0.91234, .iaccL3: 0.2,
            .coherence: 0.5,
            .criticalDistance: 0.8123, .coloration: 3.3, .c80: 4.25,
        ])
        let rows = [
            ResultRow(
                room: "living-room", mode: "spatial", seat: 7, position: Vector3(2.3, 2.25, 1.1), yawDegrees: 180,
                metrics: metrics)
        ]
        let text = ResultTable.csv(rows)
        #expect(
            text.contains(",52.12,0.00,,,,1.00,2.00,3.00,0.500,0.250,1.000,16.50,,,,,0.9123,"),
            "negative zero and decimals: \(text)")
        let parsed = try ResultTable.parse(text, file: "results.csv")
        #expect(ResultTable.csv(parsed) == text)
        #expect(parsed[0].metrics[.drr] == nil && parsed[0].metrics[.c80] == 4.25)
        #expect(throws: InputError.self) { try ResultTable.parse("room,mode\n", file: "x.csv") }
    }

    @Test(
        "Bad study files fail before any work, naming the file, the key and the problem",
        arguments: [
            (
                "rooms: [../Rooms/living-room.yaml]\nseats: ../Listeners/sofa-grid.yaml\nmodes: [spatial, surround]",
                "key 'modes[1]': unknown mode 'surround'"
            ),
            (
                "rooms: [../Rooms/no-such-room.yaml]\nseats: ../Listeners/sofa-grid.yaml\nmodes: [spatial]",
                "no-such-room.yaml: no such file"
            ),
            (
                "rooms: [{file: ../Rooms/small-room.yaml, device: {position: [0.5, 2.0, 1.0]}}]\nseats: {grid: {x: [1, "
                    + "9], y: [0, 0], spacing: 1}}\nmodes: [spatial]",
                "outside the room 'small-room'"
            ),
            (
                "rooms: [../Rooms/living-room.yaml]\nseats: ../Listeners/sofa-grid.yaml\nmodes: [spatial]\nzones: {}",
                "unknown key 'zones'"
            ),
        ])
    func badStudies(yaml: String, message: String) {
        do {
            _ = try StudyTests.study(yaml)
            Issue.record("expected an error for \(yaml)")
        } catch { #expect("\(error)".contains(message), "\(error)") }
    }

    @Test("Several seat sets join in order, each seat keeping its ear height and grid spacing")
    func severalSeatSets() throws {
        let study = try StudyTests.study(
            """
            rooms: [../Rooms/living-room.yaml]
            seats: [../Listeners/sofa-grid.yaml, {line: {from: [2.0, 0.0], to: [2.0, 1.5], count: 7}, ear_height: 1.3}]
            modes: [spatial]
            """)
        #expect(study.seats.points.count == 232 && study.seats.name == "sofa-grid + inline")
        #expect(study.pose(room: 0, seat: 0).position.z == 1.1 && study.pose(room: 0, seat: 231).position.z == 1.3)
        let manifest = SweepManifest(study: study, shard: .whole)
        #expect(
            manifest.spacing(ofSeat: 224) == 0.25 && manifest.spacing(ofSeat: 225) == nil && manifest.spacing == nil)
        // The nominal seat comes from the first set: 2 m out on the axis of the sofa grid.
        let nominal = study.seats.points[manifest.nominalSeat]
        #expect(nominal.x == 2 && nominal.y == 0)
        #expect(manifest.nominalSeat < 225 && manifest.axisSeats.contains(225))
    }

    @Test("A sweep gives the same rows on one thread and on two")
    func parallelMatchesSerial() throws {
        let study = try StudyTests.study(
            """
            rooms: [{file: ../Rooms/small-room.yaml, device: {position: [0.5, 2.0, 1.0]}}]
            seats: {line: {from: [1.0, -0.5], to: [2.0, 0.5], count: 3}}
            modes: [reference, spatial]
            """)
        let signals = try StudySignals(study: study)
        let serial = StudySweep.run(study, signals: signals, jobs: 1)
        let parallel = StudySweep.run(study, signals: signals, jobs: 2)
        #expect(serial.count == 6)
        #expect(serial == parallel)
    }

    @Test("A signal two modes share is analysed once: spatial after ctc reads what spatial alone reads")
    func sharedSignals() throws {
        let study = try StudyTests.study(
            """
            rooms: [{file: ../Rooms/small-room.yaml, device: {position: [0.5, 2.0, 1.0]}}]
            seats: {line: {from: [1.5, 0.3], to: [1.8, 0.3], count: 2}}
            modes: [ctc, spatial]
            """)
        let signals = try StudySignals(study: study)
        let pose = study.pose(room: 0, seat: 0)
        let both = SeatEvaluator(room: study.rooms[0], modes: [.ctc, .spatial], signals: signals).evaluate(pose)
        let alone = SeatEvaluator(room: study.rooms[0], modes: [.spatial], signals: signals).evaluate(pose)
        #expect(both[1] == alone[0])
        // ctc's hard-left and hard-right inputs reach the drivers as spatial's do (the upmix's centre
        // of a hard-panned input is exactly zero), so those two signals are shared and the metrics they
        // alone decide agree; the centre signal differs.
        #expect(both[0][.leftImage] == both[1][.leftImage] && both[0][.rightImage] == both[1][.rightImage])
        #expect(both[0][.lagLead] != both[1][.lagLead] || both[0][.centerImage] != both[1][.centerImage])
    }

    @Test("Living room, reference pair on the axis: DRR against each speaker's distance gives the theory's r_c (25 %)")
    func referencePairCriticalDistance() throws {
        // The fit reads DRR against source_distance_m, which for a pair counts each speaker at its own
        // distance; the theory uses one speaker's Q (the pair's speakers add energies in the room).
        let study = try StudyTests.study(
            """
            rooms: [../Rooms/living-room.yaml]
            seats: {line: {from: [0.8, 0.0], to: [4.8, 0.0], count: 9}}
            modes: [reference]
            """)
        let rows = StudySweep.run(study, signals: try StudySignals(study: study), jobs: 2)
        let pairs = rows.compactMap { row in
            row.metrics[.sourceDistance].flatMap { r in row.metrics[.drr].map { (distance: r, drrDB: $0) } }
        }
        let fitted = try #require(CriticalDistance.fit(pairs)?.criticalDistance)
        let theory = try #require(Statistics.percentile(rows.compactMap { $0.metrics[.criticalDistance] }, 50))
        #expect(pairs.count == 9 && abs(fitted / theory - 1) < 0.25, "fitted \(fitted) m, theory \(theory) m")
    }

    @Test("Designed on the structural head (the default), evaluated on KEMAR: ≥ 10 dB free-field separation")
    func otherDesignHead() throws {
        // Issue 16's check against the inverse crime: the chain never sees the head it is scored on.
        let study = try StudyTests.study(
            """
            rooms: [../Rooms/anechoic.yaml]
            seats: ../Listeners/nominal-seat.yaml
            modes: [ctc]
            head: ../Listeners/kemar.yaml
            """)
        #expect(study.designHead is StructuralHead && study.head is SOFAHead)
        let rows = StudySweep.run(study, signals: try StudySignals(study: study), jobs: 2)
        let separation = try #require(rows.first?.metrics[.separation])
        #expect(separation >= 10, "separation \(separation) dB")
    }

    /// A filter set longer than the chain's own (the matrix taps delayed by 8 000 samples, 13 000 taps
    /// against 5 000): the sweep must keep all of it. A common delay does not move an image, so the
    /// reference is `matrix` itself: the same width, centre error and separation at every seat.
    @Test("A filter set longer than the built-in filters is swept whole: a delayed matrix reads as matrix")
    func longFilterSet() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("soundstage-long-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let device = try DeviceFile.load("echo-studio")
        let processor = try SpatialProcessor(device: device, head: StructuralHead(), sampleRate: 48000)
        let matrix = try #require(processor.filterSet(.matrix))
        let delayed = try FilterSet(
            sampleRate: 48000, taps: matrix.taps.map { $0.map { [Double](repeating: 0, count: 8000) + $0 } })
        let path = folder.appendingPathComponent("delayed.wav").path
        try FilterSetFile.write(delayed, device: device, to: path)
        let study = try StudyTests.study(
            """
            rooms: [../Rooms/anechoic.yaml]
            seats: {seats: [[2.0, 0.0], [2.0, 0.5], [3.0, -0.5]], ear_height: 1.1}
            modes: [matrix, {name: delayed, filters: \(path)}]
            """)
        let rows = StudySweep.run(study, signals: try StudySignals(study: study), jobs: 2)
        for seat in 0..<3 {
            let pair = rows.filter { $0.seat == seat }
            let (a, b) = (pair.first { $0.mode == "matrix" }, pair.first { $0.mode == "delayed" })
            for metric in [SeatMetric.width, .centerError, .separation] {
                let (x, y) = (try #require(a?.metrics[metric]), try #require(b?.metrics[metric]))
                #expect(abs(x - y) < 0.05, "seat \(seat) \(metric): \(x) vs \(y)")
            }
        }
    }

    /// A manifest for synthetic rows: one 1 × 1 m room, a 0.5 m grid, two modes.
    static let manifest = """
        {"study": "synthetic", "description": "", "head": "sphere", "modes": ["reference", "spatial"],
         "seats": {"set": "grid", "count": 4, "parts": [{"name": "grid", "count": 4, "spacing_m": 0.5}],
                   "nominal": 0, "axis": [0, 1, 2, 3]},
         "zone": {"max_center_error_deg": 10, "min_width_deg": 40, "max_width_deg": 120}, "image_model": "test",
         "scene_hash": "0123456789abcdef", "setup_hash": "fedcba9876543210",
         "rooms": [{"name": "box", "file": "box.yaml", "outline": [[0, 0], [6, 0], [6, 2], [0, 2]],
                    "device": {"position": [0, 1, 1], "yaw_deg": 0},
                    "reference_speakers": [[0.27, 0, 1], [0.27, 2, 1]]}],
         "shard": "1/1"}
        """

    /// Seats at 1, 2, 4 and 8 m on the axis with DRR = 10 − 20·log10(r) dB and chosen image values.
    static func rows(width: [Double], centre: [Double], mode: String) -> [ResultRow] {
        (0..<4).map { i in
            let r: Double = [1.0, 2, 4, 8][i]
            let m = SeatMetrics([
                .width: width[i], .centerError: centre[i], .separation: 10, .iaccE3: 0.5, .iaccL3: 0.3, .coherence: 0.6,
                .drr: 10 - 20 * log10(r), .sourceDistance: r, .criticalDistance: 1, .coloration: 0, .t30: 0.5, .c80: 3,
            ])
            return ResultRow(room: "box", mode: mode, seat: i, position: Vector3(r, 1, 1), yawDegrees: 180, metrics: m)
        }
    }

    static func summary(spatialWidth: [Double] = [60, 50, 45, 30]) throws -> StudySummary {
        let manifest = try SweepManifest.parse(StudyTests.manifest, file: "study.json")
        let rows =
            StudyTests.rows(width: [60, 60, 60, 60], centre: [0, 0, 0, 0], mode: "reference")
            + StudyTests.rows(width: spatialWidth, centre: [0, 12, -5, 3], mode: "spatial")
        return StudySummary(manifest: manifest, rows: rows)
    }

    static func value(_ summary: StudySummary, _ mode: String, _ key: String) -> Double? {
        summary.rooms[0].values[mode]![SummaryAggregate.all.firstIndex { $0.key == key }!]
    }

    @Test("Zone area counts the seats within both thresholds; the axis fit finds DRR = 0 dB at 10^(10/20) m")
    func zoneAndCriticalDistance() throws {
        let summary = try StudyTests.summary()
        // spatial: seat 0 (60°, 0°) and seat 2 (45°, −5°) qualify; seat 1 fails the centre, seat 3 the width.
        #expect(StudyTests.value(summary, "spatial", "zone_area_m2") == 2 * 0.25)
        #expect(StudyTests.value(summary, "reference", "zone_area_m2") == 4 * 0.25)
        #expect(abs(StudyTests.value(summary, "spatial", "critical_distance_measured_m")! - 3.1622776601683795) < 1e-9)
        #expect(abs(StudyTests.value(summary, "spatial", "drr_slope_db_per_decade")! + 20) < 1e-9)
        #expect(StudyTests.value(summary, "spatial", "width_median_deg") == 47.5)
        #expect(abs(StudyTests.value(summary, "spatial", "center_error_p95_deg")! - 10.95) < 1e-9)
    }

    @Test("The gate passes an unchanged summary and names what got worse, beyond tolerance only")
    func gate() throws {
        let baseline = try StudyTests.summary().json()
        #expect(try RegressionGate.compare(baseline: baseline, current: baseline, baselineFile: "b.json").isEmpty)
        // Within tolerance (median width −1°): nothing. Beyond (−10°): width and zone metrics.
        let slightly = try StudyTests.summary(spatialWidth: [59, 49, 44, 29]).json()
        #expect(
            try RegressionGate.compare(baseline: baseline, current: slightly, baselineFile: "b.json").filter {
                $0.kind == .worse
            }.isEmpty)
        let worse = try StudyTests.summary(spatialWidth: [50, 40, 35, 20]).json()
        let findings = try RegressionGate.compare(baseline: baseline, current: worse, baselineFile: "b.json").filter {
            $0.kind == .worse
        }
        // The zone loses one seat: 0.25 m² is exactly the area tolerance, so only the fraction (0.25 > 0.03) counts.
        #expect(
            Set(findings.map(\.metric)) == ["nominal_width_deg", "width_median_deg", "width_p10_deg", "zone_fraction"])
        #expect(findings.allSatisfy { $0.mode == "spatial" && $0.room == "box" })
        #expect(RegressionGate.table(findings).contains("width_median_deg"))
        #expect(throws: InputError.self) {
            try RegressionGate.compare(baseline: .object([]), current: baseline, baselineFile: "b.json")
        }
    }

    @Test("Every map is well-formed SVG with the room outline, the device and a colour bar")
    func mapsParse() throws {
        let manifest = try SweepManifest.parse(StudyTests.manifest, file: "study.json")
        let rows = StudyTests.rows(width: [60, 50, 45, 30], centre: [0, 12, -5, 3], mode: "spatial")
        for metric in ZoneMap.metrics {
            let svg = ZoneMap.svg(
                room: manifest.rooms[0], mode: "spatial", metric: metric, rows: rows, spacing: { _ in 0.5 },
                zoneSeats: [0, 2],
                nominalSeat: 0, zone: manifest.zone)
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "\(metric.metric.descriptor.column) does not parse: \(parser.parserError as Any)")
            #expect(svg.contains("<polygon") && svg.contains(">device<") && svg.contains(metric.scale.unit))
        }
    }
}
