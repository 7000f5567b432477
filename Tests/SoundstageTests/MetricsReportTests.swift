import Evaluation
import Foundation
import Reports
import SceneFiles
import Soundstage
import SoundstageDSP
import Testing

private let fs = 48000.0

private func decay(t60: Double, seconds: Double, seed: UInt64) -> [Double] {
    let noise = TestSignals.whiteNoise(count: Int(seconds * fs), seed: seed)
    return noise.indices.map { noise[$0] * exp(-3 * log(10) * Double($0) / fs / t60) }
}

@Suite("metrics report")
struct MetricsReportTests {
    @Test("A stereo file's JSON has the documented shape: broadband, octaves 125…8000, right, binaural")
    func jsonShape() throws {
        let left = decay(t60: 0.5, seconds: 1, seed: 1), right = decay(t60: 0.5, seconds: 1, seed: 2)
        let report = try MetricsReport(audio: AudioBuffer(sampleRate: fs, channels: [left, right]), source: "test.wav")
        let text = report.json.rendered()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let octaves = try #require(object["octaves"] as? [String: Any])
        #expect(Set(octaves.keys) == ["125", "250", "500", "1000", "2000", "4000", "8000"])
        let broadband = try #require(object["broadband"] as? [String: Any])
        for key in ["edt_s", "t20_s", "t30_s", "c50_db", "c80_db", "d50", "ts_ms", "drr_db", "notes"] {
            #expect(broadband[key] != nil)
        }
        #expect(object["right"] is [String: Any])
        let binaural = try #require(object["binaural"] as? [String: Any])
        for key in ["iacc_e", "iacc_l", "iacc", "iacc_e3", "itd_us", "ild_db", "octaves"] {
            #expect(binaural[key] != nil)
        }
        // Independent noise decays in the two ears: late IACC is small (finite-window bias only).
        #expect(try #require(binaural["iacc_l"] as? Double) < 0.1)
        #expect(abs(try #require(broadband["t30_s"] as? Double) / 0.5 - 1) < 0.03)
    }

    @Test("A value that cannot be computed is null with a note saying why")
    func missingIsNull() throws {
        // 60 ms of decay: C80 and T30 cannot be computed.
        let report = try MetricsReport(
            audio: AudioBuffer(sampleRate: fs, channels: [decay(t60: 2, seconds: 0.06, seed: 3)]), source: "short.wav")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(report.json.rendered().utf8)) as? [String: Any])
        let broadband = try #require(object["broadband"] as? [String: Any])
        #expect(broadband["c80_db"] is NSNull)
        #expect(broadband["t30_s"] is NSNull)
        #expect(try #require(broadband["notes"] as? [String]).contains { $0.contains("T30") })
        #expect(object["binaural"] == nil)
    }

    @Test("Files with three channels or only zeros are refused with the file named")
    func badInput() {
        let three = AudioBuffer(
            sampleRate: fs,
            channels: [[1, 0], [1, 0], [1, 0]].map { Array($0 + [Double](repeating: 0, count: 1000)) })
        #expect(
            throws: InputError(
                "x.wav", "expected a mono impulse response or a stereo (left ear, right ear) pair, got 3 channels")
        ) {
            try MetricsReport(audio: three, source: "x.wav")
        }
        #expect(throws: InputError("z.wav", "every sample is zero")) {
            try MetricsReport(
                audio: AudioBuffer(sampleRate: fs, channels: [[Double](repeating: 0, count: 4800)]), source: "z.wav")
        }
    }

    @Test("JSON numbers are written deterministically and never as NaN")
    func jsonFormatting() {
        #expect(
            JSONValue.object([("a", .number(0.5)), ("b", .null), ("c", .number(3))]).rendered(indent: nil)
                == #"{"a":0.5,"b":null,"c":3}"#)
        #expect(JSONValue.string("a\"b").rendered() == #""a\"b""#)
    }
}
