import Binaural
import Evaluation
import Foundation

/// Reads listener head files (YAML): `model: sphere | structural | sofa`.
///
/// ```yaml
/// name: sphere
/// model: sphere          # analytic rigid sphere (Duda & Martens)
/// radius: 0.0875         # metres
/// ear_azimuth: 100       # degrees, sphere only
/// # model: sofa
/// # file: /usr/share/libmysofa/MIT_KEMAR_normal_pinna.sofa   # any SOFA SimpleFreeFieldHRIR file
/// ```
public enum HeadFile {
    /// Loads `file` for a study at `sampleRate` (SOFA sets are resampled to it).
    public static func load(_ file: String, sampleRate: Double) throws -> any HeadModel {
        try parse(SceneNode.load(file: file), sampleRate: sampleRate)
    }

    public static func parse(_ root: SceneNode, sampleRate: Double) throws -> any HeadModel {
        try root.requireKeys(in: ["name", "model", "radius", "ear_azimuth", "file", "description"])
        let model = try root.required("model").string()
        let radius = try root.optional("radius")?.number(in: 0.03...0.2, unit: "m") ?? 0.0875
        switch model {
        case "sphere":
            let ears = try root.optional("ear_azimuth")?.number(in: 60...120, unit: "°") ?? 100
            return SphereHead(radius: radius, earAzimuthDegrees: ears)
        case "structural":
            return StructuralHead(radius: radius)
        case "sofa":
            let node = try root.required("file")
            var path = try node.string()
            if !path.hasPrefix("/") {
                path = URL(fileURLWithPath: root.file).deletingLastPathComponent().appendingPathComponent(path).path
            }
            do { return try SOFAHead(path: path, sampleRate: sampleRate, radius: radius) } catch let error as SOFAError
            {
                throw node.fail(error.description)
            }
        default:
            throw InputError(
                root.file, "key 'model': unknown head model '\(model)' (allowed: sphere, structural, sofa)")
        }
    }
}
