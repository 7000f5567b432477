import Evaluation
import Foundation
import Reports
import RoomAcoustics
import SceneFiles
import SoundstageDSP

/// `soundstage rir`: one omni source to one omni receiver in a room file.
public struct RoomImpulseResponseJob {
    public var roomFile: String
    public var source: Vector3
    public var receiver: Vector3
    public var maxOrder: Int?
    public var lateTail = true
    public var airAbsorption = true
    public var sampleRate = 48000.0
    public var duration: Double?
    public var seed: UInt64 = 0
    public var highPassHz: Double?

    public init(roomFile: String, source: Vector3, receiver: Vector3) {
        self.roomFile = roomFile
        self.source = source
        self.receiver = receiver
    }

    /// Simulates the response; throws ``InputError`` for bad files or positions.
    public func run() throws -> AudioBuffer {
        let contents = try RoomFile.load(roomFile)
        var options = contents.options
        if let maxOrder { options.maxOrder = maxOrder }
        if let duration { options.duration = duration }
        options.lateTail = lateTail
        options.airAbsorption = airAbsorption
        options.sampleRate = sampleRate
        options.seed = seed
        options.highPassHz = highPassHz
        let simulator = RoomSimulator(room: contents.room, options: options)
        do {
            try SimulationBudget(simulator).check()
        } catch let error as RoomGeometryError {
            throw InputError(roomFile, error.message)
        }
        do {
            let response = try simulator.impulseResponses(
                source: SoundSource(position: source), receivers: [receiver], jobs: 1)[0]
            return AudioBuffer(sampleRate: sampleRate, channels: [response])
        } catch let error as RoomGeometryError {
            throw InputError("--\(error.key)", error.message)
        }
    }
}
