import CSndFile

/// A container and sample encoding to write audio in.
public struct AudioFileFormat: Sendable, Equatable, CustomStringConvertible {
    /// The file type.
    public enum Container: String, CaseIterable, Sendable {
        case wav, flac, aiff
    }

    /// How samples are stored.
    public enum Encoding: String, CaseIterable, Sendable {
        case pcm16, pcm24, pcm32, float32, float64
    }

    public var container: Container
    public var encoding: Encoding

    /// Float 32-bit WAV: the default output; exact for every value the simulator produces to 24 bits.
    public static let wavFloat32 = AudioFileFormat(known: .wav, .float32)
    /// Float 64-bit WAV: exact for doubles (the filter sets `design --export-filters` writes).
    public static let wavFloat64 = AudioFileFormat(known: .wav, .float64)

    /// A format; `encoding` nil picks the container's default (float 32-bit, or 24-bit PCM for FLAC,
    /// which stores integers only). Throws when the pair cannot be written (FLAC holds 16/24-bit PCM).
    public init(container: Container, encoding: Encoding? = nil) throws(AudioFormatError) {
        let chosen = encoding ?? (container == .flac ? .pcm24 : .float32)
        if container == .flac, ![.pcm16, .pcm24].contains(chosen) {
            throw AudioFormatError("FLAC stores 16- or 24-bit PCM only, not \(chosen.rawValue)")
        }
        self.container = container
        self.encoding = chosen
    }

    private init(known container: Container, _ encoding: Encoding) {
        self.container = container
        self.encoding = encoding
    }

    /// libsndfile's format code (major type | subtype).
    var libsndfileFormat: Int32 {
        let major: Int32
        switch container {
        case .wav: major = Int32(SF_FORMAT_WAV)
        case .flac: major = Int32(SF_FORMAT_FLAC)
        case .aiff: major = Int32(SF_FORMAT_AIFF)
        }
        let minor: Int32
        switch encoding {
        case .pcm16: minor = Int32(SF_FORMAT_PCM_16)
        case .pcm24: minor = Int32(SF_FORMAT_PCM_24)
        case .pcm32: minor = Int32(SF_FORMAT_PCM_32)
        case .float32: minor = Int32(SF_FORMAT_FLOAT)
        case .float64: minor = Int32(SF_FORMAT_DOUBLE)
        }
        return major | minor
    }

    public var description: String { "\(container.rawValue) \(encoding.rawValue)" }
}

/// A container/encoding pair that cannot be written.
public struct AudioFormatError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
