import Evaluation
import Foundation
import RoomAcoustics
import SoundstageDSP

/// Reads room scene files (YAML) into ``Room``s and simulation defaults. See README "Room files".
public enum RoomFile {
    static let topKeys: Set<String> = [
        "name", "shape", "dimensions", "floor", "height", "vertices", "faces",
        "absorption", "scattering", "rt60", "surfaces", "temperature", "humidity", "simulation", "description",
        "device",
    ]

    /// A parsed room file.
    public struct Contents {
        public var room: Room
        /// Simulation settings the file asks for (max order, transition time, displacement).
        public var options: SimulationOptions
        /// Where the device sits in this room, if the file says (`device: {position: [x, y, z], yaw_deg: 0}`).
        public var devicePosition: Vector3?
        /// The device's yaw in radians (0 faces +x).
        public var deviceYawRadians: Double
        /// The file it came from, for messages.
        public var file: String

        /// `device` placed at `position` (default: the file's `device` key) and `yawRadians`
        /// (default: the file's), with every driver checked to lie inside the room. A driver outside
        /// is blamed on this file, or through `overridden` on whatever gave `position` or `yawRadians`
        /// instead (a study's room entry, a command-line option).
        public func place(
            _ device: Device, at position: Vector3? = nil, yawRadians: Double? = nil,
            overridden: ((String) -> InputError)? = nil
        ) throws -> Device {
            let isOverride = position != nil || yawRadians != nil
            guard let position = position ?? devicePosition else {
                throw InputError(
                    file,
                    "no device position: add 'device: {position: [x, y, z]}' to the room file or give a device position"
                )
            }
            var placed = device
            placed.position = position
            placed.yawRadians = yawRadians ?? deviceYawRadians
            for driver in placed.drivers where !room.contains(placed.source(driver).position) {
                let message =
                    "the device's driver '\(driver.name)' at \(placed.source(driver).position) m falls outside the "
                    + "room '\(room.name)'"
                if let overridden, isOverride {
                    throw overridden(message + " (\(file))")
                }
                throw InputError(file, message)
            }
            return placed
        }

        /// Throws an error naming `option` unless the listener position `seat` lies inside the room.
        public func requireSeat(_ seat: Vector3, option: String = "seat") throws {
            guard room.contains(seat) else {
                throw InputError(option, "position \(seat) m is outside the room '\(room.name)'")
            }
        }

        /// Throws unless a head at `seat` stays clear of `device`: its centre at least a head radius
        /// (8.75 cm) beyond the farthest driver from the device's centre.
        public static func requireClear(_ seat: Vector3, of device: Device, option: String = "seat") throws {
            let reach = device.drivers.map { device.source($0).position - device.position }.map(\.length).max() ?? 0
            let distance = (seat - device.position).length
            guard distance >= reach + 0.0875 else {
                throw InputError(
                    option,
                    String(
                        format: "position %@ m is %.2f m from the device's centre: the listener's head would be inside"
                            + " the device (keep at least %.2f m)", "\(seat)", distance, reach + 0.0875))
            }
        }
    }

    /// Loads and validates `file`.
    public static func load(_ file: String) throws -> Contents {
        try parse(SceneNode.load(file: file))
    }

    /// The material of a surface the file gives none for (its name for the message), or an error.
    typealias Fallback = (String) throws -> SurfaceMaterial

    /// What a room file says about one surface: its absorption and scattering, and whether the
    /// scattering was given for that surface (which beats the file's top-level `scattering`).
    struct SurfaceMaterial {
        var absorption: Absorption
        var scattering: Scattering
        var scatteringGiven = false
    }

    /// Validates a parsed room file.
    public static func parse(_ root: SceneNode) throws -> Contents {
        try root.requireKeys(in: topKeys)
        let name =
            try root.optional("name")?.safeName()
            ?? URL(fileURLWithPath: root.file).deletingPathExtension().lastPathComponent
        let shape = try root.required("shape").string()
        let atmosphere = try parseAtmosphere(root)
        if try root.has("absorption") && root.has("rt60") {
            throw root.fail("give either 'absorption' or 'rt60', not both")
        }
        // A surface without a material takes 'absorption'; with 'rt60' a uniform start that
        // applyRT60 rescales; with neither, it is an error (no silent default).
        let given = try root.optional("absorption").map(surfaceMaterial)
        let rescaled = try root.has("rt60")
        let defaultAbsorption: Fallback = { surface in
            if let given { return given }
            if rescaled { return SurfaceMaterial(absorption: Absorption(uniform: 0.1), scattering: .none) }
            throw root.fail(
                "surface '\(surface)' has no absorption: give 'absorption' (a material or coefficients), 'rt60', or"
                    + " that surface's material")
        }
        let surfaces = try root.optional("surfaces")

        let (shaped, materials) = try parseRoom(
            root, shape: shape, name: name, surfaces: surfaces, defaultAbsorption: defaultAbsorption,
            atmosphere: atmosphere)
        var room = shaped
        let everywhere = try root.optional("scattering").map(scattering)
        for (f, material) in zip(room.faces.indices, materials) {
            room.faces[f].scattering =
                material.scatteringGiven ? material.scattering : everywhere ?? material.scattering
        }
        try applyRT60(root, to: &room)

        let options = try parseSimulation(root)
        let (devicePosition, deviceYawRadians) = try parseDevice(root, room: room)
        return Contents(
            room: room, options: options, devicePosition: devicePosition, deviceYawRadians: deviceYawRadians,
            file: root.file)
    }

    /// Reads `temperature` and `humidity` into an atmosphere (the standard one when neither is given).
    private static func parseAtmosphere(_ root: SceneNode) throws -> Atmosphere {
        var atmosphere = Atmosphere.standard
        let temperature = try root.optional("temperature")?.number(in: -30...50, unit: "°C")
        let humidity = try root.optional("humidity")?.number(in: 0...100, unit: "%")
        if temperature != nil || humidity != nil {
            atmosphere = Atmosphere(
                temperatureCelsius: temperature ?? 20, relativeHumidityPercent: humidity ?? 50,
                speedOfSound: temperature == nil ? SpeedOfSound.nominal : nil)
        }
        return atmosphere
    }

    /// Reads the keys `shape` needs into a room (geometry errors become input errors naming their key).
    private static func parseRoom(
        _ root: SceneNode, shape: String, name: String, surfaces: SceneNode?, defaultAbsorption: Fallback,
        atmosphere: Atmosphere
    ) throws -> (Room, [SurfaceMaterial]) {
        // A geometry key of another shape is a mistake, not something to ignore silently.
        let geometry: [String: [String]] = [
            "shoebox": ["dimensions"], "floorplan": ["floor", "height"], "polyhedron": ["vertices", "faces"],
            "free-field": ["dimensions"],
        ]
        if let own = geometry[shape] {
            for key in ["dimensions", "floor", "height", "vertices", "faces"]
            where try !own.contains(key) && root.has(key) {
                throw InputError(
                    root.file,
                    "key '\(key)': a \(shape) room does not use it (its geometry is \(own.joined(separator: " and ")))")
            }
        }
        do {
            switch shape {
            case "shoebox":
                return try parseShoebox(
                    root, name: name, surfaces: surfaces, defaultAbsorption: defaultAbsorption, atmosphere: atmosphere)
            case "floorplan":
                return try parseFloorPlan(
                    root, name: name, surfaces: surfaces, defaultAbsorption: defaultAbsorption, atmosphere: atmosphere)
            case "polyhedron":
                return try parsePolyhedron(
                    root, name: name, surfaces: surfaces, defaultAbsorption: defaultAbsorption, atmosphere: atmosphere)
            case "free-field":
                let d = try root.required("dimensions").numbers(count: 3)
                guard d.allSatisfy({ $0 > 0 }) else { throw root.fail("free-field dimensions must be positive") }
                return (Room(freeFieldNamed: name, extent: Vector3(d[0], d[1], d[2]), atmosphere: atmosphere), [])
            default:
                throw InputError(
                    root.file,
                    "key 'shape': unknown shape '\(shape)' (allowed: shoebox, floorplan, polyhedron, free-field)")
            }
        } catch let error as RoomGeometryError {
            throw InputError(root.file, "key '\(error.key)': \(error.message)")
        }
    }

    /// Reads a shoebox room: `dimensions` and each surface's absorption from `surfaces` (`walls` for every wall).
    private static func parseShoebox(
        _ root: SceneNode, name: String, surfaces: SceneNode?, defaultAbsorption: Fallback, atmosphere: Atmosphere
    ) throws -> (Room, [SurfaceMaterial]) {
        let d = try root.required("dimensions").numbers(count: 3)
        let names = RoomShapes.shoeboxSurfaceNames
        try surfaces?.requireKeys(in: Set(names + ["walls"]))
        let walls = try surfaces?.optional("walls").map(surfaceMaterial)
        let perSurface = try names.map { surface -> SurfaceMaterial in
            if let node = try surfaces?.optional(surface) { return try surfaceMaterial(node) }
            return try ["floor", "ceiling"].contains(surface)
                ? defaultAbsorption(surface) : walls ?? defaultAbsorption(surface)
        }
        let room = try RoomShapes.shoebox(
            name: name, dimensions: Vector3(d[0], d[1], d[2]), absorption: perSurface.map(\.absorption),
            atmosphere: atmosphere)
        return (room, perSurface)
    }

    /// Reads a floor-plan room: the `floor` polygon, `height` and the absorption of floor, ceiling and each wall.
    private static func parseFloorPlan(
        _ root: SceneNode, name: String, surfaces: SceneNode?, defaultAbsorption: Fallback, atmosphere: Atmosphere
    ) throws -> (Room, [SurfaceMaterial]) {
        let corners = try root.required("floor").sequence().map { try $0.numbers(count: 2) }.map {
            ($0[0], $0[1])
        }
        let height = try root.required("height").number()
        let wallKeys = (0..<corners.count).map { "wall \($0)" }
        try surfaces?.requireKeys(in: Set(["floor", "ceiling", "walls"] + wallKeys))
        let walls = try surfaces?.optional("walls").map(surfaceMaterial)
        let perWall = try wallKeys.map {
            try surfaces?.optional($0).map(surfaceMaterial) ?? walls ?? defaultAbsorption($0)
        }
        let floor = try surfaces?.optional("floor").map(surfaceMaterial) ?? defaultAbsorption("floor")
        let ceiling = try surfaces?.optional("ceiling").map(surfaceMaterial) ?? defaultAbsorption("ceiling")
        let room = try RoomShapes.floorPlan(
            name: name, polygon: corners, height: height, floor: floor.absorption, ceiling: ceiling.absorption,
            wallAbsorption: perWall.map(\.absorption), atmosphere: atmosphere)
        // RoomShapes.floorPlan's face order: floor, ceiling, then the walls.
        return (room, [floor, ceiling] + perWall)
    }

    /// Reads a polyhedron room: its `vertices` and `faces` (each face's vertex indices and absorption).
    private static func parsePolyhedron(
        _ root: SceneNode, name: String, surfaces: SceneNode?, defaultAbsorption: Fallback, atmosphere: Atmosphere
    ) throws -> (Room, [SurfaceMaterial]) {
        let vertices = try root.required("vertices").sequence().map { try $0.numbers(count: 3) }.map {
            Vector3($0[0], $0[1], $0[2])
        }
        var lists = [[Int]](), materials = [SurfaceMaterial]()
        for face in try root.required("faces").sequence() {
            try face.requireKeys(in: ["vertices", "absorption", "scattering"])
            lists.append(try face.required("vertices").sequence().map { try $0.integer() })
            var material =
                try face.optional("absorption").map(surfaceMaterial) ?? defaultAbsorption("faces[\(materials.count)]")
            if let node = try face.optional("scattering") {
                (material.scattering, material.scatteringGiven) = (try scattering(node), true)
            }
            materials.append(material)
        }
        if surfaces != nil {
            throw root.fail(
                "'surfaces' is for shoebox and floorplan rooms; give polyhedron faces their own 'absorption'")
        }
        let room = try RoomShapes.polyhedron(
            name: name, vertices: vertices, faces: lists, absorption: materials.map(\.absorption),
            atmosphere: atmosphere)
        return (room, materials)
    }

    /// Reads `rt60` and, when given, sets every face of `room` to the uniform absorption that gives it.
    private static func applyRT60(_ root: SceneNode, to room: inout Room) throws {
        if let rt60Node = try root.optional("rt60") {
            guard !room.isFreeField else { throw root.fail("the free field has no reverberation time") }
            let target = try rt60Node.number()
            do {
                let alpha = try ReverberationTheory.inverseSabine(
                    rt60: target, volume: room.volume, surfaceArea: room.surfaceArea,
                    speedOfSound: room.atmosphere.speedOfSound)
                for f in room.faces.indices { room.faces[f].absorption = Absorption(uniform: alpha) }
            } catch let error as RoomGeometryError {
                throw InputError(root.file, "key '\(error.key)': \(error.message)")
            }
        }
    }

    /// Reads `simulation`: max order, transition time, random displacement and duration.
    private static func parseSimulation(_ root: SceneNode) throws -> SimulationOptions {
        var options = SimulationOptions()
        if let sim = try root.optional("simulation") {
            try sim.requireKeys(in: ["max_order", "transition_ms", "random_displacement", "duration"])
            if let n = try sim.optional("max_order") {
                let order = try n.integer()
                guard order >= 0 else { throw n.fail("must be 0 or more") }
                options.maxOrder = order
            }
            if let t = try sim.optional("transition_ms") {
                options.transitionTime = try t.number(in: 1...2000, unit: "ms") / 1000
            }
            if let d = try sim.optional("random_displacement") {
                options.randomDisplacement = try d.number(in: 0...0.5, unit: "m")
            }
            if let d = try sim.optional("duration") { options.duration = try d.number(in: 0.01...30, unit: "s") }
        }
        return options
    }

    /// Reads `device`: the device's position (checked to lie inside `room`) and its yaw in radians.
    private static func parseDevice(_ root: SceneNode, room: Room) throws -> (position: Vector3?, yawRadians: Double) {
        var devicePosition: Vector3?
        var deviceYawRadians = 0.0
        if let device = try root.optional("device") {
            try device.requireKeys(in: ["position", "yaw_deg"])
            let p = try device.required("position").numbers(count: 3)
            let position = Vector3(p[0], p[1], p[2])
            devicePosition = position
            guard room.contains(position) else {
                throw device.fail("position \(position) m is outside the room")
            }
            deviceYawRadians =
                (try device.optional("yaw_deg")?.number(in: -360...360, unit: "°") ?? 0) * Double.pi / 180
        }
        return (devicePosition, deviceYawRadians)
    }

    /// A surface's material: a material name from ``MaterialLibrary`` (its absorption and its
    /// published scattering), absorption coefficients (no scattering), or a mapping
    /// `{absorption: …, scattering: …}` of the two.
    static func surfaceMaterial(_ node: SceneNode) throws -> SurfaceMaterial {
        if node.value is [String: Any] {
            try node.requireKeys(in: ["absorption", "scattering"])
            var material = try surfaceMaterial(node.required("absorption"))
            if let given = try node.optional("scattering") {
                (material.scattering, material.scatteringGiven) = (try scattering(given), true)
            }
            return material
        }
        if let name = node.value as? String {
            guard let entry = MaterialLibrary.entry(named: name) else {
                throw node.fail(
                    "unknown material '\(name)' (known: \(MaterialLibrary.entries.map(\.name).joined(separator: ", ")))"
                )
            }
            return SurfaceMaterial(absorption: entry.absorption, scattering: entry.scattering)
        }
        return SurfaceMaterial(
            absorption: Absorption(coefficients: try coefficients(node, what: "absorption")), scattering: .none)
    }

    /// A scattering given as a number (every band), a list (from 125 Hz; 9 values from 63 Hz) or a
    /// profile name from ``ScatteringLibrary``.
    static func scattering(_ node: SceneNode) throws -> Scattering {
        if let name = node.value as? String {
            guard let s = ScatteringLibrary.scattering(named: name) else {
                throw node.fail(
                    "unknown scattering profile '\(name)' (known: "
                        + "\(ScatteringLibrary.entries.map(\.name).joined(separator: ", ")), or give coefficients)")
            }
            return s
        }
        return Scattering(coefficients: try coefficients(node, what: "scattering"))
    }

    /// Per-band coefficients in [0, 1] from a number (every band) or a list (from 125 Hz; 9 values
    /// from 63 Hz), extended flat like ``Absorption/init(values:firstBand:)``.
    private static func coefficients(_ node: SceneNode, what: String) throws -> [Double] {
        let values: [Double]
        if node.value is [Any] {
            values = try node.numbers()
            guard (1...9).contains(values.count) else {
                throw node.fail("expected 1 to 9 \(what) coefficients, got \(values.count)")
            }
        } else {
            values = [try node.number()]
        }
        if let bad = values.first(where: { !(0...1).contains($0) }) {
            throw node.fail("\(what) \(bad) is outside [0, 1]")
        }
        return Absorption(values: values, firstBand: values.count == 9 ? 63 : 125).coefficients
    }
}
