import Evaluation
import Foundation
import Hearing
import SoundstageDSP

/// What `soundstage localize` prints: the auditory model's prediction for a pair of ear signals.
public struct LocalizationReport {
    public let prediction: ImagePrediction
    public let source: String, headName: String

    /// Predicts the image of `audio` (two channels: left ear, right ear) for a listener with `head`.
    public init(audio: AudioBuffer, source: String, model: BinauralModel) throws {
        guard audio.channels.count == 2 else {
            throw InputError(source, "expected two channels (left ear, right ear), got \(audio.channels.count)")
        }
        guard abs(audio.sampleRate - model.sampleRate) < 1e-9 else {
            throw InputError(
                source, "sample rate \(audio.sampleRate) Hz differs from the model's \(model.sampleRate) Hz")
        }
        guard audio.frameCount >= Int(0.02 * audio.sampleRate) else {
            throw InputError(source, "\(audio.frameCount) samples: at least one 20 ms frame is needed")
        }
        guard audio.channels.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
            throw InputError(source, "the audio holds NaN or infinite samples")
        }
        prediction = model.predictSignal(
            EarSignals(left: audio.channels[0], right: audio.channels[1], sampleRate: audio.sampleRate))
        self.source = source
        headName = model.map.headName
    }

    /// The JSON form: `lateral_deg` (number or null), `spread_deg`, `confidence`, `notes`, `bands`.
    public var json: JSONValue {
        .object([
            ("file", .string(source)), ("head", .string(headName)),
            ("lateral_deg", .optional(prediction.lateralDegrees)),
            ("spread_deg", .number(prediction.spreadDegrees)), ("confidence", .number(prediction.confidence)),
            ("notes", .array(prediction.notes.map { .string($0) })),
            (
                "bands",
                .object(
                    prediction.bands.map { band in
                        (
                            String(Int(band.centreHz.rounded())),
                            .object([
                                ("lateral_deg", .optional(band.lateralDegrees)),
                                ("itd_us", .number(band.itdSeconds * 1e6)), ("ild_db", .number(band.ildDB)),
                                ("coherence", .number(band.coherence)), ("weight", .number(band.weight)),
                            ])
                        )
                    })
            ),
        ])
    }

    /// A table for people.
    public var table: String {
        var out = "\(source) (head: \(headName))\n"
        out +=
            prediction.lateralDegrees.map { String(format: "lateral angle: %+.1f° (positive: left)\n", $0) }
            ?? "lateral angle: not localizable\n"
        out += String(format: "spread: %.1f°   confidence: %.3f\n", prediction.spreadDegrees, prediction.confidence)
        for note in prediction.notes { out += "note: \(note)\n" }
        out += "\n  band Hz   lateral °   ITD µs   ILD dB   coherence   weight\n"
        for band in prediction.bands {
            let lateral = band.lateralDegrees.map { String(format: "%+9.1f", $0) } ?? "        —"
            out += String(
                format: "  %7.0f   %@   %6.0f   %6.1f   %9.3f   %6.3f\n", band.centreHz, lateral, band.itdSeconds * 1e6,
                band.ildDB, band.coherence, band.weight)
        }
        return out
    }
}
