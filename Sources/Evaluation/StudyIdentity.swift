import Foundation

/// What defines a study's results, as two short hashes (FNV-1a, 64 bits, hex): an identity check,
/// not a security one.
///
/// - `scene`: the study's name, modes, head, seats (positions, yaw) and, per room, the room's
///   geometry and materials and the placed device and reference pair — what the results are *of*.
///   A baseline of another scene cannot judge a run: `check` refuses it.
/// - `setup`: the scene plus the chain's configuration, the test signals and the image model — what
///   the results are computed *with*. Shards of one study must agree on it before `merge` joins them,
///   while `check` compares a changed setup (judging a changed chain is what the gate is for).
public struct StudyIdentity: Sendable, Equatable {
    public var scene: String
    public var setup: String

    public init(scene: String, setup: String) {
        self.scene = scene
        self.setup = setup
    }

    /// The identity of `study`, computed with `imageModel` (the reports' description of the model).
    public init(_ study: Study, imageModel: String) {
        var scene = "study \(study.name)\nmodes \(study.modes.map(\.name))\nhead \(study.headName)\n"
        for mode in study.modes {
            if case .filters(let set) = mode.kind { scene += "filters \(mode.name) \(set.fingerprint)\n" }
        }
        for (index, room) in study.rooms.enumerated() {
            for seat in study.seats.points.indices {
                let pose = study.pose(room: index, seat: seat)
                let p = pose.position
                scene += String(format: "seat %.6f %.6f %.6f %.6f\n", p.x, p.y, p.z, pose.yawRadians)
            }
            scene += "room \(room.name)\n\(String(describing: room.room))\n"
            scene += "options \(String(describing: room.options))\n"
            scene += "device \(String(describing: room.device))\nreference \(String(describing: room.reference))\n"
        }
        // The design head by file name: checkouts in different folders hash alike.
        var chain = study.configuration
        if case .file(let path) = chain.designHead {
            chain.designHead = .file(URL(fileURLWithPath: path).lastPathComponent)
        }
        let setup =
            scene + "chain \(String(describing: chain))\n"
            + "signals \(study.signalSeconds) \(study.seed) \(study.sampleRate)\nimages \(imageModel)\n"
        self.init(scene: StudyIdentity.hash(scene), setup: StudyIdentity.hash(setup))
    }

    /// FNV-1a 64 of the text's UTF-8 bytes, as 16 hex digits.
    public static func hash(_ text: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        return String(format: "%016llx", h)
    }
}
