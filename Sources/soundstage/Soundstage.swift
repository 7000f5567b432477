import ArgumentParser
import Foundation
import Soundstage

@main
struct SoundstageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soundstage",
        abstract: "Acoustic simulation and psychoacoustic evaluation of spatial audio on compact speakers.",
        version: SoundstageVersion.current,
        subcommands: [SweepCommand.self, CheckCommand.self, BaselineCommand.self, MergeCommand.self, MetricsCommand.self, RIRCommand.self,
                      HRTFCommand.self, BRIRCommand.self, RenderCommand.self, DesignCommand.self]
    )

    /// Like ArgumentParser's `main`, but a command line that does not parse exits with 2 (bad input),
    /// the same code as a bad file, instead of 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error).rawValue == 64 {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
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
