import Binaural
import Foundation
import RoomAcoustics
import SpatialChain

/// A study: which rooms, device, listeners, chain and modes a sweep evaluates, read from a study
/// file (YAML) and validated completely before any work starts. See README "Study files".
///
/// ```yaml
/// name: default
/// rooms:                                   # room files, relative to this file
///   - ../Rooms/living-room.yaml            # device where the room file's 'device' key says
///   - {file: ../Rooms/live-room.yaml, device: {position: [1, 4, 1], yaw_deg: 0}, brir_seconds: 2}
/// seats: ../Listeners/sofa-grid.yaml       # a seat-set file, the seat set inline, or a list of them
/// modes: [reference, matrix, ctc, beam, spatial]
/// device: echo-studio                      # or a device file
/// head: ../Listeners/sphere.yaml           # optional, default the 8.75 cm sphere
/// chain: ../Chains/default.yaml            # optional: a chain file or its keys inline
/// signals: {seconds: 0.5, seed: 1}         # seeded pink-noise test signals
/// localization_window_ms: 30               # room response the image metrics hear after the direct sound
/// zone: {max_centre_error_deg: 10, min_width_deg: 40}
/// ```
public struct Study: Sendable {
    /// One room of the study with the device placed in it.
    public struct RoomEntry: Sendable {
        public var name: String
        /// The room file as the study names it (relative to the study file), so `study.json` is
        /// the same wherever the sweep runs.
        public var file: String
        public var room: Room
        /// Simulation options with the study's response length.
        public var options: SimulationOptions
        /// The device and the ±30° reference pair, placed in the room.
        public var device: Device, reference: Device
    }

    /// Listening-zone thresholds: a seat is in the zone when |centre error| ≤ `maxCentreErrorDegrees`
    /// and width ≥ `minWidthDegrees`.
    public struct ZoneThresholds: Sendable, Equatable {
        public var maxCentreErrorDegrees = 10.0
        public var minWidthDegrees = 40.0
        public init() {}

        /// Whether a seat with these metrics is in the listening zone.
        public func contains(_ metrics: SeatMetrics) -> Bool {
            abs(metrics.centreErrorDegrees) <= maxCentreErrorDegrees && metrics.widthDegrees >= minWidthDegrees
        }
    }

    public var name: String
    public var file: String
    public var description: String
    public var rooms: [RoomEntry]
    public var seats: SeatSet
    public var modes: [ChainMode]
    public var head: any HeadModel
    public var headName: String
    public var configuration: ChainConfiguration
    /// Length of each pink-noise test signal in seconds and its seed.
    public var signalSeconds: Double, seed: UInt64
    /// How much of each room response after its direct sound the image metrics (width, centre
    /// error, separation) hear, seconds: the precedence effect fuses reflections within a few tens
    /// of milliseconds into the first wavefront's direction (Litovsky et al., JASA 106, 1999), while
    /// later reverberation makes the image diffuse rather than moving it. Coherence, IACC, DRR, T30,
    /// C80 and coloration use the whole response.
    public var localizationWindowSeconds: Double
    public var zone: ZoneThresholds
    public var sampleRate: Double

    /// Every (room, seat) pair in sweep order: rooms in study order, seats in seat-set order.
    public var seatCount: Int { rooms.count * seats.points.count }

    /// The listener pose of seat `seat` in room `room`.
    public func pose(room: Int, seat: Int) -> ListenerPose { seats.pose(seat: seat, device: rooms[room].device) }
}

/// Reads and validates study files.
public enum StudyFile {
    /// The study `make run` and `soundstage sweep` without arguments run.
    public static let defaultPath = "Studies/default.yaml"

    public static func load(_ file: String) throws -> Study { try parse(SceneNode.load(file: file)) }

    public static func parse(_ root: SceneNode) throws -> Study {
        try root.requireKeys(in: ["name", "description", "rooms", "seats", "modes", "device", "head", "chain", "signals", "zone", "sample_rate", "localization_window_ms"])
        let folder = URL(fileURLWithPath: root.file).absoluteURL.deletingLastPathComponent()
        func resolve(_ path: String) -> String { path.hasPrefix("/") ? path : folder.appendingPathComponent(path).standardized.relativePath(from: FileManager.default.currentDirectoryPath) }
        let name = try root.optional("name")?.string() ?? URL(fileURLWithPath: root.file).deletingPathExtension().lastPathComponent
        let sampleRate = try root.optional("sample_rate")?.number(in: 16000...192000, unit: "Hz") ?? 48000

        let modeNodes = try root.required("modes").sequence()
        guard !modeNodes.isEmpty else { throw root.fail("'modes' is empty") }
        var modes = [ChainMode]()
        for node in modeNodes {
            let text = try node.string()
            guard let mode = ChainMode(rawValue: text) else {
                throw node.fail("unknown mode '\(text)' (allowed: \(ChainMode.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard !modes.contains(mode) else { throw node.fail("mode '\(text)' is listed twice") }
            modes.append(mode)
        }
        // Study order follows ChainMode's order so reports read the same whatever the file's order.
        modes = ChainMode.allCases.filter(modes.contains)

        // One seat set (a file or inline) or a list of them, joined in order.
        let seatsNode = try root.required("seats")
        func seatSet(_ node: SceneNode, _ key: String) throws -> SeatSet {
            if node.value is String { return try SeatSet.load(resolve(try node.string())) }
            var set = try SeatSet.parse(node.asRoot(named: key))
            if try node.optional("name") == nil {
                set.name = "inline"
                set.parts = set.parts.map { ("inline", $0.count, $0.spacing) }
            }
            return set
        }
        let seats: SeatSet
        if seatsNode.value is [Any] {
            let nodes = try seatsNode.sequence()
            guard !nodes.isEmpty else { throw seatsNode.fail("the list of seat sets is empty") }
            seats = SeatSet.combining(try nodes.enumerated().map { try seatSet($1, "seats[\($0)]") })
        } else {
            seats = try seatSet(seatsNode, "seats")
        }
        let deviceNode = try root.optional("device")
        let deviceName = try deviceNode?.string() ?? "echo-studio"
        let device = try DeviceFile.load(deviceName == "echo-studio" ? deviceName : resolve(deviceName))

        var headName = "sphere"
        var head: any HeadModel = SphereHead()
        if let node = try root.optional("head") {
            let path = resolve(try node.string())
            head = try HeadFile.load(path, sampleRate: sampleRate)
            headName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        }
        var configuration = ChainConfiguration()
        if let node = try root.optional("chain") {
            configuration = try node.value is String ? ChainFile.load(resolve(try node.string())) : ChainFile.parse(node.asRoot(named: "chain"))
        }

        var signalSeconds = 0.5, seed: UInt64 = 1
        if let node = try root.optional("signals") {
            try node.requireKeys(in: ["seconds", "seed"])
            signalSeconds = try node.optional("seconds")?.number(in: 0.1...10, unit: "s") ?? signalSeconds
            if let s = try node.optional("seed") {
                let value = try s.integer()
                guard value >= 0 else { throw s.fail("must be 0 or more") }
                seed = UInt64(value)
            }
        }
        let window = try root.optional("localization_window_ms")?.number(in: 1...10000, unit: "ms") ?? 30
        var zone = Study.ZoneThresholds()
        if let node = try root.optional("zone") {
            try node.requireKeys(in: ["max_centre_error_deg", "min_width_deg"])
            zone.maxCentreErrorDegrees = try node.optional("max_centre_error_deg")?.number(in: 0...90, unit: "°") ?? zone.maxCentreErrorDegrees
            zone.minWidthDegrees = try node.optional("min_width_deg")?.number(in: 0...180, unit: "°") ?? zone.minWidthDegrees
        }

        let roomNodes = try root.required("rooms").sequence()
        guard !roomNodes.isEmpty else { throw root.fail("'rooms' is empty") }
        var rooms = [Study.RoomEntry]()
        for node in roomNodes {
            var fileNode = node
            var position: Vector3?, yaw: Double?, seconds: Double?
            if !(node.value is String) {
                try node.requireKeys(in: ["file", "device", "brir_seconds"])
                fileNode = try node.required("file")
                if let d = try node.optional("device") {
                    try d.requireKeys(in: ["position", "yaw_deg"])
                    let p = try d.required("position").numbers(count: 3)
                    position = Vector3(p[0], p[1], p[2])
                    yaw = try d.optional("yaw_deg").map { try $0.number(in: -360...360, unit: "°") * Double.pi / 180 }
                }
                seconds = try node.optional("brir_seconds")?.number(in: 0.1...10, unit: "s")
            }
            let written = try fileNode.string()
            let file = resolve(written)
            let contents = try RoomFile.load(file)
            var options = contents.options
            options.sampleRate = sampleRate
            if let seconds { options.duration = seconds }
            let placed = try contents.place(device, at: position, yaw: yaw)
            let reference = try contents.place(ReferencePair.device(configuration: configuration, placedLike: placed), at: placed.position, yaw: placed.yaw)
            for (i, point) in seats.points.enumerated() {
                let p = seats.pose(seat: i, device: placed).position
                guard contents.room.contains(p) else {
                    throw seatsNode.fail(String(format: "seat %d at [%.2f, %.2f] in front of the device is at (%.2f, %.2f, %.2f) m, outside the room '%@' (%@)",
                                                i, point.x, point.y, p.x, p.y, p.z, contents.room.name, file))
                }
            }
            guard !rooms.contains(where: { $0.name == contents.room.name }) else { throw fileNode.fail("room '\(contents.room.name)' is listed twice") }
            rooms.append(Study.RoomEntry(name: contents.room.name, file: written, room: contents.room, options: options, device: placed, reference: reference))
        }
        return Study(name: name, file: root.file, description: try root.optional("description")?.string() ?? "", rooms: rooms, seats: seats,
                     modes: modes, head: head, headName: headName, configuration: configuration, signalSeconds: signalSeconds, seed: seed,
                     localizationWindowSeconds: window / 1000, zone: zone, sampleRate: sampleRate)
    }
}

extension SceneNode {
    /// This mapping as the root of an inline document (messages still name the study file and key).
    func asRoot(named key: String) -> SceneNode { SceneNode(file: "\(file) (key '\(path.isEmpty ? key : path)')", path: "", value: value) }
}

extension URL {
    /// This file's path relative to `base` when it lies below it, else its absolute path.
    func relativePath(from base: String) -> String {
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
