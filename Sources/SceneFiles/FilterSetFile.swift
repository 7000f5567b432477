import AudioFiles
import Evaluation
import Foundation
import SoundstageDSP
import SpatialChain

/// Filter sets as audio files: one channel per (input, driver) FIR, input-major — channel
/// i · D + d (counting from 0) is the filter from input i to driver d, with D the device's drivers
/// in the device file's order (echo-studio: woofer, mid-left, mid-right, mid-top, tweeter). 2·D
/// channels: the inputs are the programme's L and R. 3·D channels: the inputs are L′, R′ and C from
/// the chain's upmix (the filters behind it, as `beam` and `spatial` export). Any sample rate
/// (resampled to the study's with ``BandlimitedResampler``), any format libsndfile reads; float 64
/// keeps taps exact.
public enum FilterSetFile {
    /// Reads `path` for a device of `drivers` drivers at `sampleRate` Hz; `separationPath` names the
    /// same filters without a virtualizer, for the channel-separation metric. Errors name the file.
    public static func load(
        _ path: String, separationPath: String? = nil, drivers: Int, sampleRate: Double
    ) throws -> FilterSet {
        let taps = try readTaps(path, drivers: drivers, inputs: nil)
        let separation = try separationPath.map { try readTaps($0, drivers: drivers, inputs: taps.taps.count) }
        if let separation, separation.rate != taps.rate {
            throw InputError(separationPath ?? path, "sample rate \(separation.rate) Hz differs from \(path)'s")
        }
        do {
            return try FilterSet(sampleRate: taps.rate, taps: taps.taps, separationTaps: separation?.taps)
                .resampled(to: sampleRate)
        } catch {
            throw InputError(path, "\(error)")
        }
    }

    /// The taps of `path`: `inputs` inputs, or 2 or 3 as the channel count says when nil.
    private static func readTaps(
        _ path: String, drivers: Int, inputs: Int?
    ) throws -> (
        rate: Double, taps: [[[Double]]]
    ) {
        let audio: AudioBuffer
        do { audio = try AudioFile.read(path: path) } catch let error as AudioFileError {
            throw InputError(path, error.description.replacingOccurrences(of: "\(path): ", with: ""))
        }
        let allowed = inputs.map { [$0] } ?? [2, 3]
        guard let inputs = allowed.first(where: { $0 * drivers == audio.channels.count }) else {
            let counts = allowed.map { "\($0 * drivers) (\($0 == 2 ? "L, R" : "L′, R′, C behind the upmix"))" }
            throw InputError(
                path,
                "has \(audio.channels.count) channels; a filter set for \(drivers) drivers needs "
                    + counts.joined(separator: " or ") + "; channel i·\(drivers) + d = input i to driver d")
        }
        guard audio.frameCount > 0 else { throw InputError(path, "holds no taps") }
        let taps = (0..<inputs).map { i in (0..<drivers).map { d in audio.channels[i * drivers + d] } }
        return (audio.sampleRate, taps)
    }

    /// Writes `set` to `path` as a float-64 WAV (taps exact), atomically.
    public static func write(_ set: FilterSet, to path: String) throws {
        try AudioFile.write(
            AudioBuffer(sampleRate: set.sampleRate, channels: set.taps.flatMap { $0 }), to: path, format: .wavFloat64)
    }

    /// Writes the separation filters of `set` (if any) to `path` the same way.
    public static func writeSeparation(_ set: FilterSet, to path: String) throws {
        guard let separation = set.separationTaps else { return }
        try AudioFile.write(
            AudioBuffer(sampleRate: set.sampleRate, channels: separation.flatMap { $0 }), to: path, format: .wavFloat64)
    }
}
