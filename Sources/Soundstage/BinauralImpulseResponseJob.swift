import AudioFiles
import Binaural
import BinauralRoom
import Evaluation
import Foundation
import Reports
import RoomAcoustics
import RoomMetrics
import SceneFiles
import SoundstageDSP

/// `soundstage brir`: binaural room impulse responses of every driver of a device at one seat.
public struct BinauralImpulseResponseJob {
    public var roomFile: String
    /// Head centre of the listener, metres.
    public var seat: Vector3
    /// Listener yaw in degrees; nil: facing the device.
    public var yawDegrees: Double?
    /// A device name (see ``DeviceFile/searchFolders``) or a device file.
    public var device = DeviceFile.defaultName
    /// Device position; nil: the room file's `device` key.
    public var devicePosition: Vector3?
    public var deviceYawDegrees: Double?
    /// Head file; nil: the analytic sphere.
    public var headFile: String?
    public var sampleRate = 48000.0
    public var seed: UInt64 = 0
    /// Format of the per-driver files ``write(to:option:)`` writes.
    public var audioFormat = AudioFileFormat.wavFloat32

    public init(roomFile: String, seat: Vector3) {
        self.roomFile = roomFile
        self.seat = seat
    }

    /// The simulated responses and the geometry they were simulated with.
    public struct Result {
        public var responses: [(driver: String, ears: EarSignals)]
        public var device: Device
        public var pose: ListenerPose
        public var head: any HeadModel
        public var room: Room
    }

    /// Simulates one BRIR per driver, in the device's driver order.
    public func run() throws -> Result {
        let contents = try RoomFile.load(roomFile)
        let device = try contents.place(
            DeviceFile.load(device), at: devicePosition, yawRadians: deviceYawDegrees.map { $0 * Double.pi / 180 },
            overridden: { InputError(devicePosition == nil ? "--device-yaw" : "--device-position", $0) })
        try contents.requireSeat(seat)
        try RoomFile.Contents.requireClear(seat, of: device)
        let head = try headFile.map { try HeadFile.load($0, sampleRate: sampleRate) } ?? SphereHead()
        var options = contents.options
        options.sampleRate = sampleRate
        options.seed = seed
        let room = contents.room
        let pose =
            yawDegrees.map { ListenerPose(position: seat, yawRadians: $0 * Double.pi / 180) }
            ?? .facing(device.position, from: seat)
        let simulator = RoomSimulator(room: room, options: options)
        do {
            // Drivers are rendered one after another: each one's images alone must fit.
            for driver in device.drivers {
                try SimulationBudget(simulator, sources: [device.source(driver).position]).check()
            }
        } catch let error as RoomGeometryError {
            throw InputError(roomFile, error.message)
        }
        let renderer = BinauralRenderer(simulator: simulator, table: HeadResponseTable(head: head))
        let responses = device.drivers.map { driver in
            (driver.name, renderer.render(renderer.simulator.prepare(source: device.source(driver)), listener: pose))
        }
        return Result(responses: responses, device: device, pose: pose, head: head, room: room)
    }

    /// Runs and writes `DIR/<driver>.<ext>` (stereo: left ear, right ear) in ``audioFormat``, atomically.
    public func write(to directory: String, option: String = "output folder") throws -> [String] {
        let output = try OutputDirectory(directory, option: option)
        let results: Result
        do { results = try run() } catch {
            output.abandon()
            throw error
        }
        let ext = audioFormat.container.rawValue
        do {
            for (name, ears) in results.responses {
                try AudioFile.write(
                    AudioBuffer(sampleRate: sampleRate, channels: [ears.left, ears.right]),
                    to: output.path("\(name).\(ext)"), format: audioFormat)
            }
            try output.commit()
        } catch {
            output.abandon()
            throw error
        }
        return results.responses.map { "\($0.driver).\(ext)" }
    }

    /// Runs and writes one AES69 SOFA file (``SOFARoomResponses``) to `path`, atomically.
    public func writeSOFA(to path: String) throws {
        let result = try run()
        let device = result.device
        let yaw = result.pose.yawRadians
        let sofa = SOFARoomResponses(
            sampleRate: sampleRate, listenerPosition: seat, listenerView: Vector3(cos(yaw), sin(yaw), 0),
            receiverPositions: [Vector3(0, result.head.radius, 0), Vector3(0, -result.head.radius, 0)],
            sourcePosition: device.position, sourceView: device.toRoom(direction: Vector3(1, 0, 0)),
            emitterNames: device.drivers.map(\.name), emitterPositions: device.drivers.map(\.position),
            emitterViews: device.drivers.map(\.axis),
            responses: [result.responses.map(\.ears.left), result.responses.map(\.ears.right)],
            shoeboxCorners: result.room.shoeboxDimensions.map { (.zero, $0) }, roomFile: roomFile,
            title: "\(device.name) in \(result.room.name), listener at \(seat.x), \(seat.y), \(seat.z) m",
            applicationVersion: SoundstageVersion.current)
        try sofa.write(to: path)
    }
}
