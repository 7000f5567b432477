import CSndFile
import Foundation
import SoundstageDSP

/// Why an audio file could not be read or written. The text names the file and the problem.
public enum AudioFileError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case malformed(path: String, reason: String)
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): cannot read audio file: \(reason)"
        case .malformed(let path, let reason): return "\(path): not a readable audio file: \(reason)"
        case .unwritable(let path, let reason): return "\(path): cannot write audio file: \(reason)"
        }
    }
}

/// Audio files through libsndfile (http://libsndfile.github.io/libsndfile/api.html).
///
/// Reads whatever libsndfile reads — WAV (PCM 8/16/24/32-bit, float 32/64, ADPCM, extensible), FLAC,
/// AIFF/AIFC, OGG Vorbis/Opus, CAF, W64, … — scaled to ±1 full scale (libsndfile's normalisation:
/// integers divided by 2^(bits−1)). Writes the formats of ``AudioFileFormat``; float 32-bit WAV by
/// default. Files are encoded in memory (libsndfile's virtual I/O) and then written in one piece:
/// a new or regular file atomically (a temporary file renamed over it), a symbolic link through to its
/// target (the link stays), a device or pipe (`/dev/null`, `/dev/stdout`) written through, never
/// replaced; a folder is refused. Float WAVs carry no PEAK chunk (libsndfile would stamp it with
/// the time of writing), so writing the same samples twice gives the same bytes.
public enum AudioFile {
    /// Most samples (frames × channels) a file may hold when read: 2^28, 2 GiB as doubles.
    public static let maximumSampleCount = 1 << 28

    /// Reads the file at `path` (straight from disk: no copy of its bytes is held).
    public static func read(path: String) throws -> AudioBuffer {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
            FileManager.default.isReadableFile(atPath: path)
        else {
            throw AudioFileError.unreadable(
                path: path, reason: FileProblem.reading(path, CocoaError(.fileReadUnknown)))
        }
        var info = SF_INFO()
        guard let file = sf_open(path, Int32(SFM_READ), &info) else {
            throw AudioFileError.malformed(path: path, reason: String(cString: sf_strerror(nil)))
        }
        defer { sf_close(file) }
        return try samples(of: file, info: info, path: path)
    }

    /// Decodes the bytes of an audio file; `path` only labels errors.
    public static func decode(_ data: Data, path: String = "<memory>") throws -> AudioBuffer {
        let memory = MemoryFile(bytes: [UInt8](data))
        var info = SF_INFO()
        guard let file = memory.open(mode: Int32(SFM_READ), info: &info) else {
            throw AudioFileError.malformed(path: path, reason: String(cString: sf_strerror(nil)))
        }
        defer { sf_close(file) }
        return try samples(of: file, info: info, path: path)
    }

    /// Every sample of an open file, read in blocks of about 65 536 samples (whatever the channel count
    /// a header claims) straight into the channels.
    private static func samples(of file: OpaquePointer, info: SF_INFO, path: String) throws -> AudioBuffer {
        let channelCount = Int(info.channels)
        guard channelCount >= 1 else { throw AudioFileError.malformed(path: path, reason: "channel count is 0") }
        guard info.samplerate > 0 else { throw AudioFileError.malformed(path: path, reason: "sample rate is 0") }
        let blockFrames = max(1, 65_536 / channelCount)
        var channels = [[Double]](repeating: [], count: channelCount)
        var block = [Double](repeating: 0, count: blockFrames * channelCount)
        while true {
            let frames = Int(
                block.withUnsafeMutableBufferPointer { sf_readf_double(file, $0.baseAddress, sf_count_t(blockFrames)) })
            guard frames > 0 else { break }
            guard (channels[0].count + frames) * channelCount <= maximumSampleCount else {
                throw AudioFileError.malformed(
                    path: path, reason: "more than \(maximumSampleCount) samples (frames × channels): split the file")
            }
            for c in 0..<channelCount {
                let start = channels[c].count
                for frame in 0..<frames {
                    let value = block[frame &* channelCount &+ c]
                    guard value.isFinite else {
                        throw AudioFileError.malformed(
                            path: path, reason: "sample \(start + frame) of channel \(c) is not a finite number")
                    }
                    channels[c].append(value)
                }
            }
        }
        return AudioBuffer(sampleRate: Double(info.samplerate), channels: channels)
    }

    /// Encodes `buffer` in `format`; `path` only labels errors. PCM subtypes clip at ±1 full scale.
    public static func encode(
        _ buffer: AudioBuffer, format: AudioFileFormat = .wavFloat32, path: String = "<memory>"
    ) throws -> Data {
        guard !buffer.channels.isEmpty else { throw AudioFileError.unwritable(path: path, reason: "no channels") }
        guard buffer.channels.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
            throw AudioFileError.unwritable(path: path, reason: "samples contain NaN or infinity")
        }
        let rate = buffer.sampleRate.rounded()
        guard rate >= 1, rate <= 1e7, rate == buffer.sampleRate else {
            throw AudioFileError.unwritable(
                path: path, reason: "sample rate \(buffer.sampleRate) Hz is not a whole number of hertz in 1…10⁷")
        }
        var info = SF_INFO()
        info.samplerate = Int32(rate)
        info.channels = Int32(buffer.channels.count)
        info.format = format.libsndfileFormat
        guard sf_format_check(&info) != 0 else {
            throw AudioFileError.unwritable(path: path, reason: "libsndfile cannot write \(format)")
        }
        let memory = MemoryFile(bytes: [])
        guard let file = memory.open(mode: Int32(SFM_WRITE), info: &info) else {
            throw AudioFileError.unwritable(path: path, reason: String(cString: sf_strerror(nil)))
        }
        sf_command(file, Int32(SFC_SET_ADD_PEAK_CHUNK), nil, Int32(SF_FALSE))
        sf_command(file, Int32(SFC_SET_CLIPPING), nil, Int32(SF_TRUE))
        let channelCount = buffer.channels.count
        var interleaved = [Double](repeating: 0, count: buffer.frameCount * channelCount)
        for (c, channel) in buffer.channels.enumerated() {
            for (frame, value) in channel.enumerated() { interleaved[frame &* channelCount &+ c] = value }
        }
        let written = interleaved.withUnsafeBufferPointer {
            sf_writef_double(file, $0.baseAddress, sf_count_t(buffer.frameCount))
        }
        let problem = written == sf_count_t(buffer.frameCount) ? nil : String(cString: sf_strerror(file))
        sf_close(file)
        if let problem { throw AudioFileError.unwritable(path: path, reason: problem) }
        return Data(memory.bytes)
    }

    /// Writes `buffer` to `path` in `format` (see the type's notes on how the path is written).
    public static func write(_ buffer: AudioBuffer, to path: String, format: AudioFileFormat = .wavFloat32) throws {
        try OutputFile.write(encode(buffer, format: format, path: path), to: path)
    }
}

/// How every single output file (audio, SOFA) reaches its path: a new or regular file atomically (a
/// temporary file renamed over it), a symbolic link through to its target (the link stays), a device
/// or pipe (`/dev/null`, `/dev/stdout`) written through, never replaced; a folder is refused.
enum OutputFile {
    static func write(_ bytes: Data, to path: String) throws {
        let target = (path as NSString).resolvingSymlinksInPath
        // stat(2), not FileManager's attributes, which also look up the owner's and group's names
        // (reading /etc/nsswitch.conf, passwd and group: a millisecond of a one-response `rir`).
        var status = stat()
        let exists = stat(target, &status) == 0
        let type = status.st_mode & S_IFMT
        if exists && type == S_IFDIR { throw AudioFileError.unwritable(path: path, reason: "it is a folder") }
        let writesThrough = exists && type != S_IFREG
        do {
            try bytes.write(to: URL(fileURLWithPath: target), options: writesThrough ? [] : .atomic)
        } catch {
            throw AudioFileError.unwritable(path: path, reason: FileProblem.writing(target, error))
        }
    }
}

/// A growable byte buffer that libsndfile reads and writes through its virtual I/O callbacks.
private final class MemoryFile {
    var bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// Opens the buffer with libsndfile; the returned handle must be closed before `self` goes away.
    func open(mode: Int32, info: inout SF_INFO) -> OpaquePointer? {
        var io = SF_VIRTUAL_IO(
            get_filelen: { sf_count_t(MemoryFile.from($0).bytes.count) },
            seek: { offset, whence, user in MemoryFile.from(user).seek(Int(offset), whence: whence) },
            read: { pointer, count, user in MemoryFile.from(user).read(into: pointer, count: Int(count)) },
            write: { pointer, count, user in MemoryFile.from(user).write(pointer, count: Int(count)) },
            tell: { sf_count_t(MemoryFile.from($0).position) })
        return sf_open_virtual(&io, mode, &info, Unmanaged.passUnretained(self).toOpaque())
    }

    static func from(_ user: UnsafeMutableRawPointer?) -> MemoryFile {
        guard let user else { preconditionFailure("libsndfile passed no user data") }
        return Unmanaged<MemoryFile>.fromOpaque(user).takeUnretainedValue()
    }

    func seek(_ offset: Int, whence: Int32) -> sf_count_t {
        let base: Int
        switch whence {
        case SEEK_CUR: base = position
        case SEEK_END: base = bytes.count
        default: base = 0
        }
        let (target, overflow) = base.addingReportingOverflow(offset)
        guard !overflow, target >= 0 else { return -1 }
        position = target
        return sf_count_t(position)
    }

    func read(into pointer: UnsafeMutableRawPointer?, count: Int) -> sf_count_t {
        guard let pointer, count > 0, position < bytes.count else { return 0 }
        let n = min(count, bytes.count - position)
        bytes.withUnsafeBytes { source in
            guard let base = source.baseAddress else { return }
            pointer.copyMemory(from: base + position, byteCount: n)
        }
        position += n
        return sf_count_t(n)
    }

    func write(_ pointer: UnsafeRawPointer?, count: Int) -> sf_count_t {
        guard let pointer, count > 0 else { return 0 }
        if position + count > bytes.count {
            bytes.append(contentsOf: repeatElement(0, count: position + count - bytes.count))
        }
        bytes.withUnsafeMutableBytes { target in
            guard let base = target.baseAddress else { return }
            (base + position).copyMemory(from: pointer, byteCount: count)
        }
        position += count
        return sf_count_t(count)
    }
}
