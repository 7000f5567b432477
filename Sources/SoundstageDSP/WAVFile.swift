import Foundation

/// Why a WAV file could not be read or written. The text names the file and the problem.
public enum WAVError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case malformed(path: String, reason: String)
    case unsupported(path: String, reason: String)
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): cannot read WAV file: \(reason)"
        case .malformed(let path, let reason): return "\(path): not a valid WAV file: \(reason)"
        case .unsupported(let path, let reason): return "\(path): unsupported WAV format: \(reason)"
        case .unwritable(let path, let reason): return "\(path): cannot write WAV file: \(reason)"
        }
    }
}

/// RIFF/WAVE reading and writing.
///
/// Reads PCM 8/16/24/32-bit integer and IEEE float 32/64-bit, plain or WAVE_FORMAT_EXTENSIBLE, any
/// channel count; integers are scaled to ±1 (divided by 2^(bits−1)). Writes IEEE float 32-bit.
/// Writing goes to a temporary file in the same folder that is renamed into place, so a failed
/// write never leaves a truncated file.
public enum WAVFile {
    private static let formatPCM: UInt16 = 1
    private static let formatFloat: UInt16 = 3
    private static let formatExtensible: UInt16 = 0xFFFE

    /// Reads the file at `path`.
    public static func read(path: String) throws -> AudioBuffer {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw WAVError.unreadable(path: path, reason: FileProblem.reading(path, error))
        }
        return try decode(data, path: path)
    }

    /// Decodes WAV bytes; `path` only labels errors.
    public static func decode(_ data: Data, path: String = "<memory>") throws -> AudioBuffer {
        let bytes = [UInt8](data)
        func u16(_ i: Int) -> UInt16 { UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 }
        func u32(_ i: Int) -> UInt32 { UInt32(u16(i)) | UInt32(u16(i + 2)) << 16 }
        func tag(_ i: Int) -> String { String(decoding: bytes[i..<i + 4], as: UTF8.self) }

        guard bytes.count >= 12, tag(0) == "RIFF", tag(8) == "WAVE" else {
            throw WAVError.malformed(path: path, reason: "missing RIFF/WAVE header")
        }
        var format: (tag: UInt16, channels: Int, rate: Double, bits: Int, blockAlign: Int)?
        var payload: Range<Int>?
        var offset = 12
        while offset + 8 <= bytes.count {
            let id = tag(offset)
            let size = Int(u32(offset + 4))
            let body = offset + 8
            guard body + size <= bytes.count || id == "data" else {
                throw WAVError.malformed(path: path, reason: "chunk '\(id)' runs past the end of the file")
            }
            if id == "fmt " {
                guard size >= 16 else {
                    throw WAVError.malformed(path: path, reason: "fmt chunk too short (\(size) bytes)")
                }
                var formatTag = u16(body)
                if formatTag == formatExtensible {
                    guard size >= 40 else {
                        throw WAVError.malformed(path: path, reason: "extensible fmt chunk too short")
                    }
                    formatTag = u16(body + 24)  // first two bytes of the sub-format GUID
                }
                format = (
                    formatTag, Int(u16(body + 2)), Double(u32(body + 4)), Int(u16(body + 14)), Int(u16(body + 12))
                )
            } else if id == "data" {
                // A truncated data chunk (common after an interrupted recording) is read up to the end.
                payload = body..<min(body + size, bytes.count)
            }
            offset = body + size + (size & 1)
        }
        guard let fmt = format else { throw WAVError.malformed(path: path, reason: "no fmt chunk") }
        guard let range = payload else { throw WAVError.malformed(path: path, reason: "no data chunk") }
        guard fmt.channels >= 1 else { throw WAVError.malformed(path: path, reason: "channel count is 0") }
        guard fmt.rate > 0 else { throw WAVError.malformed(path: path, reason: "sample rate is 0") }
        let supported: Bool
        switch fmt.tag {
        case formatPCM: supported = [8, 16, 24, 32].contains(fmt.bits)
        case formatFloat: supported = [32, 64].contains(fmt.bits)
        default:
            throw WAVError.unsupported(path: path, reason: "format tag \(fmt.tag) (only PCM and IEEE float are read)")
        }
        guard supported else {
            throw WAVError.unsupported(path: path, reason: "\(fmt.bits)-bit \(fmt.tag == formatPCM ? "PCM" : "float")")
        }
        let bytesPerSample = fmt.bits / 8
        guard fmt.blockAlign == bytesPerSample * fmt.channels else {
            throw WAVError.malformed(
                path: path,
                reason: "block align \(fmt.blockAlign) does not match \(fmt.channels) channels of \(fmt.bits) bits")
        }
        let frames = range.count / fmt.blockAlign
        var channels = [[Double]](repeating: [Double](repeating: 0, count: frames), count: fmt.channels)
        for frame in 0..<frames {
            for c in 0..<fmt.channels {
                let i = range.lowerBound + frame * fmt.blockAlign + c * bytesPerSample
                let value: Double
                switch (fmt.tag, fmt.bits) {
                case (formatPCM, 8): value = (Double(bytes[i]) - 128) / 128
                case (formatPCM, 16): value = Double(Int16(bitPattern: u16(i))) / 32768
                case (formatPCM, 24):
                    let raw =
                        Int32(
                            bitPattern: UInt32(bytes[i]) << 8 | UInt32(bytes[i + 1]) << 16 | UInt32(bytes[i + 2]) << 24)
                        >> 8
                    value = Double(raw) / 8_388_608
                case (formatPCM, _): value = Double(Int32(bitPattern: u32(i))) / 2_147_483_648
                case (_, 32): value = Double(Float(bitPattern: u32(i)))
                default: value = Double(bitPattern: UInt64(u32(i)) | UInt64(u32(i + 4)) << 32)
                }
                guard value.isFinite else {
                    throw WAVError.malformed(
                        path: path, reason: "sample \(frame) of channel \(c) is not a finite number")
                }
                channels[c][frame] = value
            }
        }
        return AudioBuffer(sampleRate: fmt.rate, channels: channels)
    }

    /// Encodes `buffer` as IEEE float 32-bit WAV bytes.
    public static func encodeFloat32(_ buffer: AudioBuffer) -> Data {
        let channelCount = buffer.channels.count
        let frames = buffer.frameCount
        let dataSize = frames * channelCount * 4
        var out = [UInt8]()
        out.reserveCapacity(44 + dataSize)
        func put(_ s: String) { out.append(contentsOf: Array(s.utf8)) }
        func put16(_ v: UInt16) {
            out.append(UInt8(v & 0xFF))
            out.append(UInt8(v >> 8))
        }
        func put32(_ v: UInt32) {
            put16(UInt16(v & 0xFFFF))
            put16(UInt16(v >> 16))
        }
        put("RIFF")
        put32(UInt32(36 + dataSize))
        put("WAVE")
        put("fmt ")
        put32(16)
        put16(formatFloat)
        put16(UInt16(channelCount))
        put32(UInt32(buffer.sampleRate.rounded()))
        put32(UInt32(buffer.sampleRate.rounded()) * UInt32(channelCount) * 4)
        put16(UInt16(channelCount * 4))
        put16(32)
        put("data")
        put32(UInt32(dataSize))
        for frame in 0..<frames {
            for c in 0..<channelCount { put32(Float(buffer.channels[c][frame]).bitPattern) }
        }
        return Data(out)
    }

    /// Writes `buffer` to `path` as float 32-bit. A new or regular file is written atomically (a
    /// temporary file renamed over it); a symbolic link is followed and its target written the same
    /// way (the link stays); a device or pipe (`/dev/null`, `/dev/stdout`) is written through, never
    /// replaced; a folder is refused.
    public static func write(_ buffer: AudioBuffer, to path: String) throws {
        guard !buffer.channels.isEmpty else { throw WAVError.unwritable(path: path, reason: "no channels") }
        guard buffer.channels.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
            throw WAVError.unwritable(path: path, reason: "samples contain NaN or infinity")
        }
        let target = (path as NSString).resolvingSymlinksInPath
        let type = (try? FileManager.default.attributesOfItem(atPath: target))?[.type] as? FileAttributeType
        if type == .typeDirectory { throw WAVError.unwritable(path: path, reason: "it is a folder") }
        let writesThrough = type != nil && type != .typeRegular
        do {
            try encodeFloat32(buffer).write(to: URL(fileURLWithPath: target), options: writesThrough ? [] : .atomic)
        } catch {
            throw WAVError.unwritable(path: path, reason: FileProblem.writing(target, error))
        }
    }
}
