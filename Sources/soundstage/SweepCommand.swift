import ArgumentParser
import Evaluation
import Foundation
import Reports
import SceneFiles
import Soundstage

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a study: every mode at every seat of every room; results, summary, maps.",
        discussion: """
            Writes results.csv, summary.json, summary.md, study.json, maps/*.svg and design/*.svg into --out \
            (atomically). With --shard K/N only the K-th of N interleaved parts of the seats is run and the \
            folder holds results.csv, study.json and design/; 'soundstage merge' joins the shards.
            """
    )

    @Argument(help: "Study file (YAML); default: \(StudyFile.defaultPath).") var study: String = StudyFile.defaultPath
    @Option(help: "Output folder (its parent must exist).") var out: String
    @Option(help: "Worker threads; default: every core.") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard jobs >= 1 else {
            throw ValidationError(inputError: InputError("--jobs", "must be 1 or more, got \(jobs)"))
        }
    }
    @Option(help: "Run part K of N (e.g. 2/8): seats i with i mod N = K − 1.") var shard: Shard = .whole
    @Flag(help: "No progress on stderr.") var quiet = false

    func run() throws {
        try reportingInputErrors {
            let reporter = ProgressReporter(enabled: !quiet)
            let job = SweepJob(
                studyFile: study, jobs: jobs, shard: shard,
                progress: { reporter.update(done: $0, total: $1) })
            let output = try job.write(to: out, option: "--out")
            reporter.finish()
            for message in output.deprecations { FileHandle.standardError.write(Data("warning: \(message)\n".utf8)) }
            let rooms = output.manifest.rooms.count, modes = output.manifest.modes.count
            print(
                "wrote \(out): \(output.rows.count) rows (\(rooms) room\(rooms == 1 ? "" : "s"), \(modes) "
                    + "mode\(modes == 1 ? "" : "s"))"
                    + (job.shard.count > 1 ? ", shard \(job.shard)" : ""))
        }
    }
}

/// Seats done, rate and time left on stderr: one updating line on a terminal, a line per 10 % otherwise.
final class ProgressReporter: @unchecked Sendable {
    private let enabled: Bool
    private let start = Date()
    private let lock = NSLock()
    private var lastPrinted = Date.distantPast
    private var lastDecile = -1
    private let terminal = isatty(2) != 0

    init(enabled: Bool) { self.enabled = enabled }

    func update(done: Int, total: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        let decile = done * 10 / max(total, 1)
        if terminal ? now.timeIntervalSince(lastPrinted) < 0.25 && done < total : decile == lastDecile { return }
        lastPrinted = now
        lastDecile = decile
        let elapsed = now.timeIntervalSince(start)
        let rate = Double(done) / max(elapsed, 1e-9)
        let left = Double(total - done) / max(rate, 1e-9)
        let text = String(
            format: "sweep: %d/%d seats, %.1f seats/s, %@ left", done, total, rate, ProgressReporter.clock(left))
        FileHandle.standardError.write(Data((terminal ? "\r\(text)  " : text + "\n").utf8))
    }

    func finish() {
        guard enabled else { return }
        let elapsed = Date().timeIntervalSince(start)
        FileHandle.standardError.write(
            Data(((terminal ? "\n" : "") + "sweep: done in \(ProgressReporter.clock(elapsed))\n").utf8))
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
    }
}
