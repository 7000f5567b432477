import ArgumentParser
import AudioFiles
import Evaluation
import Reports
import SceneFiles
import Soundstage
import SoundstageDSP

struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Room-acoustic (ISO 3382-1) and binaural metrics of an impulse response WAV file.",
        discussion:
            "A mono file gets room parameters; a stereo file (left ear, right ear) gets them per ear plus IACC, ITD, "
            + "ILD and interaural coherence."
    )

    @Argument(help: "Impulse response: mono, or stereo with the left ear first.")
    var file: String

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        try reportingInputErrors {
            let report = try MetricsReport(audio: AudioFile.read(path: file), source: file)
            print(json ? report.json.rendered() : report.table, terminator: json ? "\n" : "")
        }
    }
}
