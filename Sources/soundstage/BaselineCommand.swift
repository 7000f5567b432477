import ArgumentParser
import Evaluation
import Foundation
import Reports
import SceneFiles
import Soundstage

struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Make a sweep's summary the new regression baseline (copies summary.json and summary.md)."
    )

    @Option(help: "A whole sweep's output folder.") var from: String
    @Option(help: "Baseline folder to write.") var to: String = "Reports/baseline"

    func run() throws {
        try reportingInputErrors {
            let summary = (from as NSString).appendingPathComponent("summary.json")
            let text = try TextFile.read(summary)
            guard case .object? = try JSONValue.parse(text, file: summary)["rooms"] else {
                throw InputError(summary, "not a sweep summary: no 'rooms' object")
            }
            let markdown = try TextFile.read((from as NSString).appendingPathComponent("summary.md"))
            let folder = try OutputDirectory(to, option: "--to")
            do {
                try text.write(toFile: folder.path("summary.json"), atomically: false, encoding: .utf8)
                try markdown.write(toFile: folder.path("summary.md"), atomically: false, encoding: .utf8)
                try folder.commit()
            } catch {
                folder.abandon()
                throw error
            }
            print("wrote \(to)/summary.json and summary.md from \(from)")
        }
    }
}
