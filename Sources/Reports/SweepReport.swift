import Evaluation
import Foundation

/// The output folder of a sweep and the joining of shard folders.
///
/// A whole run writes `results.csv`, `study.json`, `summary.json`, `summary.md`, `maps/*.svg` and
/// `design/*.svg`; a shard (`--shard K/N`, N > 1) writes only `results.csv`, `study.json` and
/// `design/`, and ``merge(_:into:)`` writes the rest from the joined rows. The summary and maps
/// are always computed from the rows as read back from `results.csv`, so a merged folder is byte
/// for byte what one run writes.
public enum SweepReport {
    /// Writes the folder of a run (whole or shard) into `out` (not committed).
    public static func write(
        manifest: SweepManifest, rows: [ResultRow], design: [(String, String)], to out: OutputDirectory
    ) throws {
        let written = try ResultTable.asWritten(rows)
        try write(manifest: manifest, csv: written.csv, rows: written.rows, design: design, to: out)
    }

    static func write(
        manifest: SweepManifest, csv: String, rows: [ResultRow], design unsorted: [(String, String)],
        to out: OutputDirectory
    ) throws {
        let design = unsorted.sorted { $0.0 < $1.0 }
        try csv.write(toFile: out.path("results.csv"), atomically: false, encoding: .utf8)
        try (manifest.json().rendered() + "\n").write(
            toFile: out.path("study.json"), atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: out.path("design"), withIntermediateDirectories: true)
        for (name, text) in design {
            try text.write(toFile: out.path("design/\(name)"), atomically: false, encoding: .utf8)
        }
        guard manifest.shard.count == 1 else { return }
        let summary = StudySummary(manifest: manifest, rows: rows)
        try (summary.json().rendered() + "\n").write(
            toFile: out.path("summary.json"), atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: out.path("maps"), withIntermediateDirectories: true)
        for room in manifest.rooms {
            for mode in manifest.modes {
                let mine = rows.filter { $0.room == room.name && $0.mode == mode }
                let zone = Set(mine.filter { manifest.zone.contains($0.metrics) }.map(\.seat))
                for metric in ZoneMap.metrics {
                    let svg = ZoneMap.svg(
                        room: room, mode: mode, metric: metric, rows: mine, spacing: manifest.spacing(ofSeat:),
                        zoneSeats: zone,
                        nominalSeat: manifest.nominalSeat, zone: manifest.zone)
                    try svg.write(
                        toFile: out.path("maps/" + ZoneMap.fileName(room: room.name, mode: mode, metric: metric)),
                        atomically: false, encoding: .utf8)
                }
            }
        }
        try markdown(summary, design: design.map(\.0)).write(
            toFile: out.path("summary.md"), atomically: false, encoding: .utf8)
    }

    /// Joins the shard folders `folders` (every shard of one study exactly once) into `out`.
    public static func merge(_ folders: [String], into out: OutputDirectory) throws {
        guard !folders.isEmpty else { throw InputError("merge", "give the shard folders to join") }
        var manifests = [SweepManifest](), parts = [(shard: Int, rows: [ResultRow])]()
        for folder in folders {
            let manifestFile = (folder as NSString).appendingPathComponent("study.json")
            let resultsFile = (folder as NSString).appendingPathComponent("results.csv")
            let manifest = try SweepManifest.parse(try TextFile.read(manifestFile), file: manifestFile)
            manifests.append(manifest)
            parts.append(
                (manifest.shard.index, try ResultTable.parse(try TextFile.read(resultsFile), file: resultsFile)))
        }
        var common = manifests[0]
        let count = common.shard.count
        for (folder, manifest) in zip(folders, manifests) {
            var shardless = manifest
            shardless.shard = common.shard
            guard shardless == common else {
                let what =
                    manifest.identity.scene != common.identity.scene
                    ? "another scene (study, rooms, seats, device, head or modes)"
                    : manifest.identity.setup != common.identity.setup
                        ? "another setup (chain, test signals or image model) of the same scene"
                        : "another study or study version"
                throw InputError(folder, "belongs to \(what) than \(folders[0]); shards must come from one run")
            }
        }
        let indices = manifests.map(\.shard.index).sorted()
        guard indices == Array(1...count) else {
            let missing = Set(1...count).subtracting(indices).sorted().map(String.init).joined(separator: ", ")
            throw InputError(
                "merge",
                "expected shards 1…\(count) once each; "
                    + (missing.isEmpty ? "some are given twice" : "missing: \(missing)"))
        }
        common.shard = .whole
        let roomOrder = Dictionary(uniqueKeysWithValues: common.rooms.enumerated().map { ($1.name, $0) })
        let modeOrder = Dictionary(uniqueKeysWithValues: common.modes.enumerated().map { ($1, $0) })
        let rows = parts.flatMap(\.rows).sorted {
            (roomOrder[$0.room] ?? 0, $0.seat, modeOrder[$0.mode] ?? 0) < (
                roomOrder[$1.room] ?? 0, $1.seat, modeOrder[$1.mode] ?? 0
            )
        }
        let expected = common.rooms.count * common.seatCount * common.modes.count
        guard rows.count == expected else {
            throw InputError("merge", "the shards hold \(rows.count) rows; the study has \(expected)")
        }
        let designFolder = (folders[0] as NSString).appendingPathComponent("design")
        let design = try FileManager.default.contentsOfDirectory(atPath: designFolder).sorted().map {
            ($0, try TextFile.read((designFolder as NSString).appendingPathComponent($0)))
        }
        try write(manifest: common, csv: ResultTable.csv(rows), rows: rows, design: design, to: out)
    }

    /// `summary.md`: per room, the modes side by side (best device mode per row in bold), then links
    /// to the maps and the chain's design plots.
    public static func markdown(_ summary: StudySummary, design: [String]) -> String {
        let m = summary.manifest
        var md = "# Study `\(m.study)`\n\n"
        if !m.description.isEmpty { md += m.description + "\n\n" }
        func grid(_ spacing: Double?) -> String {
            spacing.map { String(format: "a %.2f m grid (%.4f m² per seat)", $0, $0 * $0) } ?? "no grid"
        }
        let seats =
            m.parts.count == 1
            ? "`\(m.seatSet)`, \(m.seatCount) per room, \(grid(m.parts[0].spacing))"
            : m.parts.map { "`\($0.name)` (\($0.count), \(grid($0.spacing)))" }.joined(separator: " + ")
                + ", \(m.seatCount) per room"
        md += "Seats: \(seats); head: `\(m.head)`; modes: \(m.modes.joined(separator: ", ")).\n"
        md += String(
            format: "Listening zone: seats with both images localizable, |centre error| ≤ %g° and %g° ≤ width ≤ %g°. ",
            m.zone.maxCenterErrorDegrees, m.zone.minWidthDegrees, m.zone.maxWidthDegrees)
        md += "Images: \(m.imageModel) (README \"Auditory model\").\n\n"
        md +=
            "↑ higher is better, ↓ lower is better. **Bold**: the best device mode per row (the `reference` ±30° pair "
            + "is the yardstick, not ranked). "
        md += "Statistics are over every seat of the set; columns of `results.csv` are explained in the README.\n\n"
        for room in summary.rooms {
            let nominal =
                room.nominalPosition.map { String(format: " (nominal seat at %.2f, %.2f, %.2f m)", $0.x, $0.y, $0.z) }
                ?? ""
            md += "## \(room.name)\(nominal)\n\n"
            md += "| metric | " + m.modes.joined(separator: " | ") + " |\n"
            md += "|---|" + String(repeating: "---:|", count: m.modes.count) + "\n"
            for (i, metric) in SummaryAggregate.all.enumerated() {
                let arrow = metric.better == .higher ? " ↑" : metric.better == .lower ? " ↓" : ""
                let values = m.modes.map { room.values(of: $0)[i] }
                let ranked = zip(m.modes, values).filter { $0.0 != "reference" }.compactMap { $0.1 }
                let best = metric.better == .higher ? ranked.max() : metric.better == .lower ? ranked.min() : nil
                let cells = zip(m.modes, values).map { mode, value -> String in
                    guard let value else { return "—" }
                    let text = String(format: "%.2f", value)
                    return mode != "reference" && value == best && ranked.count > 1 ? "**\(text)**" : text
                }
                let label = metric.label.replacingOccurrences(of: "|", with: "\\|")
                md += "| \(label)\(arrow) | " + cells.joined(separator: " | ") + " |\n"
            }
            md +=
                "\nMaps:\n\n| | " + m.modes.joined(separator: " | ") + " |\n|---|"
                + String(repeating: "---|", count: m.modes.count) + "\n"
            for metric in ZoneMap.metrics {
                md +=
                    "| \(metric.scale.title) | "
                    + m.modes.map { "[svg](maps/\(ZoneMap.fileName(room: room.name, mode: $0, metric: metric)))" }
                    .joined(separator: " | ") + " |\n"
            }
            md += "\n"
        }
        if !design.isEmpty {
            md += "## Chain design\n\n" + design.map { "- [\($0)](design/\($0))" }.joined(separator: "\n") + "\n"
        }
        return md
    }
}
