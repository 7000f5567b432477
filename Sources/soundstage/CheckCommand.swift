import ArgumentParser
import Evaluation
import Foundation
import Reports
import SceneFiles
import Soundstage

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Regression gate: compare a sweep's summary with a baseline; exit 1 when a metric got worse.",
        discussion:
            "Exit codes: 0 nothing regressed, 1 a regression (table on stdout), 2 bad input. Tolerances and "
            + "directions: README, 'Regression gate'."
    )

    @Option(help: "Baseline summary.json.") var baseline: String = "Reports/baseline/summary.json"
    @Option(help: "A sweep's output folder to check (reads its summary.json).") var results: String?
    @Option(help: "Run this study now and check it (nothing is written).") var study: String?
    @Option(help: "Worker threads for --study.") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard jobs >= 1 else {
            throw ValidationError(inputError: InputError("--jobs", "must be 1 or more, got \(jobs)"))
        }
    }

    func run() throws {
        var regressed = false
        try reportingInputErrors {
            switch (results, study) {
            case (.some, .none), (.none, .some): break
            default: throw InputError("check", "give exactly one of --results DIR or --study STUDY.yaml")
            }
            let base = try JSONValue.parse(try TextFile.read(baseline), file: baseline)
            let current: JSONValue
            if let results {
                let file = (results as NSString).appendingPathComponent("summary.json")
                current = try JSONValue.parse(try TextFile.read(file), file: file)
            } else if let study {
                current = try SweepJob(studyFile: study, jobs: jobs).run().summaryJSON()
            } else {
                throw InputError("check", "give exactly one of --results DIR or --study STUDY.yaml")
            }
            let findings = try RegressionGate.compare(baseline: base, current: current, baselineFile: baseline)
            let worse = findings.filter { $0.kind != .better }, better = findings.filter { $0.kind == .better }
            let compared = RegressionGate.gatedCount(base)
            if !worse.isEmpty {
                print("REGRESSION: \(worse.count) of \(compared) gated aggregates got worse than \(baseline) allows:\n")
                print(RegressionGate.table(worse))
                regressed = true
            } else {
                print("OK: none of \(compared) gated aggregates got worse than \(baseline) allows.")
            }
            if !better.isEmpty {
                print(
                    "\n\(better.count) aggregates improved beyond tolerance (refresh the baseline with 'soundstage "
                        + "baseline --from DIR'):\n"
                )
                print(RegressionGate.table(better))
            }
        }
        if regressed { throw ExitCode(1) }
    }
}
