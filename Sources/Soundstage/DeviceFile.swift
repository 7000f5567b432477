import Foundation
import RoomAcoustics

/// Reads device (driver array) files, or names the built-in preset.
///
/// ```yaml
/// name: two-way-bar
/// drivers:                              # device frame: x forward, y left, z up, metres
///   - {name: left, position: [0, 0.2, 0], axis: [1, 0.3, 0], radius: 0.02}     # piston radius in m
///   - {name: right, position: [0, -0.2, 0], axis: [1, -0.3, 0], directivity: omni}
/// ```
/// `directivity` is `omni`, `cardioid`, `supercardioid`, `hypercardioid` or a piston `radius`.
public enum DeviceFile {
    /// `echo-studio` (the preset) or a path to a device file.
    public static func load(_ nameOrFile: String) throws -> Device {
        if nameOrFile == "echo-studio" { return .echoStudio() }
        return try parse(SceneNode.load(file: nameOrFile))
    }

    public static func parse(_ root: SceneNode) throws -> Device {
        try root.requireKeys(in: ["name", "drivers", "description"])
        let name = try root.optional("name")?.string() ?? URL(fileURLWithPath: root.file).deletingPathExtension().lastPathComponent
        var drivers = [Driver]()
        for node in try root.required("drivers").sequence() {
            try node.requireKeys(in: ["name", "position", "axis", "radius", "directivity"])
            let p = try node.required("position").numbers(count: 3)
            let a = try node.required("axis").numbers(count: 3)
            guard a.contains(where: { $0 != 0 }) else { throw node.fail("axis must not be zero") }
            let directivity: Directivity
            if let radius = try node.optional("radius") {
                directivity = .piston(radius: try radius.number(in: 0.002...0.3, unit: "m"))
            } else {
                switch try node.optional("directivity")?.string() ?? "omni" {
                case "omni": directivity = .omni
                case "cardioid": directivity = .firstOrder(omniWeight: 0.5)
                case "supercardioid": directivity = .firstOrder(omniWeight: 0.37)
                case "hypercardioid": directivity = .firstOrder(omniWeight: 0.25)
                case let other: throw node.fail("unknown directivity '\(other)' (omni, cardioid, supercardioid, hypercardioid, or give radius)")
                }
            }
            let driverName = try node.optional("name")?.string() ?? "driver\(drivers.count)"
            guard !drivers.contains(where: { $0.name == driverName }) else { throw node.fail("duplicate driver name '\(driverName)'") }
            drivers.append(Driver(name: driverName, position: Vector3(p[0], p[1], p[2]), axis: Vector3(a[0], a[1], a[2]), directivity: directivity))
        }
        guard !drivers.isEmpty else { throw InputError(root.file, "key 'drivers': a device needs at least one driver") }
        return Device(name: name, drivers: drivers)
    }
}
