import ArgumentParser
import AudioFiles
import Binaural
import Evaluation
import Reports
import SceneFiles
import Soundstage
import SoundstageDSP

struct HRTFCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hrtf",
        abstract: "A head's ITD and ILD for one direction, measured with the metrics' estimators.",
        discussion:
            "Azimuth 0° is straight ahead, positive to the left; elevation positive up. ITD is positive when the right "
            + "ear lags, ILD positive when the left ear is louder."
    )

    @Option(help: "Head file (YAML); default: the analytic 8.75 cm sphere.") var head: String?
    @Option(help: "Azimuth in degrees, positive to the left.") var azimuth: Double
    @Option(help: "Elevation in degrees, positive up.") var elevation: Double = 0
    @Option(help: "Sample rate in Hz.") var fs: Double = 48000
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var audio: AudioOutputOptions
    @Option(help: "Also write the HRIR pair (1024 samples, head-centre arrival at 1 ms) as a stereo audio file.")
    var out: String?

    func validate() throws {
        guard (-360...360).contains(azimuth) else {
            throw ValidationError(inputError: InputError("--azimuth", "must lie in −360…360°, got \(azimuth)"))
        }
        guard (-90...90).contains(elevation) else {
            throw ValidationError(inputError: InputError("--elevation", "must lie in −90…90°, got \(elevation)"))
        }
        guard fs >= 8000 && fs <= 192_000 else {
            throw ValidationError(inputError: InputError("--fs", "must lie in 8000…192000 Hz, got \(fs)"))
        }
    }

    func run() throws {
        try reportingInputErrors {
            let model = try head.map { try HeadFile.load($0, sampleRate: fs) } ?? SphereHead()
            let report = HRTFReport(head: model, azimuthDegrees: azimuth, elevationDegrees: elevation, sampleRate: fs)
            if let out {
                try AudioFile.write(
                    AudioBuffer(sampleRate: fs, channels: [report.hrir.left, report.hrir.right]), to: out,
                    format: audio.audioFormat)
            }
            print(json ? report.json.rendered() : report.table, terminator: json ? "\n" : "")
        }
    }
}
