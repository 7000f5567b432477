import Evaluation
import Foundation
import RoomAcoustics

/// `study.json`: what a sweep ran — enough to rebuild its summary and maps from `results.csv`
/// alone, and to check that shards of one study belong together before merging them.
public struct SweepManifest: Sendable, Equatable {
    /// A room as the reports draw it.
    public struct RoomInfo: Sendable, Equatable {
        public var name: String
        public var file: String
        /// Floor outline (x, y) in metres, in order around the floor.
        public var outline: [[Double]]
        public var devicePosition: [Double]
        public var deviceYawDegrees: Double
        /// The ±30° reference pair's speakers, (x, y, z) in metres.
        public var referenceSpeakers: [[Double]]
    }

    public var study: String
    public var description: String
    public var head: String
    public var modes: [String]
    /// The seat set's name (several sets' names joined with " + ").
    public var seatSet: String
    public var seatCount: Int
    /// The seat sets in order: name, seat count, grid spacing in metres (nil for seat lists and
    /// lines: no zone area then).
    public var parts: [Part]
    public struct Part: Sendable, Equatable {
        public var name: String, count: Int, spacing: Double?
    }

    /// The grid spacing shared by every seat, or nil.
    public var spacing: Double? {
        guard let value = parts.first?.spacing, parts.allSatisfy({ $0.spacing == value }) else { return nil }
        return value
    }

    /// Grid spacing of seat `seat` (nil outside a grid).
    public func spacing(ofSeat seat: Int) -> Double? {
        var end = 0
        for part in parts {
            end += part.count
            if seat < end { return part.spacing }
        }
        return nil
    }
    /// Index of the nominal seat (the seat of the first set nearest its nominal point).
    public var nominalSeat: Int
    /// Indices of the seats on the device's axis (device-frame y = 0), for the measured critical distance.
    public var axisSeats: [Int]
    public var zone: Study.ZoneThresholds
    /// What produced the image metrics (the auditory model and its stimulus), as reported.
    public var imageModel: String
    public var rooms: [RoomInfo]
    public var shard: Shard
    /// What defines the results (see ``StudyIdentity``).
    public var identity: StudyIdentity

    /// The image model of this build: merged shards and baselines must name the same.
    public static let currentImageModel =
        "binaural model (ERB gammatone bands, coherence-selected ITD/ILD, precedence) on 200 ms pink-noise bursts,"
        + " expected cues"

    public init(study: Study, shard: Shard) {
        self.study = study.name
        description = study.description
        head = study.headName
        modes = study.modes.map(\.name)
        seatSet = study.seats.name
        seatCount = study.seats.points.count
        parts = study.seats.parts.map { Part(name: $0.name, count: $0.count, spacing: $0.spacing) }
        let points = study.seats.points, nominal = study.seats.nominal
        func distance(_ seat: Int) -> Double { hypot(points[seat].x - nominal.x, points[seat].y - nominal.y) }
        nominalSeat = points.indices.prefix(study.seats.parts[0].count).reduce(0) {
            distance($1) < distance($0) ? $1 : $0
        }
        axisSeats = points.indices.filter { abs(points[$0].y) < 1e-9 }
        zone = study.zone
        imageModel = SweepManifest.currentImageModel
        identity = StudyIdentity(study, imageModel: SweepManifest.currentImageModel)
        rooms = study.rooms.map { entry in
            RoomInfo(
                name: entry.name, file: entry.file, outline: SweepManifest.outline(of: entry.room),
                devicePosition: [entry.device.position.x, entry.device.position.y, entry.device.position.z],
                deviceYawDegrees: entry.device.yawRadians * 180 / Double.pi,
                referenceSpeakers: entry.reference.drivers.map { entry.reference.source($0).position }.map {
                    [$0.x, $0.y, $0.z]
                })
        }
        self.shard = shard
    }

    /// The floor polygon: the largest upward-facing face at the lowest height (the bounding
    /// rectangle in the free field).
    static func outline(of room: Room) -> [[Double]] {
        let floors = room.faces.filter { $0.inwardNormal.z > 0.999 }
        if let lowest = floors.map({ $0.vertices[0].z }).min(),
            let floor = floors.filter({ abs($0.vertices[0].z - lowest) < 1e-6 }).max(by: { $0.area < $1.area })
        {
            return floor.vertices.map { [$0.x, $0.y] }
        }
        let lo = room.boundsMin, hi = room.boundsMax
        return [[lo.x, lo.y], [hi.x, lo.y], [hi.x, hi.y], [lo.x, hi.y]]
    }

    public func json() -> JSONValue {
        .object([
            ("study", .string(study)), ("description", .string(description)), ("head", .string(head)),
            ("modes", .array(modes.map { .string($0) })),
            (
                "seats",
                .object([
                    ("set", .string(seatSet)), ("count", .number(Double(seatCount))),
                    (
                        "parts",
                        .array(
                            parts.map {
                                .object([
                                    ("name", .string($0.name)), ("count", .number(Double($0.count))),
                                    ("spacing_m", .optional($0.spacing)),
                                ])
                            })
                    ),
                    ("nominal", .number(Double(nominalSeat))), ("axis", .array(axisSeats.map { .number(Double($0)) })),
                ])
            ),
            (
                "zone",
                .object([
                    ("max_center_error_deg", .number(zone.maxCenterErrorDegrees)),
                    ("min_width_deg", .number(zone.minWidthDegrees)),
                    ("max_width_deg", .number(zone.maxWidthDegrees)),
                ])
            ),
            ("image_model", .string(imageModel)),
            ("scene_hash", .string(identity.scene)), ("setup_hash", .string(identity.setup)),
            (
                "rooms",
                .array(
                    rooms.map { room in
                        .object([
                            ("name", .string(room.name)), ("file", .string(room.file)),
                            ("outline", .array(room.outline.map { .array($0.map { .number($0) }) })),
                            (
                                "device",
                                .object([
                                    ("position", .array(room.devicePosition.map { .number($0) })),
                                    ("yaw_deg", .number(room.deviceYawDegrees)),
                                ])
                            ),
                            (
                                "reference_speakers",
                                .array(room.referenceSpeakers.map { .array($0.map { .number($0) }) })
                            ),
                        ])
                    })
            ),
            ("shard", .string(shard.description)),
        ])
    }

    /// Reads a `study.json`.
    public static func parse(_ text: String, file: String) throws -> SweepManifest {
        let root = try JSONValue.parse(text, file: file)
        func fail(_ key: String) -> InputError { InputError(file, "key '\(key)' is missing or has the wrong type") }
        func string(_ v: JSONValue?, _ key: String) throws -> String {
            guard case .string(let s)? = v else { throw fail(key) }
            return s
        }
        func number(_ v: JSONValue?, _ key: String) throws -> Double {
            guard case .number(let x)? = v else { throw fail(key) }
            return x
        }
        func array(_ v: JSONValue?, _ key: String) throws -> [JSONValue] {
            guard case .array(let a)? = v else { throw fail(key) }
            return a
        }
        let seats = root["seats"], zone = root["zone"]
        var thresholds = Study.ZoneThresholds()
        thresholds.maxCenterErrorDegrees = try number(zone?["max_center_error_deg"], "zone.max_center_error_deg")
        thresholds.minWidthDegrees = try number(zone?["min_width_deg"], "zone.min_width_deg")
        thresholds.maxWidthDegrees = try number(zone?["max_width_deg"], "zone.max_width_deg")
        let parts = try array(seats?["parts"], "seats.parts").map { part -> Part in
            var spacing: Double?
            if case .number(let s)? = part["spacing_m"] { spacing = s }
            return Part(
                name: try string(part["name"], "seats.parts.name"),
                count: Int(try number(part["count"], "seats.parts.count")), spacing: spacing)
        }
        return SweepManifest(
            study: try string(root["study"], "study"), description: try string(root["description"], "description"),
            head: try string(root["head"], "head"),
            modes: try array(root["modes"], "modes").map { try string($0, "modes") },
            seatSet: try string(seats?["set"], "seats.set"), seatCount: Int(try number(seats?["count"], "seats.count")),
            parts: parts,
            nominalSeat: Int(try number(seats?["nominal"], "seats.nominal")),
            axisSeats: try array(seats?["axis"], "seats.axis").map { Int(try number($0, "seats.axis")) },
            zone: thresholds,
            imageModel: try string(root["image_model"], "image_model"),
            identity: StudyIdentity(
                scene: try string(root["scene_hash"], "scene_hash"), setup: try string(root["setup_hash"], "setup_hash")
            ),
            rooms: try array(root["rooms"], "rooms").map { room in
                RoomInfo(
                    name: try string(room["name"], "rooms.name"), file: try string(room["file"], "rooms.file"),
                    outline: try array(room["outline"], "rooms.outline").map {
                        try array($0, "rooms.outline").map { try number($0, "rooms.outline") }
                    },
                    devicePosition: try array(room["device"]?["position"], "rooms.device.position").map {
                        try number($0, "rooms.device.position")
                    },
                    deviceYawDegrees: try number(room["device"]?["yaw_deg"], "rooms.device.yaw_deg"),
                    referenceSpeakers: try array(room["reference_speakers"], "rooms.reference_speakers").map {
                        try array($0, "rooms.reference_speakers").map { try number($0, "rooms.reference_speakers") }
                    })
            },
            shard: try Shard(parsing: try string(root["shard"], "shard"), source: file))
    }

    init(
        study: String, description: String, head: String, modes: [String], seatSet: String, seatCount: Int,
        parts: [Part],
        nominalSeat: Int, axisSeats: [Int], zone: Study.ZoneThresholds, imageModel: String, identity: StudyIdentity,
        rooms: [RoomInfo],
        shard: Shard
    ) {
        (self.study, self.description, self.head, self.modes, self.seatSet, self.seatCount) = (
            study, description, head, modes, seatSet, seatCount
        )
        (self.parts, self.nominalSeat, self.axisSeats, self.zone, self.rooms, self.shard) = (
            parts, nominalSeat, axisSeats, zone, rooms, shard
        )
        self.imageModel = imageModel
        self.identity = identity
    }
}
