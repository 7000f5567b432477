import ArgumentParser
import Evaluation
import Foundation
import Reports
import SceneFiles
import Soundstage
import SoundstageDSP

#if canImport(Glibc)
import Glibc
#endif

@main
struct SoundstageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soundstage",
        abstract: "Acoustic simulation and psychoacoustic evaluation of spatial audio on compact speakers.",
        version: SoundstageVersion.current,
        subcommands: [
            SweepCommand.self, CheckCommand.self, BaselineCommand.self, MergeCommand.self, MetricsCommand.self,
            LocalizeCommand.self,
            RIRCommand.self,
            HRTFCommand.self, BRIRCommand.self, RenderCommand.self, DesignCommand.self, TuneCommand.self,
        ]
    )

    /// Like ArgumentParser's `main`, but a command line that does not parse exits with 2 (bad input),
    /// the same code as a bad file, instead of 64.
    static func main() {
        keepFreedMemoryInTheHeap()
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

/// Sweeps allocate and free megabyte FFT buffers per seat on every thread. By default glibc maps
/// such blocks fresh and unmaps them on free, so every seat pays page faults on zeroed pages; with
/// mmap and trim thresholds above the sweep's working set they are reused from the heap. (`mallopt`
/// is looked up at run time: its header is not part of Swift's Glibc module.)
func keepFreedMemoryInTheHeap() {
    #if os(Linux)
    typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
    let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
    _ = mallopt(-3, 64 << 20)  // M_MMAP_THRESHOLD
    _ = mallopt(-1, 256 << 20)  // M_TRIM_THRESHOLD
    #endif
}

/// Runs `body`; user errors (bad files, keys, values) are printed to stderr and exit with code 2.
func reportingInputErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as CocoaError {
        // A file the run itself writes (a report into its output folder) failed: say which and why.
        let path = error.filePath ?? "output"
        FileHandle.standardError.write(Data("error: \(path): \(FileProblem.writing(path, error))\n".utf8))
        throw ExitCode(2)
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode(2)
    }
}
