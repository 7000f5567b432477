import Binaural
import Evaluation
import Foundation
import Reports
import RoomAcoustics
import SceneFiles
import Soundstage
import SoundstageDSP
import Testing

@Suite("Head, device and BRIR jobs")
struct ListenerFileTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test(
        "Every head file in Listeners/ loads",
        arguments: ["sphere.yaml", "child-sphere.yaml", "structural.yaml", "kemar.yaml"])
    func headFilesLoad(name: String) throws {
        let head = try HeadFile.load(
            ListenerFileTests.root.appendingPathComponent("Listeners/\(name)").path, sampleRate: 48000)
        #expect(head.radius > 0.05)
    }

    @Test(
        "Bad head and device files name the file, the key and the problem",
        arguments: [
            (
                "model: cylinder",
                "head.yaml: key 'model': unknown head model 'cylinder' (allowed: sphere, structural, sofa)"
            ),
            ("model: sphere\nradius: 0.5", "head.yaml: key 'radius': 0.5 m is outside the allowed range 0.03…0.2"),
            ("model: sofa\nfile: /nonexistent.sofa", "head.yaml: key 'file': /nonexistent.sofa: no such file"),
        ])
    func badHeadFiles(yaml: String, message: String) {
        do {
            _ = try HeadFile.parse(SceneNode.parse(yaml: yaml, file: "head.yaml"), sampleRate: 48000)
            Issue.record("expected an error")
        } catch { #expect("\(error)" == message) }
    }

    @Test("A device file builds its drivers; a zero axis is refused")
    func deviceFile() throws {
        let device = try DeviceFile.parse(
            SceneNode.parse(
                yaml: """
                    name: bar
                    drivers:
                      - {name: left, position: [0, 0.2, 0], axis: [1, 0, 0], radius: 0.02}
                      - {name: right, position: [0, -0.2, 0], axis: [1, 0, 0], directivity: cardioid}
                    """, file: "bar.yaml"))
        #expect(device.drivers.map(\.name) == ["left", "right"])
        #expect(device.drivers[1].directivity == .firstOrder(omniWeight: 0.5))
        #expect(throws: InputError.self) {
            try DeviceFile.parse(
                SceneNode.parse(yaml: "drivers:\n  - {position: [0, 0, 0], axis: [0, 0, 0]}", file: "d.yaml"))
        }
        #expect(try DeviceFile.load("echo-studio").drivers.count == 5)
    }

    @Test("A device placed with a driver outside the room, or a room file without a device position, is refused")
    func devicePlacement() throws {
        let contents = try RoomFile.parse(
            SceneNode.parse(yaml: "shape: shoebox\ndimensions: [4, 3, 2.5]\nabsorption: 0.2", file: "r.yaml"))
        #expect(throws: InputError.self) { try contents.place(try DeviceFile.load("echo-studio")) }  // no device key
        // 5 cm from the floor: the down-firing woofer (10 cm below the centre) is outside.
        #expect(throws: InputError.self) {
            try contents.place(try DeviceFile.load("echo-studio"), at: Vector3(1, 1.5, 0.05))
        }
        #expect(
            try contents.place(try DeviceFile.load("echo-studio"), at: Vector3(1, 1.5, 1.0)).position
                == Vector3(1, 1.5, 1.0))
        #expect(throws: InputError("seat", "position (5.000, 1.000, 1.000) m is outside the room 'r'")) {
            try contents.requireSeat(Vector3(5, 1, 1))
        }
    }

    @Test("brir writes one stereo WAV per driver; a seat outside the room writes nothing")
    func brirJob() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("brir-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        var job = BinauralImpulseResponseJob(
            roomFile: ListenerFileTests.root.appendingPathComponent("Rooms/bedroom-dead.yaml").path,
            seat: Vector3(2.2, 1.2, 1.2))
        let files = try job.write(to: tmp)
        #expect(files == ["woofer.wav", "mid-left.wav", "mid-right.wav", "mid-top.wav", "tweeter.wav"])
        // The WAVs and the marker that lets a later run replace the folder.
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: tmp).sorted()
                == (files + [OutputDirectory.markerName]).sorted())
        job.seat = Vector3(9, 1, 1)
        let other = tmp + "-bad"
        #expect(throws: InputError.self) { try job.write(to: other) }
        #expect(!FileManager.default.fileExists(atPath: other))
    }
}

@Suite("Seat sets")
struct SeatSetTests {
    @Test("The sofa grid has 15 × 15 seats 0.25 m apart, placed relative to the device and facing it")
    func sofaGrid() throws {
        let set = try SeatSetFile.load(ListenerFileTests.root.appendingPathComponent("Listeners/sofa-grid.yaml").path)
        #expect(set.points.count == 225 && set.spacing == 0.25)
        var device = try DeviceFile.load("echo-studio")
        (device.position, device.yawRadians) = (Vector3(0.3, 2.25, 0.9), Double.pi / 2)
        let pose = set.pose(seat: set.points.firstIndex { $0.x == 2 && $0.y == 0 }!, device: device)
        // Yaw 90°: the device faces +y, so 2 m in front is +2 m in y; the listener faces back (−y).
        #expect(abs(pose.position.x - 0.3) < 1e-12 && abs(pose.position.y - 4.25) < 1e-12 && pose.position.z == 1.1)
        #expect(abs(pose.yawRadians + Double.pi / 2) < 1e-12)
        #expect(abs(pose.lateralAngleDegrees(of: device.position)) < 1e-9)
    }

    @Test("A seat file must give exactly one form of seats")
    func oneForm() throws {
        #expect(throws: InputError.self) {
            try SeatSetFile.parse(SceneNode.parse(yaml: "ear_height: 1.1", file: "s.yaml"))
        }
        #expect(throws: InputError.self) {
            try SeatSetFile.parse(
                SceneNode.parse(yaml: "seats: [[1, 0]]\nline: {from: [1, 0], to: [2, 0], count: 3}", file: "s.yaml"))
        }
        #expect(
            try SeatSetFile.parse(SceneNode.parse(yaml: "line: {from: [2, 0], to: [2, 1.5], count: 7}", file: "s.yaml"))
                .points.count == 7)
    }
}
