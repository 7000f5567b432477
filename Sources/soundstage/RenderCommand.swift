import ArgumentParser
import AudioFiles
import Evaluation
import Foundation
import Reports
import SceneFiles
import Soundstage
import SoundstageDSP
import SpatialChain

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a stereo WAV through the chain, the device and the room to one seat's ears (a binaural WAV).",
        discussion: "Modes: \(ChainMode.helpList). The device sits where the room file's 'device' key says."
    )

    @Argument(
        help:
            "Stereo (or mono) programme, at any rate where the chain's crossovers fit (≥ 11.2 kHz by default)."
    )
    var input: String
    @Option(help: "Room file (YAML).") var room: String
    @Option(help: "Listener head centre X,Y,Z in metres.") var seat: Vector3
    @Option(help: "Mode: \(ChainMode.helpList).") var mode: ChainMode = .spatial
    @Option(
        help: """
            A filter set (audio file, channel i·D + d = input i (L, R) to driver d) that drives the device \
            instead of --mode.
            """) var filters: String?
    @Option(help: "Head file (YAML); default: the analytic 8.75 cm sphere.") var head: String?
    @Option(help: "Chain file (YAML); default: the built-in design.") var chain: String?
    @Option(help: "Listener yaw in degrees, within ±360; default: facing the device.") var yaw: AngleDegrees?
    @Option(help: "Seconds of room decay rendered after the programme (0–30); default: the room's (≥ 0.3 s).")
    var tail: Double?
    @OptionGroup var output: AudioOutputOptions
    @Option(help: "Output audio file (stereo: left ear, right ear).") var out: String

    func validate() throws {
        if let tail, !(0...30).contains(tail) {
            throw ValidationError(inputError: InputError("--tail", "must lie in 0…30 s, got \(tail)"))
        }
    }

    func run() throws {
        try reportingInputErrors {
            var job = RenderJob(inputFile: input, roomFile: room, seat: seat)
            job.mode = mode
            job.filtersFile = filters
            job.headFile = head
            job.chainFile = chain
            job.yawDegrees = yaw?.value
            job.tailSeconds = tail
            let audio = try job.run()
            let peak = audio.channels.flatMap { $0 }.map(abs).max() ?? 0
            var scaled = audio
            // Keep the float file in ±1 so it plays without clipping; report the gain.
            let gain = peak > 0.99 ? 0.99 / peak : 1
            if gain < 1 { scaled.channels = audio.channels.map { $0.map { $0 * gain } } }
            try AudioFile.write(scaled, to: out, format: output.audioFormat)
            print(
                "wrote \(out): \(filters ?? mode.name) mode, \(audio.frameCount) samples"
                    + (gain < 1 ? String(format: ", scaled by %.1f dB to avoid clipping", 20 * log10(gain)) : ""))
        }
    }
}
