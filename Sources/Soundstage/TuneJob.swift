import Evaluation
import Foundation
import Reports
import SceneFiles
import SoundstageDSP
import SpatialChain

/// `soundstage tune`: searches chain parameters for the largest listening zone of one mode, summed
/// over a study's rooms, by Nelder–Mead in the parameters' box (``NelderMead``), starting from the
/// study's own chain; each evaluation sweeps the study with that mode and the candidate chain.
public struct TuneJob {
    /// One searched parameter: a one-number chain key and its interval.
    public struct Parameter: Sendable {
        public var key: ChainFile.NumericKey
        public var low: Double, high: Double

        /// `KEY=LOW:HIGH`, e.g. `ctc_boost_cap_db=6:22`; throws an ``InputError`` naming `option`.
        public init(parsing text: String, option: String = "--param") throws {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            let names = ChainFile.numericKeys.map(\.name)
            guard parts.count == 2, let key = ChainFile.numericKeys.first(where: { $0.name == parts[0] }) else {
                throw InputError(
                    option, "expected KEY=LOW:HIGH with KEY one of \(names.joined(separator: ", ")), got '\(text)'")
            }
            let bounds = parts[1].split(separator: ":").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard bounds.count == 2, let low = bounds[0], let high = bounds[1], low < high,
                key.range.contains(low), key.range.contains(high)
            else {
                throw InputError(
                    option, "'\(text)': LOW:HIGH must be two ascending numbers within \(key.range) \(key.unit)")
            }
            (self.key, self.low, self.high) = (key, low, high)
        }

        func value(_ unit: Double) -> Double { low + unit * (high - low) }
        func unit(_ value: Double) -> Double { min(1, max(0, (value - low) / (high - low))) }
    }

    /// One evaluated chain.
    public struct Evaluation: Sendable {
        public var values: [Double]
        /// Listening-zone area per room, m² (0 where the zone is empty or has no area).
        public var zoneArea: [Double]
        public var colorationDB: Double?
        public var feasible: Bool
        public var objective: Double { zoneArea.reduce(0, +) }
    }

    public var studyFile: String
    public var parameters: [Parameter]
    public var mode: ChainMode
    public var budget: Int
    /// Candidates whose median coloration exceeds this (dB) are infeasible; nil: no constraint.
    public var maxColorationDB: Double?
    public var jobs: Int
    public var progress: ((Int, Evaluation) -> Void)?

    public init(studyFile: String, parameters: [Parameter], mode: ChainMode, budget: Int) {
        self.studyFile = studyFile
        self.parameters = parameters
        self.mode = mode
        self.budget = budget
        jobs = ProcessInfo.processInfo.activeProcessorCount
    }

    /// Every evaluation in order (the first is the study's own chain, clamped into the box) and the study.
    public func run() throws -> (evaluations: [Evaluation], study: Study) {
        var study = try StudyFile.load(studyFile)
        study.modes = [mode]
        let base = study.configuration
        var evaluations = [Evaluation]()
        var failure: Error?
        let start = parameters.map { $0.unit(base[keyPath: $0.key.path]) }
        _ = NelderMead(budget: budget).minimize(from: start) { unit in
            guard failure == nil else { return .infinity }
            do {
                let evaluation = try evaluate(parameters.indices.map { parameters[$0].value(unit[$0]) }, study)
                evaluations.append(evaluation)
                progress?(evaluations.count, evaluation)
                // Infeasible candidates rank below every feasible one.
                return evaluation.feasible ? -evaluation.objective : 1e6 + (evaluation.colorationDB ?? 0)
            } catch {
                failure = error
                return .infinity
            }
        }
        if let failure { throw failure }
        return (evaluations, study)
    }

    /// Sweeps `study` with the chain at `values`.
    func evaluate(_ values: [Double], _ study: Study) throws -> Evaluation {
        var candidate = study
        for (parameter, value) in zip(parameters, values) {
            candidate.configuration[keyPath: parameter.key.path] = value
        }
        guard candidate.configuration.crossover.lowHz < candidate.configuration.crossover.highHz else {
            return Evaluation(values: values, zoneArea: [], colorationDB: nil, feasible: false)
        }
        try SpatialProcessor.checkFrequencies(candidate.configuration, sampleRate: candidate.sampleRate)
        let rows = StudySweep.run(candidate, signals: try StudySignals(study: candidate), jobs: jobs)
        let summary = StudySummary(
            manifest: SweepManifest(study: candidate, shard: .whole), rows: try ResultTable.asWritten(rows).rows)
        let aggregates = SummaryAggregate.all
        let zone = aggregates.firstIndex { $0.key == "zone_area_m2" }
        let coloration = aggregates.firstIndex { $0.key == "coloration_median_db" }
        let areas = summary.rooms.map { room in zone.flatMap { room.values[mode.name]?[$0] } ?? 0 }
        let colorations = summary.rooms.compactMap { room in coloration.flatMap { room.values[mode.name]?[$0] } }
        let worstColoration = colorations.max()
        let feasible = maxColorationDB.map { limit in (worstColoration ?? 0) <= limit } ?? true
        return Evaluation(values: values, zoneArea: areas, colorationDB: worstColoration, feasible: feasible)
    }

    /// Writes `best-chain.yaml`, `evaluations.csv`, `summary.md` and `objective.svg` into `directory`.
    public func write(_ evaluations: [Evaluation], study: Study, to directory: String, option: String = "--out") throws
    {
        guard let best = evaluations.filter(\.feasible).max(by: { $0.objective < $1.objective }) else {
            throw InputError(studyFile, "no evaluated chain met the constraints (see --max-coloration-db)")
        }
        var chain = study.configuration
        for (parameter, value) in zip(parameters, best.values) { chain[keyPath: parameter.key.path] = value }
        let rooms = study.rooms.map(\.name)
        var csv = "evaluation," + parameters.map(\.key.name).joined(separator: ",")
        csv +=
            ",objective_m2," + rooms.map { "zone_area_m2_\($0)" }.joined(separator: ",") + ",coloration_db,feasible\n"
        for (i, e) in evaluations.enumerated() {
            csv += "\(i + 1)," + e.values.map { String(format: "%.4f", $0) }.joined(separator: ",")
            csv +=
                String(format: ",%.4f,", e.objective)
                + e.zoneArea.map { String(format: "%.4f", $0) }.joined(separator: ",")
            csv += "," + (e.colorationDB.map { String(format: "%.2f", $0) } ?? "") + ",\(e.feasible)\n"
        }
        let first = evaluations[0]
        var md = "# Tuning `\(study.name)` for `\(mode.name)`\n\n"
        md += "Objective: listening-zone area of `\(mode.name)` summed over \(rooms.joined(separator: ", "))"
        md += maxColorationDB.map { String(format: ", with median coloration ≤ %.1f dB", $0) } ?? ""
        md += ". Nelder–Mead over \(evaluations.count) evaluations from the study's own chain.\n\n"
        md +=
            "| | " + parameters.map { "`\($0.key.name)`" }.joined(separator: " | ")
            + " | zone (m²) | coloration (dB) |\n"
        md += "|---|" + parameters.map { _ in "---:|" }.joined() + "---:|---:|\n"
        for (label, e) in [("start (the study's chain)", first), ("best", best)] {
            md += "| \(label) | " + e.values.map { String(format: "%.3g", $0) }.joined(separator: " | ")
            md +=
                String(format: " | %.4f | ", e.objective) + (e.colorationDB.map { String(format: "%.2f", $0) } ?? "—")
                + " |\n"
        }
        md += "\n`best-chain.yaml` is the best chain; `evaluations.csv` lists every evaluation; "
        md += "[objective.svg](objective.svg) plots them.\n"
        let plot = SVGPlot.lines(
            title: "Listening-zone area per evaluation", xLabel: "evaluation", yLabel: "zone area (m²)",
            series: [
                SVGPlot.Series(
                    name: "zone area",
                    points: evaluations.enumerated().map { (Double($0.offset + 1), $0.element.objective) })
            ], logX: false)
        let output = try OutputDirectory(directory, option: option)
        do {
            for (name, text) in [
                ("best-chain.yaml", "# Found by soundstage tune on \(study.name)\n" + ChainFile.yaml(chain)),
                ("evaluations.csv", csv), ("summary.md", md), ("objective.svg", plot),
            ] {
                try text.write(toFile: output.path(name), atomically: false, encoding: .utf8)
            }
            try output.commit()
        } catch {
            output.abandon()
            throw error
        }
    }
}
