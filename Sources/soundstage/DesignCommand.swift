import ArgumentParser
import Binaural
import Evaluation
import Foundation
import Reports
import SceneFiles
import Soundstage
import SpatialChain

struct DesignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "design",
        abstract: "Plot the designed chain: beam patterns, CTC cancellation against its target, filter responses.",
        discussion:
            "Writes beam-heatmap.svg, beam-polar.svg, ctc-cancellation.svg, filters.svg, design.csv (beam DI, Q, its "
            + "bound and side level; CTC ratio, boost and radiation per octave), design.md (can the beam beat in-phase "
            + "driving?), beam-tradeoff.svg (Q against the side null) and ctc-tradeoff.svg (cancellation against "
            + "radiated power)."
    )

    @Option(help: "Chain file (YAML); default: the built-in design.") var chain: String?
    @Option(help: "Head file (YAML); default: the analytic 8.75 cm sphere.") var head: String?
    @Option(help: "Device: a name in Devices/ (echo-studio) or a device file.") var device: String = DeviceFile
        .defaultName
    @Option(help: "Output folder (replaced atomically).") var out: String
    @Option(
        help: """
            Also write the device modes' filters into this folder (replaced atomically), float 64, channel \
            i·D + d = input i to driver d, loadable as filter-set modes: matrix.wav, ctc.wav (inputs L, R); beam.wav, \
            spatial.wav (inputs L′, R′, C behind the upmix); ctc- and spatial-separation.wav (virtualizer bypassed).
            """) var exportFilters: String?
    @Option(help: "Sample rate of the design and the exported filters, Hz.") var fs: Double = 48000

    func validate() throws {
        guard fs >= 16000 && fs <= 192_000 else {
            throw ValidationError(inputError: InputError("--fs", "must lie in 16000…192000 Hz, got \(fs)"))
        }
    }

    func run() throws {
        try reportingInputErrors {
            let configuration = try chain.map(ChainFile.load) ?? ChainConfiguration()
            let listener = try head.map { try HeadFile.load($0, sampleRate: fs) } ?? SphereHead()
            let model = try ChainFile.designHead(configuration, listener: listener, sampleRate: fs)
            let report = try DesignReport(
                device: DeviceFile.load(device), head: model, configuration: configuration, sampleRate: fs)
            let output = try OutputDirectory(out, option: "--out")
            do {
                for (name, text) in report.files(tradeoffs: true) {
                    try text.write(toFile: output.path(name), atomically: true, encoding: .utf8)
                }
                try output.commit()
            } catch {
                output.abandon()
                throw error
            }
            print("wrote the design plots to \(out)")
            if let exportFilters {
                try FilterExport.write(report.processor, to: exportFilters)
                print("wrote matrix, ctc, beam and spatial filters (and separation filters) to \(exportFilters)")
            }
        }
    }
}
