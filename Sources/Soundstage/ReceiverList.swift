import Evaluation
import Foundation
import RoomAcoustics
import SceneFiles
import SoundstageDSP

/// Receiver positions for `soundstage rir --receivers`: a CSV of room coordinates or a seat-set file.
public enum ReceiverList {
    /// The positions in `file`, room frame, metres:
    /// - a `.csv` whose first line is the header `x,y,z`, then one receiver per line;
    /// - otherwise a seat-set file (YAML, see README "Seat sets"), whose seats are in the device's frame:
    ///   placed with the room file's `device` key at their ear heights.
    /// - Throws: ``InputError`` naming the file (and line) and what is wrong.
    public static func load(_ file: String, room: RoomFile.Contents) throws -> [Vector3] {
        let positions = file.lowercased().hasSuffix(".csv") ? try csv(file) : try seats(file, room: room)
        guard !positions.isEmpty else { throw InputError(file, "lists no receivers") }
        return positions
    }

    /// Rows of a `x,y,z` CSV.
    static func csv(_ file: String) throws -> [Vector3] {
        let lines = try TextFile.read(file).split(whereSeparator: \.isNewline).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard let header = lines.first, header.replacingOccurrences(of: " ", with: "").lowercased() == "x,y,z" else {
            throw InputError(file, "the first line must be the header 'x,y,z' (room coordinates in metres)")
        }
        return try lines.dropFirst().enumerated().compactMap { offset, line in
            if line.isEmpty { return nil }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
                Double($0.trimmingCharacters(in: .whitespaces))
            }
            guard fields.count == 3, let x = fields[0], let y = fields[1], let z = fields[2],
                x.isFinite, y.isFinite, z.isFinite
            else {
                throw InputError(file, "line \(offset + 2): expected three numbers x,y,z in metres, got '\(line)'")
            }
            return Vector3(x, y, z)
        }
    }

    /// A seat-set file's seats placed in the room by its `device` key.
    static func seats(_ file: String, room: RoomFile.Contents) throws -> [Vector3] {
        let seats = try SeatSetFile.load(file)
        guard let position = room.devicePosition else {
            throw InputError(
                file,
                "seat sets are in the device's frame, and \(room.file) places no device: add its 'device' key, or give"
                    + " a CSV with the header x,y,z in room coordinates")
        }
        let device = Device(name: "placement", drivers: [], position: position, yawRadians: room.deviceYawRadians)
        return seats.poses(device: device).map(\.position)
    }
}
