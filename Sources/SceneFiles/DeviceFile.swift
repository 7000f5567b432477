import Evaluation
import Foundation
import RoomAcoustics
import SoundstageDSP

/// Reads device (driver array) files, found by path or by name in the built-in device folders.
///
/// ```yaml
/// name: two-way-bar
/// drivers:                              # device frame: x forward, y left, z up, metres
///   - {name: left, position: [0, 0.2, 0], axis: [1, 0.3, 0], radius: 0.02}     # piston radius in m
///   - {name: right, position: [0, -0.2, 0], axis: [1, -0.3, 0], directivity: omni}
/// ```
/// `directivity` is `omni`, `cardioid`, `supercardioid`, `hypercardioid`, a piston `radius`, or a
/// measured pattern: a CSV or SOFA file (``DirectivityFile``, a path relative to the device file), with the
/// driver's `up` (its measurement frame's elevation +90°; default: the device's up, or its front for
/// a vertical axis).
public enum DeviceFile {
    /// The device every command and study uses unless told otherwise.
    public static let defaultName = "echo-studio"

    /// Folders a bare device name is looked up in, in order: `Devices/` of the working directory,
    /// then the `Devices/` folder of the checkout this program was built from, so a study anywhere
    /// on disk can say `device: echo-studio`.
    public static let searchFolders: [String] = {
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return ["Devices", checkout.appendingPathComponent("Devices").path]
    }()

    /// Loads a device given by name (`echo-studio`: `NAME.yaml` in ``searchFolders``) or by file path
    /// (anything with a `/` or a `.yaml`/`.yml` extension).
    public static func load(_ nameOrFile: String) throws -> Device {
        try parse(SceneNode.load(file: try resolve(nameOrFile)))
    }

    /// Whether `text` names a device (`echo-studio`) rather than a file (a `/` or a YAML extension).
    public static func isName(_ text: String) -> Bool {
        !(text.contains("/") || text.hasSuffix(".yaml") || text.hasSuffix(".yml"))
    }

    /// The file a device name or path stands for.
    public static func resolve(_ nameOrFile: String) throws -> String {
        if !isName(nameOrFile) { return nameOrFile }
        let candidates = searchFolders.map { ($0 as NSString).appendingPathComponent(nameOrFile + ".yaml") }
        guard let found = candidates.first(where: FileManager.default.fileExists(atPath:)) else {
            throw InputError(
                nameOrFile,
                "no device of that name (looked for \(candidates.joined(separator: ", "))); give a device file")
        }
        return found
    }

    public static func parse(_ root: SceneNode) throws -> Device {
        try root.requireKeys(in: ["name", "drivers", "description"])
        let name =
            try root.optional("name")?.string()
            ?? URL(fileURLWithPath: root.file).deletingPathExtension().lastPathComponent
        var drivers = [Driver]()
        for node in try root.required("drivers").sequence() {
            try node.requireKeys(in: ["name", "position", "axis", "up", "radius", "directivity"])
            let p = try node.required("position").numbers(count: 3)
            let a = try node.required("axis").numbers(count: 3)
            guard a.contains(where: { $0 != 0 }) else { throw node.fail("axis must not be zero") }
            let directivity: Directivity
            if let radius = try node.optional("radius") {
                directivity = .piston(radius: try radius.number(in: 0.002...0.3, unit: "m"))
            } else if let text = try node.optional("directivity")?.string(),
                text.hasSuffix(".csv") || text.lowercased().hasSuffix(".sofa")
            {
                let folder = URL(fileURLWithPath: root.file).deletingLastPathComponent()
                let path = text.hasPrefix("/") ? text : folder.appendingPathComponent(text).standardized.path
                directivity = .measured(try DirectivityFile.load(path))
            } else {
                switch try node.optional("directivity")?.string() ?? "omni" {
                case "omni": directivity = .omni
                case "cardioid": directivity = .firstOrder(omniWeight: 0.5)
                case "supercardioid": directivity = .firstOrder(omniWeight: 0.37)
                case "hypercardioid": directivity = .firstOrder(omniWeight: 0.25)
                case let other:
                    throw node.fail(
                        "unknown directivity '\(other)' (omni, cardioid, supercardioid, hypercardioid, a .csv file "
                            + "of measurements, or give radius)")
                }
            }
            let driverName = try node.optional("name")?.safeName() ?? "driver\(drivers.count)"
            guard !drivers.contains(where: { $0.name == driverName }) else {
                throw node.fail("duplicate driver name '\(driverName)'")
            }
            let axis = Vector3(a[0], a[1], a[2])
            var up: Vector3?
            if let upNode = try node.optional("up") {
                let u = try upNode.numbers(count: 3)
                let vector = Vector3(u[0], u[1], u[2])
                guard vector.length > 0, abs(vector.normalized.dot(axis.normalized)) < 1e-6 else {
                    throw upNode.fail("up must be a non-zero vector perpendicular to the axis")
                }
                up = vector
            }
            drivers.append(
                Driver(
                    name: driverName, position: Vector3(p[0], p[1], p[2]), axis: axis, up: up, directivity: directivity)
            )
        }
        guard !drivers.isEmpty else { throw InputError(root.file, "key 'drivers': a device needs at least one driver") }
        return Device(name: name, drivers: drivers)
    }
}
