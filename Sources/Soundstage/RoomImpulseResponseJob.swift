import AudioFiles
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
    /// Format of the files written; float 32-bit WAV by default.
    public var audioFormat = AudioFileFormat.wavFloat32

    public init(roomFile: String, source: Vector3, receiver: Vector3) {
        self.roomFile = roomFile
        self.source = source
        self.receiver = receiver
    }

    /// Simulates the response; throws ``InputError`` for bad files or positions.
    public func run() throws -> AudioBuffer {
        let simulator = try simulator(RoomFile.load(roomFile))
        do {
            let response = try simulator.impulseResponses(source: SoundSource(position: source), receivers: [receiver])[
                0]
            return AudioBuffer(sampleRate: sampleRate, channels: [response])
        } catch let error as RoomGeometryError {
            throw InputError("--\(error.key)", error.message)
        }
    }

    /// The room file's simulator with this job's settings, checked against the memory budget (`threads`
    /// receivers at a time).
    private func simulator(_ contents: RoomFile.Contents, threads: Int = 1) throws -> RoomSimulator {
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
            try SimulationBudget(simulator, sources: [source], threads: threads).check()
        } catch let error as RoomGeometryError {
            throw InputError(roomFile, error.message)
        }
        return simulator
    }

    /// `soundstage rir --receivers`: the response at every receiver listed in `receiverFile` (see
    /// ``ReceiverList``), written into the folder `directory` as `receiver-NNNN.wav` (mono float 32,
    /// in list order from 1) with `receivers.csv` (index, file, x, y, z, distance to the source).
    ///
    /// Receivers run in parallel, `jobs` at a time, each worker writing its receiver's file as soon as
    /// it is computed (no batch waits for its slowest receiver or for the writing), so memory holds at
    /// most `jobs` responses whatever the list's length; after a failure the workers start no new
    /// receiver. The folder appears only complete (``OutputDirectory``). Returns the number of receivers.
    public func write(
        receivers receiverFile: String, to directory: String, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
        option: String = "--out"
    ) throws -> Int {
        let contents = try RoomFile.load(roomFile)
        let positions = try ReceiverList.load(receiverFile, room: contents)
        let simulator = try simulator(contents, threads: jobs)
        for (i, p) in positions.enumerated() where !contents.room.contains(p) {
            throw InputError(receiverFile, "receiver \(i + 1) at \(p) m is outside the room '\(contents.room.name)'")
        }
        guard contents.room.contains(source) else {
            throw InputError("--source", "position \(source) m is outside the room '\(contents.room.name)'")
        }
        let output = try OutputDirectory(directory, option: option)
        do {
            let prepared = simulator.prepare(source: SoundSource(position: source))
            let failed = SharedFlag()
            let (format, rate, source) = (audioFormat, sampleRate, source)
            let lines = ParallelResults<Result<String, any Error>>.map(count: positions.count, jobs: jobs) { i in
                guard !failed.isSet else { return .failure(CancellationError()) }
                let p = positions[i]
                let name = String(format: "receiver-%04d.", i + 1) + format.container.rawValue
                do {
                    try AudioFile.write(
                        AudioBuffer(sampleRate: rate, channels: [simulator.impulseResponse(prepared, receiver: p)]),
                        to: output.path(name), format: format)
                } catch {
                    failed.set()
                    return .failure(error)
                }
                return .success(
                    String(format: "%d,%@,%.4f,%.4f,%.4f,%.4f\n", i + 1, name, p.x, p.y, p.z, (p - source).length))
            }
            // The first failure in list order that is not a worker stopping because of another one.
            if let error = lines.lazy.compactMap({ line -> (any Error)? in
                guard case .failure(let error) = line, !(error is CancellationError) else { return nil }
                return error
            }).first {
                throw error
            }
            let index = try "index,file,x,y,z,distance_m\n" + lines.map { try $0.get() }.joined()
            try index.write(toFile: output.path("receivers.csv"), atomically: false, encoding: .utf8)
            try output.commit()
        } catch {
            output.abandon()
            throw error
        }
        return positions.count
    }
}
