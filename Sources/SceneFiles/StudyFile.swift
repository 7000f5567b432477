import Binaural
import Evaluation
import Foundation
import RoomAcoustics
import SoundstageDSP
import SpatialChain

/// Reads and validates study files.
public enum StudyFile {
    /// The study `make run` and `soundstage sweep` without arguments run.
    public static let defaultPath = "Studies/default.yaml"

    public static func load(_ file: String) throws -> Study { try parse(SceneNode.load(file: file)) }

    public static func parse(_ root: SceneNode) throws -> Study {
        try root.requireKeys(in: [
            "name", "description", "rooms", "seats", "modes", "device", "head", "chain", "signals", "zone",
            "sample_rate", "localization_window_ms",
        ])
        let folder = URL(fileURLWithPath: root.file).absoluteURL.deletingLastPathComponent()
        let name =
            try root.optional("name")?.string()
            ?? URL(fileURLWithPath: root.file).deletingPathExtension().lastPathComponent
        let sampleRate = try root.optional("sample_rate")?.number(in: 16000...192000, unit: "Hz") ?? 48000

        // One seat set (a file or inline) or a list of them, joined in order.
        let seatsNode = try root.required("seats")
        let seats = try parseSeats(seatsNode, folder: folder)
        let deviceNode = try root.optional("device")
        let deviceName = try deviceNode?.string() ?? DeviceFile.defaultName
        let device = try DeviceFile.load(DeviceFile.isName(deviceName) ? deviceName : resolve(deviceName, in: folder))
        let modes = try parseModes(root, folder: folder, drivers: device.drivers.count, sampleRate: sampleRate)

        let (headName, head) = try parseHead(root, folder: folder, sampleRate: sampleRate)
        let configuration = try parseChain(root, folder: folder)
        do {
            try SpatialProcessor.checkFrequencies(configuration, sampleRate: sampleRate)
        } catch {
            throw InputError(root.file, "key 'chain' at sample_rate \(sampleRate) Hz: \(error)")
        }
        let (signalSeconds, seed) = try parseSignals(root)
        var (zone, deprecations) = try parseZone(root)
        if try root.optional("localization_window_ms")?.number(in: 1...10000, unit: "ms") != nil {
            deprecations.append(
                "\(root.file): key 'localization_window_ms' is ignored: the auditory model hears each 200 ms burst"
                    + " whole and handles precedence itself")
        }

        let rooms = try parseRooms(
            root, folder: folder, sampleRate: sampleRate, device: device, configuration: configuration, seats: seats,
            seatsNode: seatsNode)
        var study = Study(
            name: name, file: root.file, description: try root.optional("description")?.string() ?? "", rooms: rooms,
            seats: seats, modes: modes, head: head, headName: headName, configuration: configuration,
            signalSeconds: signalSeconds, seed: seed, zone: zone,
            sampleRate: sampleRate,
            designHead: try ChainFile.designHead(configuration, listener: head, sampleRate: sampleRate))
        study.deprecations = deprecations
        return study
    }

    /// `path` as written in the study file: absolute as is, else relative to the study's `folder`.
    private static func resolve(_ path: String, in folder: URL) -> String {
        path.hasPrefix("/")
            ? path
            : folder.appendingPathComponent(path).standardized.relativePath(
                from: FileManager.default.currentDirectoryPath)
    }

    /// Reads `modes`: a non-empty list of distinct modes — built-in names, or filter sets given as
    /// `{name: NAME, filters: FILE, separation_filters: FILE}` — returned with the built-in modes first
    /// in ``ChainMode/builtIns`` order, then the filter sets in the file's order.
    private static func parseModes(
        _ root: SceneNode, folder: URL, drivers: Int, sampleRate: Double
    ) throws
        -> [ChainMode]
    {
        let modeNodes = try root.required("modes").sequence()
        guard !modeNodes.isEmpty else { throw root.fail("'modes' is empty") }
        var modes = [ChainMode]()
        for node in modeNodes {
            let mode: ChainMode
            if node.value is [String: Any] {
                mode = try parseFilterSetMode(node, folder: folder, drivers: drivers, sampleRate: sampleRate)
            } else {
                let text = try node.string()
                guard let builtIn = ChainMode(builtInNamed: text) else {
                    let names = ChainMode.builtIns.map(\.name).joined(separator: ", ")
                    throw node.fail(
                        "unknown mode '\(text)' (allowed: \(names), or {name: …, filters: FILE} for a filter set)")
                }
                mode = builtIn
            }
            guard !modes.contains(mode) else { throw node.fail("mode '\(mode.name)' is listed twice") }
            modes.append(mode)
        }
        // Built-in modes in their own order so reports read the same whatever the file's order.
        return ChainMode.builtIns.filter(modes.contains) + modes.filter { $0.builtIn == nil }
    }

    /// A filter-set mode entry: its name (not a built-in's) and its filter files.
    private static func parseFilterSetMode(
        _ node: SceneNode, folder: URL, drivers: Int, sampleRate: Double
    ) throws
        -> ChainMode
    {
        try node.requireKeys(in: ["name", "filters", "separation_filters"])
        let name = try node.required("name").safeName()
        guard ChainMode(builtInNamed: name) == nil else {
            throw node.fail("a filter set cannot take the built-in mode name '\(name)'")
        }
        let filters = resolve(try node.required("filters").string(), in: folder)
        let separation = try node.optional("separation_filters").map { resolve(try $0.string(), in: folder) }
        let set = try FilterSetFile.load(
            filters, separationPath: separation, drivers: drivers, sampleRate: sampleRate)
        return ChainMode(name: name, filters: set)
    }

    /// Reads `seats`: one seat set (a file or inline) or a non-empty list of them, joined in order.
    /// The most seats a study may hold (per room), whatever the number of seat sets: 100 000 seats
    /// take about three hours per room on two cores.
    static let maximumSeats = 100_000

    private static func parseSeats(_ seatsNode: SceneNode, folder: URL) throws -> SeatSet {
        if seatsNode.value is [Any] {
            let nodes = try seatsNode.sequence()
            guard !nodes.isEmpty else { throw seatsNode.fail("the list of seat sets is empty") }
            let set = SeatSet.combining(
                try nodes.enumerated().map { try seatSet($1, "seats[\($0)]", folder: folder) })
            guard set.points.count <= maximumSeats else {
                throw seatsNode.fail(
                    "\(set.points.count) seats in all is more than \(maximumSeats) (per room; split the study)")
            }
            return set
        }
        return try seatSet(seatsNode, "seats", folder: folder)
    }

    /// Reads one seat set: a seat set file's path (relative to `folder`) or an inline seat set under `key`.
    private static func seatSet(_ node: SceneNode, _ key: String, folder: URL) throws -> SeatSet {
        if node.value is String { return try SeatSetFile.load(resolve(try node.string(), in: folder)) }
        var set = try SeatSetFile.parse(node.asRoot(named: key))
        if try node.optional("name") == nil {
            set.name = "inline"
            set.parts = set.parts.map { ("inline", $0.count, $0.spacing) }
        }
        return set
    }

    /// Reads `head`: a head file's path (the sphere head when absent), as the head's name and model.
    private static func parseHead(
        _ root: SceneNode, folder: URL, sampleRate: Double
    ) throws -> (name: String, model: any HeadModel) {
        var headName = "sphere"
        var head: any HeadModel = SphereHead()
        if let node = try root.optional("head") {
            let path = resolve(try node.string(), in: folder)
            head = try HeadFile.load(path, sampleRate: sampleRate)
            headName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        }
        return (headName, head)
    }

    /// Reads `chain`: a chain file's path or an inline chain (the default configuration when absent).
    private static func parseChain(_ root: SceneNode, folder: URL) throws -> ChainConfiguration {
        var configuration = ChainConfiguration()
        if let node = try root.optional("chain") {
            configuration =
                try node.value is String
                ? ChainFile.load(resolve(try node.string(), in: folder)) : ChainFile.parse(node.asRoot(named: "chain"))
        }
        return configuration
    }

    /// Reads `signals`: the test signals' length in seconds and their random seed.
    private static func parseSignals(_ root: SceneNode) throws -> (seconds: Double, seed: UInt64) {
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
        return (signalSeconds, seed)
    }

    /// Reads `zone`: the listening zone's thresholds, and a deprecation note for the old 'centre' key.
    private static func parseZone(_ root: SceneNode) throws -> (zone: Study.ZoneThresholds, deprecations: [String]) {
        var zone = Study.ZoneThresholds()
        var deprecations = [String]()
        if let node = try root.optional("zone") {
            try node.requireKeys(in: ["max_center_error_deg", "max_centre_error_deg", "min_width_deg", "max_width_deg"])
            // 'centre' was the input spelling before every key said 'center'; still read, deprecated.
            let centerKey = try node.has("max_centre_error_deg") ? "max_centre_error_deg" : "max_center_error_deg"
            if centerKey == "max_centre_error_deg" {
                deprecations.append(
                    "\(root.file): key 'zone.max_centre_error_deg' is deprecated: write 'max_center_error_deg'")
            }
            zone.maxCenterErrorDegrees =
                try node.optional(centerKey)?.number(in: 0...90, unit: "°") ?? zone.maxCenterErrorDegrees
            zone.minWidthDegrees =
                try node.optional("min_width_deg")?.number(in: 0...180, unit: "°") ?? zone.minWidthDegrees
            zone.maxWidthDegrees =
                try node.optional("max_width_deg")?.number(in: 0...180, unit: "°") ?? zone.maxWidthDegrees
        }
        return (zone, deprecations)
    }

    /// Reads `rooms`: each room file with the device (and its reference pair) placed, every seat inside.
    private static func parseRooms(
        _ root: SceneNode, folder: URL, sampleRate: Double, device: Device, configuration: ChainConfiguration,
        seats: SeatSet, seatsNode: SceneNode
    ) throws -> [Study.RoomEntry] {
        let roomNodes = try root.required("rooms").sequence()
        guard !roomNodes.isEmpty else { throw root.fail("'rooms' is empty") }
        var rooms = [Study.RoomEntry]()
        for node in roomNodes {
            let (fileNode, deviceNode, position, yaw, seconds) = try parseRoomEntry(node)
            let written = try fileNode.string()
            let file = resolve(written, in: folder)
            let contents = try RoomFile.load(file)
            var options = contents.options
            options.sampleRate = sampleRate
            if let seconds { options.duration = seconds }
            let placed = try contents.place(device, at: position, yawRadians: yaw, overridden: deviceNode?.fail)
            let reference = try contents.place(
                ReferencePair.device(configuration: configuration, placedLike: placed), at: placed.position,
                yawRadians: placed.yawRadians)
            for (i, point) in seats.points.enumerated() {
                let p = seats.pose(seat: i, device: placed).position
                guard contents.room.contains(p) else {
                    let format =
                        "seat %d at [%.2f, %.2f] in front of the device is at (%.2f, %.2f, %.2f) m, "
                        + "outside the room '%@' (%@)"
                    throw seatsNode.fail(
                        String(format: format, i, point.x, point.y, p.x, p.y, p.z, contents.room.name, file))
                }
                do {
                    try RoomFile.Contents.requireClear(p, of: placed, option: "seat \(i)")
                } catch let error as InputError {
                    throw seatsNode.fail("\(error) (room '\(contents.room.name)')")
                }
            }
            guard !rooms.contains(where: { $0.name == contents.room.name }) else {
                throw fileNode.fail("room '\(contents.room.name)' is listed twice")
            }
            rooms.append(
                Study.RoomEntry(
                    name: contents.room.name, file: written, room: contents.room, options: options, device: placed,
                    reference: reference))
        }
        return rooms
    }

    /// Reads one `rooms` entry: a room file's path, or a mapping with `file`, `device` and `brir_seconds`.
    private static func parseRoomEntry(
        _ node: SceneNode
    ) throws -> (file: SceneNode, device: SceneNode?, position: Vector3?, yaw: Double?, seconds: Double?) {
        var fileNode = node, deviceNode: SceneNode?
        var position: Vector3?, yaw: Double?, seconds: Double?
        if !(node.value is String) {
            try node.requireKeys(in: ["file", "device", "brir_seconds"])
            fileNode = try node.required("file")
            if let d = try node.optional("device") {
                deviceNode = d
                try d.requireKeys(in: ["position", "yaw_deg"])
                let p = try d.required("position").numbers(count: 3)
                position = Vector3(p[0], p[1], p[2])
                yaw = try d.optional("yaw_deg").map { try $0.number(in: -360...360, unit: "°") * Double.pi / 180 }
            }
            seconds = try node.optional("brir_seconds")?.number(in: 0.1...10, unit: "s")
        }
        return (fileNode, deviceNode, position, yaw, seconds)
    }
}

extension SceneNode {
    /// This mapping as the root of an inline document (messages still name the study file and key).
    func asRoot(named key: String) -> SceneNode {
        SceneNode(file: "\(file) (key '\(path.isEmpty ? key : path)')", path: "", value: value)
    }
}

extension URL {
    /// This file's path relative to `base` when it lies below it, else its absolute path.
    func relativePath(from base: String) -> String {
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
