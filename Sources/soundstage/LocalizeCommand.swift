import ArgumentParser
import AudioFiles
import Binaural
import Hearing
import Reports
import SceneFiles
import SoundstageDSP

struct LocalizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "localize",
        abstract: "Where a listener hears the sound of a binaural recording: the auditory model's prediction.",
        discussion:
            "Reads a stereo WAV of ear signals (left ear first), simulated or recorded with a dummy head, and runs the "
            + "auditory model (README \"Auditory model\") on running 20 ms frames. The lateral angle is in degrees, "
            + "−90…90, interaural-polar: 0 straight ahead (or behind), POSITIVE TO THE LISTENER'S LEFT. It is null "
            + "(\"not localizable\") when too few band/frame cues are coherent (diffuse sound) or when the coherent "
            + "cues split into two directions; the notes say which. Spread is the weighted standard deviation of the "
            + "selected cues' angles; confidence the share of audible cues that passed the coherence and precedence "
            + "tests. --head must be the head the recording was made with (its HRTFs calibrate the cue-to-angle maps)."
    )

    @Argument(help: "Ear signals: a stereo WAV, left ear first.")
    var file: String

    @Option(help: "Head file (YAML) of the listener or dummy head; default: the analytic 8.75 cm sphere.")
    var head: String?

    @Flag(help: "Print JSON (keys lateral_deg, spread_deg, confidence, notes, bands) instead of a table.")
    var json = false

    func run() throws {
        try reportingInputErrors {
            let audio = try AudioFile.read(path: file)
            let listener = try head.map { try HeadFile.load($0, sampleRate: audio.sampleRate) } ?? SphereHead()
            let report = try LocalizationReport(
                audio: audio, source: file, model: BinauralModel(head: listener, sampleRate: audio.sampleRate))
            print(json ? report.json.rendered() : report.table, terminator: json ? "\n" : "")
        }
    }
}
