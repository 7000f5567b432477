import ArgumentParser
import Evaluation
import Foundation
import Soundstage
import SpatialChain

struct TuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Search chain parameters for the largest listening zone of a mode over a study's rooms.",
        discussion: """
            Nelder–Mead in the box of the given --param intervals, from the study's own chain; every evaluation \
            sweeps the study with --mode only. Writes DIR/best-chain.yaml, evaluations.csv, summary.md and \
            objective.svg; progress on stderr.
            """
    )

    @Argument(help: "Study file (YAML).") var study: String
    @Option(help: "KEY=LOW:HIGH: a one-number chain key and its interval (repeatable).") var param: [String]
    @Option(help: "The objective: zone_area (the listening-zone area summed over the rooms).") var objective =
        "zone_area"
    @Option(help: "The mode whose zone is maximized.") var mode: ChainMode = .spatial
    @Option(help: "Evaluations (sweeps), the start included.") var budget = 12
    @Option(help: "Reject chains whose median coloration in any room exceeds this, dB.") var maxColorationDb: Double?
    @Option(help: "Output folder (replaced atomically).") var out: String

    func validate() throws {
        guard objective == "zone_area" else {
            throw ValidationError(
                inputError: InputError("--objective", "only zone_area is available, got \(objective)"))
        }
        guard (2...500).contains(budget) else {
            throw ValidationError(inputError: InputError("--budget", "must lie in 2…500, got \(budget)"))
        }
        guard !param.isEmpty else { throw ValidationError(inputError: InputError("--param", "give at least one")) }
        guard mode != .reference else {
            throw ValidationError(inputError: InputError("--mode", "the reference pair has no chain to tune"))
        }
    }

    func run() throws {
        try reportingInputErrors {
            var job = try TuneJob(
                studyFile: study, parameters: param.map { try TuneJob.Parameter(parsing: $0) }, mode: mode,
                budget: budget)
            job.maxColorationDB = maxColorationDb
            job.progress = { index, e in
                let values = e.values.map { String(format: "%.3g", $0) }.joined(separator: ", ")
                FileHandle.standardError.write(
                    Data(String(format: "tune: %d/%d (%@): zone %.3f m²\n", index, budget, values, e.objective).utf8))
            }
            let (evaluations, loaded) = try job.run()
            try job.write(evaluations, study: loaded, to: out)
            print("wrote \(out): best-chain.yaml, evaluations.csv, summary.md, objective.svg")
        }
    }
}
