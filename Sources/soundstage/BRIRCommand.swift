import ArgumentParser
import AudioFiles
import Evaluation
import Reports
import SceneFiles
import Soundstage
import SoundstageDSP

struct BRIRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brir",
        abstract: "Binaural room impulse responses of every driver of a device at one seat.",
        discussion: """
            Writes DIR/<driver>.wav, stereo (left ear, right ear), float 32 unless --format/--subtype say otherwise; \
            with --format sofa, one AES69 SOFA file (SingleRoomMIMOSRIR: 1 × 2 ears × drivers × samples) at --out. \
            The device sits where the room file's 'device' key says, or at --device-position.
            """
    )

    @Argument(help: "Room file (YAML).") var room: String
    @Option(help: "Listener head centre X,Y,Z in metres.") var seat: Vector3
    @Option(help: "Listener yaw in degrees within ±360 (0 faces +x); default: facing the device.") var yaw:
        AngleDegrees?
    @Option(help: "Device: a name in Devices/ (echo-studio) or a device file.") var device: String = DeviceFile
        .defaultName
    @Option(help: "Device centre X,Y,Z in metres (default: the room file's device position).") var devicePosition:
        Vector3?
    @Option(help: "Device yaw in degrees (default: the room file's, else 0).") var deviceYaw: AngleDegrees?
    @Option(help: "Head file (YAML); default: the analytic 8.75 cm sphere.") var head: String?
    @Option(help: "Sample rate in Hz.") var fs: Double = 48000
    @Option(help: "Seed of the late tail's noise.") var seed: UInt64 = 0
    @Option(help: "wav, flac, aiff (one file per driver in the --out folder) or sofa (one file at --out).")
    var format: BRIRFormat = .wav
    @Option(help: "Sample encoding of wav/aiff/flac files: \(AudioOutputOptions.subtypeList).") var subtype:
        AudioFileFormat.Encoding?
    @Option(help: "Output folder (replaced atomically); the output file with --format sofa.") var out: String

    func validate() throws {
        guard fs >= 8000 && fs <= 192_000 else {
            throw ValidationError(inputError: InputError("--fs", "must lie in 8000…192000 Hz, got \(fs)"))
        }
        if format == .sofa, subtype != nil {
            throw ValidationError(inputError: InputError("--subtype", "SOFA files hold float 64; leave --subtype out"))
        }
    }

    func run() throws {
        try reportingInputErrors {
            var job = BinauralImpulseResponseJob(roomFile: room, seat: seat)
            job.yawDegrees = yaw?.value
            job.device = device
            job.devicePosition = devicePosition
            job.deviceYawDegrees = deviceYaw?.value
            job.headFile = head
            job.sampleRate = fs
            job.seed = seed
            guard let container = format.container else {
                try job.writeSOFA(to: out)
                print("wrote \(out): SOFA SingleRoomMIMOSRIR, 2 ears × every driver")
                return
            }
            job.audioFormat = try AudioOutputOptions.format(container, subtype)
            let files = try job.write(to: out, option: "--out")
            print("wrote \(files.count) binaural responses to \(out): \(files.joined(separator: ", "))")
        }
    }
}

/// What `brir` writes: a folder of audio files, or one SOFA file.
enum BRIRFormat: String, ExpressibleByArgument, CaseIterable {
    case wav, flac, aiff, sofa

    var container: AudioFileFormat.Container? { AudioFileFormat.Container(rawValue: rawValue) }
}
