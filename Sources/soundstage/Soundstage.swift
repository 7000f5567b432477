import ArgumentParser
import Soundstage

@main
struct SoundstageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soundstage",
        abstract: "Acoustic simulation and psychoacoustic evaluation of spatial audio on compact speakers.",
        version: SoundstageVersion.current,
        subcommands: []
    )
}
