import ArgumentParser
import Evaluation
import Foundation
import Reports
import SceneFiles
import Soundstage

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the output folders of every shard of a study into what one run writes."
    )

    @Argument(help: "Shard output folders (each shard 1…N exactly once).") var folders: [String]
    @Option(help: "Output folder.") var out: String

    func run() throws {
        try reportingInputErrors {
            let folder = try OutputDirectory(out, option: "--out")
            do {
                try SweepReport.merge(folders, into: folder)
                try folder.commit()
            } catch {
                folder.abandon()
                throw error
            }
            print("wrote \(out) from \(folders.count) shards")
        }
    }
}
