import ArgumentParser
import AudioFiles
import Evaluation
import SoundstageDSP
import SpatialChain

// Command-line spellings of the library's values. A value that does not parse exits with code 2
// and ArgumentParser's message naming the option and what was typed.

/// A position `X,Y,Z` in metres (room coordinates), three finite numbers.
extension Vector3: ExpressibleByArgument {
    public init?(argument: String) {
        // Spaces and tabs around each number, as CharacterSet.whitespaces trims them (whose first use
        // costs a third of a millisecond of every command given a position).
        func isSpace(_ c: Character) -> Bool {
            c == "\t" || c.unicodeScalars.allSatisfy { $0.properties.generalCategory == .spaceSeparator }
        }
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false).map { part in
            var number = part
            while let c = number.first, isSpace(c) { number.removeFirst() }
            while let c = number.last, isSpace(c) { number.removeLast() }
            return Double(number)
        }
        guard parts.count == 3, let x = parts[0], let y = parts[1], let z = parts[2],
            [x, y, z].allSatisfy({ $0.isFinite })
        else { return nil }
        self.init(x, y, z)
    }
}

/// `K/N`: part K of N of a study's seats.
extension Shard: ExpressibleByArgument {
    public init?(argument: String) {
        guard let shard = try? Shard(parsing: argument, source: "--shard") else { return nil }
        self = shard
    }
}

extension ChainMode: ExpressibleByArgument {
    /// A built-in mode by name (filter sets come in through `--filters`).
    public init?(argument: String) { self.init(builtInNamed: argument) }

    /// The modes as help texts list them: "reference, matrix, ctc, beam or spatial".
    static var helpList: String {
        let names = builtIns.map { $0.name }
        return Array(names.dropLast()).joined(separator: ", ") + " or " + (names.last ?? "")
    }
}

extension ValidationError {
    /// A bad option value, worded like every other input error: `--option: what is wrong`.
    init(inputError: InputError) { self.init(inputError.description) }
}

/// An angle in degrees: a finite number within ±360 (`nan`, `inf` or `1e308` do not parse).
struct AngleDegrees: ExpressibleByArgument {
    let value: Double

    init?(argument: String) {
        guard let value = Double(argument), value.isFinite, abs(value) <= 360 else { return nil }
        self.value = value
    }
}

extension AudioFileFormat.Container: ExpressibleByArgument {}
extension AudioFileFormat.Encoding: ExpressibleByArgument {}

/// `--format` and `--subtype` of the commands that write one audio file.
struct AudioOutputOptions: ParsableArguments {
    static let subtypeList = AudioFileFormat.Encoding.allCases.map { $0.rawValue }.joined(separator: ", ")

    @Option(help: "Audio file type: wav, flac or aiff.") var format: AudioFileFormat.Container = .wav
    @Option(help: "Sample encoding: \(subtypeList) (default float32; pcm24 for flac).") var subtype:
        AudioFileFormat.Encoding?

    /// The chosen format; a pair that cannot be written (FLAC float) is an input error.
    var audioFormat: AudioFileFormat {
        get throws { try AudioOutputOptions.format(format, subtype) }
    }

    static func format(
        _ container: AudioFileFormat.Container, _ subtype: AudioFileFormat.Encoding?
    ) throws
        -> AudioFileFormat
    {
        do { return try AudioFileFormat(container: container, encoding: subtype) } catch {
            throw InputError("--subtype", error.description)
        }
    }
}
