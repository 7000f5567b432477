import ArgumentParser
import AudioFiles
import Evaluation
import Reports
import SceneFiles
import Soundstage
import SoundstageDSP

struct RIRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rir",
        abstract: "Room impulse responses from an omni source to omni receivers (image sources + late tail).",
        discussion: """
            Writes a mono audio file (float-32 WAV unless --format/--subtype say otherwise) for \
            --receiver, or a folder with one file per receiver and receivers.csv (--receivers). Amplitude \
            is 1/r (1 at 1 m); t = 0 is sample 0.
            """
    )

    @Argument(help: "Room file (YAML).") var room: String
    @Option(help: "Source position X,Y,Z in metres.") var source: Vector3
    @Option(help: "Receiver position X,Y,Z in metres.") var receiver: Vector3?
    @Option(
        help: """
            Many receivers: a CSV with the header x,y,z (room coordinates, metres) or a seat-set file (placed by the \
            room file's device); --out is then a folder.
            """) var receivers: String?
    @Option(
        help: """
            Highest reflection order of exact images (default: by time for shoeboxes, up to the transition for \
            other rooms).
            """
    ) var maxOrder: Int?
    @Flag(help: "Leave out the stochastic late tail.") var noTail = false
    @Flag(help: "Leave out air absorption.") var noAir = false
    @Option(help: "Sample rate in Hz.") var fs: Double = 48000
    @Option(help: "Response length in seconds (default: 1.5 × the room's longest Eyring RT60, 0.1–4 s).") var duration:
        Double?
    @Option(help: "Seed of the late tail's noise.") var seed: UInt64 = 0
    @Option(
        help: """
            High-pass corner in Hz (2nd-order Butterworth), removing the DC that all-positive image sums build \
            up; off by default.
            """
    ) var highPass: Double?
    @OptionGroup var audio: AudioOutputOptions
    @Option(help: "Output audio file (a folder with --receivers).") var out: String

    func validate() throws {
        guard (receiver == nil) != (receivers == nil) else {
            throw ValidationError(inputError: InputError("--receiver", "give either --receiver or --receivers"))
        }
        guard fs >= 8000 && fs <= 384_000 else {
            throw ValidationError(inputError: InputError("--fs", "sample rate \(fs) Hz is outside 8000…384000"))
        }
        if let maxOrder, maxOrder < 0 {
            throw ValidationError(inputError: InputError("--max-order", "must be 0 or more, got \(maxOrder)"))
        }
        if let duration, !(0.001...30).contains(duration) {
            throw ValidationError(inputError: InputError("--duration", "must lie in 0.001…30 s, got \(duration)"))
        }
        if let highPass, !(1...1000).contains(highPass) {
            throw ValidationError(
                inputError: InputError("--high-pass", "corner must lie in 1…1000 Hz, got \(highPass)"))
        }
    }

    func run() throws {
        try reportingInputErrors {
            var job = RoomImpulseResponseJob(roomFile: room, source: source, receiver: receiver ?? .zero)
            job.maxOrder = maxOrder
            job.lateTail = !noTail
            job.airAbsorption = !noAir
            job.sampleRate = fs
            job.duration = duration
            job.seed = seed
            job.highPassHz = highPass
            job.audioFormat = try audio.audioFormat
            if let receivers {
                let count = try job.write(receivers: receivers, to: out)
                print("wrote \(out): \(count) responses and receivers.csv")
                return
            }
            let response = try job.run()
            try AudioFile.write(response, to: out, format: job.audioFormat)
            print("wrote \(out): \(response.frameCount) samples at \(Int(fs)) Hz")
        }
    }
}
