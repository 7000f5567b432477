import Evaluation
import Foundation
import Reports
import RoomAcoustics
import SceneFiles

/// `soundstage sweep`: load and validate a study, run it (or one shard), write the report folder.
public struct SweepJob {
    public var studyFile: String
    public var jobs: Int
    public var shard: Shard
    public var progress: StudySweep.Progress?

    public init(
        studyFile: String = StudyFile.defaultPath, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
        shard: Shard = .whole,
        progress: StudySweep.Progress? = nil
    ) {
        self.studyFile = studyFile
        self.jobs = jobs
        self.shard = shard
        self.progress = progress
    }

    /// What a run produced, before it is written.
    public struct Output {
        public var manifest: SweepManifest
        public var rows: [ResultRow]
        public var design: [(String, String)]
        /// Deprecated spellings in the study file, one message each.
        public var deprecations: [String]

        /// The summary as `summary.json` holds it (rows read back from their CSV text first).
        public func summaryJSON() throws -> JSONValue {
            StudySummary(manifest: manifest, rows: try ResultTable.asWritten(rows).rows).json()
        }
    }

    /// Runs the study; throws ``InputError`` for a bad study before any work.
    public func run() throws -> Output {
        guard jobs >= 1 else { throw InputError("jobs", "must be 1 or more, got \(jobs)") }
        let study = try StudyFile.load(studyFile)
        guard shard.count <= study.seatCount else {
            throw InputError(
                "--shard", "\(shard.count) shards for \(study.seatCount) seats: some shards would be empty")
        }
        for room in study.rooms {
            do {
                let sources = [room.device, room.reference].flatMap { speakers in
                    speakers.drivers.map { speakers.source($0).position }
                }
                try SimulationBudget(
                    RoomSimulator(room: room.room, options: room.options), sources: sources, threads: jobs
                ).check()
            } catch let error as RoomGeometryError {
                throw InputError(studyFile, "room '\(room.name)': \(error.message)")
            }
        }
        let signals = try StudySignals(study: study)
        let rows = StudySweep.run(study, signals: signals, jobs: jobs, shard: shard, progress: progress)
        let design = DesignReport(processor: signals.processor, head: study.head).files()
        return Output(
            manifest: SweepManifest(study: study, shard: shard), rows: rows, design: design,
            deprecations: study.deprecations)
    }

    /// Runs and writes the report folder `out` (atomically: nothing is left behind on failure).
    public func write(to out: String, option: String = "output folder") throws -> Output {
        let folder = try OutputDirectory(out, option: option)
        do {
            let output = try run()
            try SweepReport.write(manifest: output.manifest, rows: output.rows, design: output.design, to: folder)
            try folder.commit()
            return output
        } catch {
            folder.abandon()
            throw error
        }
    }
}
