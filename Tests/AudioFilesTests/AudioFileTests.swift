import AudioFiles
import Foundation
import SoundstageDSP
import Testing

@Suite("Audio files (libsndfile)")
struct AudioFileTests {
    private func header(
        format: UInt16, channels: UInt16, rate: UInt32, bits: UInt16, data: [UInt8], extensible: Bool = false
    ) -> Data {
        var out = [UInt8]()
        func put(_ s: String) { out += Array(s.utf8) }
        func p16(_ v: UInt16) { out += [UInt8(v & 0xFF), UInt8(v >> 8)] }
        func p32(_ v: UInt32) {
            p16(UInt16(v & 0xFFFF))
            p16(UInt16(v >> 16))
        }
        let block = channels * bits / 8
        let fmtSize: UInt32 = extensible ? 40 : 16
        put("RIFF")
        p32(4 + 8 + fmtSize + 12 + 8 + UInt32(data.count))
        put("WAVE")
        put("fmt ")
        p32(fmtSize)
        p16(extensible ? 0xFFFE : format)
        p16(channels)
        p32(rate)
        p32(rate * UInt32(block))
        p16(block)
        p16(bits)
        if extensible {
            p16(22)
            p16(bits)
            p32(0)
            p16(format)
            out += [0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71]  // KSDATAFORMAT_SUBTYPE GUID tail
        }
        put("LIST")
        p32(4)
        put("INFO")
        put("data")
        p32(UInt32(data.count))
        out += data
        return Data(out)
    }

    @Test("PCM 16/24/32 and float 64 decode to the values their bits encode")
    func decodeFormats() throws {
        let pcm16 = try AudioFile.decode(
            header(format: 1, channels: 2, rate: 44100, bits: 16, data: [0x00, 0x40, 0x00, 0x80]))
        #expect(pcm16.sampleRate == 44100 && pcm16.channels == [[0.5], [-1]])
        let pcm24 = try AudioFile.decode(
            header(format: 1, channels: 1, rate: 48000, bits: 24, data: [0, 0, 0xC0, 0xFF, 0xFF, 0x7F]))
        #expect(pcm24.channels[0][0] == -0.5 && abs(pcm24.channels[0][1] - 1) < 1.2e-7)
        let pcm32 = try AudioFile.decode(header(format: 1, channels: 1, rate: 48000, bits: 32, data: [0, 0, 0, 0x20]))
        #expect(pcm32.channels[0] == [0.25])
        let f64 = try AudioFile.decode(
            header(
                format: 3, channels: 1, rate: 96000, bits: 64,
                data: withUnsafeBytes(of: (-0.125).bitPattern.littleEndian, Array.init)))
        #expect(f64.channels[0] == [-0.125] && f64.sampleRate == 96000)
        let ext = try AudioFile.decode(
            header(format: 1, channels: 1, rate: 48000, bits: 16, data: [0x00, 0xC0], extensible: true))
        #expect(ext.channels[0] == [-0.5])
    }

    private func temporaryPath(_ ext: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("soundstage-\(UUID()).\(ext)").path
    }

    private func noise(seed: UInt64, channels: Int = 2, rms: Double = 0.2) -> AudioBuffer {
        AudioBuffer(
            sampleRate: 48000,
            channels: (0..<channels).map { TestSignals.whiteNoise(count: 1000, seed: seed + UInt64($0), rms: rms) })
    }

    private func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }

    @Test("Float-32 WAV gives back Float(x); float-64 WAV gives back x exactly")
    func floatRoundTrips() throws {
        let path = temporaryPath("wav")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let buffer = noise(seed: 1)
        try AudioFile.write(buffer, to: path)
        let back = try AudioFile.read(path: path)
        #expect(back.sampleRate == 48000 && back.channels.count == 2)
        for c in 0..<2 { #expect(back.channels[c] == buffer.channels[c].map { Double(Float($0)) }) }
        try AudioFile.write(buffer, to: path, format: .wavFloat64)
        #expect(try AudioFile.read(path: path) == buffer)
    }

    /// FLAC and AIFF are lossless at their word length: every sample read back lies on the 24-bit grid
    /// and within one step (2^−23) of x. One step, not half: libsndfile scales doubles by 2^31 − 1 and
    /// drops the low byte for AIFF, where FLAC rounds (FLAC comes back as round(x · 2^23) / 2^23
    /// exactly, the quantization computed here independently).
    @Test("24-bit FLAC and AIFF give back x on the 24-bit grid, within one step")
    func pcm24RoundTrips() throws {
        let buffer = noise(seed: 3)
        let step = 1.0 / 8_388_608
        for container in [AudioFileFormat.Container.flac, .aiff] {
            let format = try AudioFileFormat(container: container, encoding: .pcm24)
            let back = try AudioFile.decode(AudioFile.encode(buffer, format: format))
            for c in 0..<2 {
                #expect(back.channels[c].allSatisfy { ($0 / step).rounded() == $0 / step }, "\(container)")
                #expect(maxAbsDifference(back.channels[c], buffer.channels[c]) <= step, "\(container)")
            }
        }
        let flac = try AudioFile.decode(
            AudioFile.encode(buffer, format: AudioFileFormat(container: .flac, encoding: .pcm24)))
        #expect(flac.channels == buffer.channels.map { $0.map { ($0 / step).rounded() * step } })
        #expect(throws: AudioFormatError.self) { try AudioFileFormat(container: .flac, encoding: .float32) }
    }

    @Test("PCM output clips at full scale instead of wrapping around")
    func pcmClips() throws {
        let loud = AudioBuffer(sampleRate: 8000, channels: [[1.5, -2, 0.5]])
        let back = try AudioFile.decode(
            AudioFile.encode(loud, format: AudioFileFormat(container: .wav, encoding: .pcm16)))
        #expect(back.channels[0][0] > 0.9999 && back.channels[0][1] == -1 && back.channels[0][2] == 0.5)
    }

    /// libsndfile stamps float WAVs' PEAK chunk with the time of writing unless told not to.
    @Test("Writing the same float WAV twice, a second apart, gives the same bytes and no PEAK chunk")
    func reproducibleBytes() throws {
        let (first, second) = (temporaryPath("wav"), temporaryPath("wav"))
        defer { for p in [first, second] { try? FileManager.default.removeItem(atPath: p) } }
        try AudioFile.write(noise(seed: 5), to: first)
        Thread.sleep(forTimeInterval: 1.1)
        try AudioFile.write(noise(seed: 5), to: second)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: first))
        #expect(bytes == (try Data(contentsOf: URL(fileURLWithPath: second))))
        #expect(bytes.range(of: Data("PEAK".utf8)) == nil)
    }

    @Test("Malformed, missing and unwritable files name the file and the problem")
    func errors() throws {
        do {
            _ = try AudioFile.decode(Data("hello, not audio".utf8), path: "x.wav")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".hasPrefix("x.wav: not a readable audio file: "))
        }
        do {
            _ = try AudioFile.read(path: "/nonexistent/file.wav")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("/nonexistent/file.wav") && "\(error)".contains("no such file"))
        }
        let nan = AudioBuffer(sampleRate: 48000, channels: [[0, .nan]])
        #expect(throws: AudioFileError.unwritable(path: "n.wav", reason: "samples contain NaN or infinity")) {
            try AudioFile.write(nan, to: "n.wav")
        }
    }
}
