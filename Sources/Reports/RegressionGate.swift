import Evaluation
import Foundation

/// The CI gate: compares a run's `summary.json` with a committed baseline, aggregate by aggregate.
///
/// Each aggregate of ``SummaryAggregate/all`` that has a direction is checked per room × mode: it
/// regresses when it moved the worse way by more than its tolerance, or lost its value. Aggregates
/// without a direction (T30, C80, IACC, coherence) describe the room and are not gated.
public enum RegressionGate {
    public struct Finding: Sendable, Equatable {
        public enum Kind: String, Sendable { case worse, missing, better }
        public var room: String, mode: String, metric: String
        public var baseline: Double, current: Double?
        public var tolerance: Double
        public var kind: Kind
    }

    /// Every regression and every improvement beyond tolerance of `current` against `baseline`.
    /// Throws when the baseline is of another scene (``StudyIdentity``): its numbers cannot judge
    /// this run. A different setup (chain, signals) is compared: judging it is the gate's purpose.
    public static func compare(baseline: JSONValue, current: JSONValue, baselineFile: String) throws -> [Finding] {
        guard case .object(let rooms)? = baseline["rooms"] else {
            throw InputError(baselineFile, "not a sweep summary: no 'rooms' object")
        }
        guard case .string(let baselineScene)? = baseline["scene_hash"] else {
            throw InputError(
                baselineFile,
                "key 'scene_hash' is missing: the baseline predates study identities; regenerate it with"
                    + " 'soundstage baseline --from DIR'")
        }
        guard case .string(let currentScene)? = current["scene_hash"], currentScene == baselineScene else {
            throw InputError(
                baselineFile,
                "is the baseline of another scene (study, rooms, seats, device, head or modes differ from the run"
                    + " checked): compare like with like, or make a new baseline")
        }
        var findings = [Finding]()
        for (room, modesValue) in rooms {
            guard case .object(let modes) = modesValue else {
                throw InputError(baselineFile, "key 'rooms.\(room)' is not an object")
            }
            for (mode, metricsValue) in modes {
                for metric in SummaryAggregate.all where metric.better != .neither {
                    let stored = metricsValue[metric.key]
                    guard case .number(let b)? = stored else {
                        // Absent or null: the baseline has no value to hold the run to. Anything else is
                        // a damaged baseline, not a pass.
                        if let stored, stored != .null {
                            throw InputError(
                                baselineFile,
                                "key 'rooms.\(room).\(mode).\(metric.key)': expected a number or null, got"
                                    + " \(stored.rendered(indent: nil))")
                        }
                        continue
                    }
                    guard case .number(let c)? = current["rooms"]?[room]?[mode]?[metric.key] else {
                        findings.append(
                            Finding(
                                room: room, mode: mode, metric: metric.key, baseline: b, current: nil,
                                tolerance: metric.tolerance, kind: .missing))
                        continue
                    }
                    let worse = metric.better == .higher ? b - c : c - b
                    if worse > metric.tolerance + 1e-9 {
                        findings.append(
                            Finding(
                                room: room, mode: mode, metric: metric.key, baseline: b, current: c,
                                tolerance: metric.tolerance, kind: .worse))
                    } else if -worse > metric.tolerance + 1e-9 {
                        findings.append(
                            Finding(
                                room: room, mode: mode, metric: metric.key, baseline: b, current: c,
                                tolerance: metric.tolerance, kind: .better))
                    }
                }
            }
        }
        return findings
    }

    /// Number of (room, mode, metric) aggregates the baseline gates.
    public static func gatedCount(_ baseline: JSONValue) -> Int {
        guard case .object(let rooms)? = baseline["rooms"] else { return 0 }
        return rooms.reduce(0) { total, room in
            guard case .object(let modes) = room.1 else { return total }
            return total
                + modes.reduce(0) { sum, mode in
                    sum
                        + SummaryAggregate.all.filter { m in
                            if m.better == .neither { return false }
                            if case .number? = mode.1[m.key] { return true }
                            return false
                        }.count
                }
        }
    }

    /// A fixed-width table of `findings`.
    public static func table(_ findings: [Finding]) -> String {
        let header = ["room", "mode", "metric", "baseline", "now", "change", "tolerance", "verdict"]
        let rows = findings.map { f -> [String] in
            [
                f.room, f.mode, f.metric, String(format: "%.3f", f.baseline),
                f.current.map { String(format: "%.3f", $0) } ?? "missing",
                f.current.map { String(format: "%+.3f", $0 - f.baseline) } ?? "—", String(format: "%.3f", f.tolerance),
                f.kind.rawValue,
            ]
        }
        let widths = header.indices.map { i in ([header[i]] + rows.map { $0[i] }).reduce(0) { max($0, $1.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i < 3
                    ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[i] - c.count) + c
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}
