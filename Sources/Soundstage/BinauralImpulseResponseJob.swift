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

    public init(roomFile: String, seat: Vector3) {
        self.roomFile = roomFile
        self.seat = seat
    }

    /// Simulates one BRIR per driver, in the device's driver order.
    public func run() throws -> [(driver: String, ears: EarSignals)] {
        let contents = try RoomFile.load(roomFile)
        let device = try contents.place(
            DeviceFile.load(device), at: devicePosition, yawRadians: deviceYawDegrees.map { $0 * Double.pi / 180 })
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
            try SimulationBudget(simulator).check()
        } catch let error as RoomGeometryError {
            throw InputError(roomFile, error.message)
        }
        let renderer = BinauralRenderer(simulator: simulator, table: HeadResponseTable(head: head))
        return device.drivers.map { driver in
            (driver.name, renderer.render(renderer.simulator.prepare(source: device.source(driver)), listener: pose))
        }
    }

    /// Runs and writes `DIR/<driver>.wav` (stereo float 32: left ear, right ear), atomically.
    public func write(to directory: String, option: String = "output folder") throws -> [String] {
        let output = try OutputDirectory(directory, option: option)
        let results: [(driver: String, ears: EarSignals)]
        do { results = try run() } catch {
            output.abandon()
            throw error
        }
        do {
            for (name, ears) in results {
                try WAVFile.write(
                    AudioBuffer(sampleRate: sampleRate, channels: [ears.left, ears.right]),
                    to: output.path("\(name).wav"))
            }
            try output.commit()
        } catch {
            output.abandon()
            throw error
        }
        return results.map { "\($0.driver).wav" }
    }
}
