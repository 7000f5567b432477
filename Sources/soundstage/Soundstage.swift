import ArgumentParser
import Foundation
import Soundstage

@main
struct SoundstageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soundstage",
        abstract: "Acoustic simulation and psychoacoustic evaluation of spatial audio on compact speakers.",
        version: SoundstageVersion.current,
        subcommands: [MetricsCommand.self, RIRCommand.self]
    )
}

/// Runs `body`; user errors (bad files, keys, values) are printed to stderr and exit with code 2.
func reportingInputErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode(2)
    }
}
