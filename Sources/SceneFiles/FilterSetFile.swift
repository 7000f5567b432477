import AudioFiles
import Evaluation
import Foundation
import RoomAcoustics
import SoundstageDSP
import SpatialChain

/// Filter sets as audio files: one channel per (input, driver) FIR, input-major — channel
/// i · D + d (counting from 0) is the filter from input i to driver d, with D the device's drivers
/// in the device file's order (echo-studio: woofer, mid-left, mid-right, mid-top, tweeter). 2·D
/// channels: the inputs are the programme's L and R. 3·D channels: the inputs are L′, R′ and C from
/// the chain's upmix (the filters behind it, as `beam` and `spatial` export). Any sample rate
/// (resampled to the study's with ``BandlimitedResampler``), any format libsndfile reads; float 64
/// keeps taps exact. A `.sofa` file in the `GeneralFIR` convention (``SOFAGeneralFIR``) holds the same
/// filters as M inputs × R drivers × N taps.
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
        let (rate, channels) = try readChannels(path, drivers: drivers)
        let allowed = inputs.map { [$0] } ?? [2, 3]
        guard let inputs = allowed.first(where: { $0 * drivers == channels.count }) else {
            let counts = allowed.map { "\($0 * drivers) (\($0 == 2 ? "L, R" : "L′, R′, C behind the upmix"))" }
            throw InputError(
                path,
                "has \(channels.count) channels; a filter set for \(drivers) drivers needs "
                    + counts.joined(separator: " or ") + "; channel i·\(drivers) + d = input i to driver d")
        }
        guard channels.allSatisfy({ !$0.isEmpty }) else { throw InputError(path, "holds no taps") }
        return (rate, (0..<inputs).map { i in (0..<drivers).map { d in channels[i * drivers + d] } })
    }

    /// The filters of `path` as channels in input-major order: an audio file's channels, or a SOFA
    /// GeneralFIR file's M × R filters (R must be the device's drivers).
    private static func readChannels(_ path: String, drivers: Int) throws -> (rate: Double, channels: [[Double]]) {
        do {
            if path.lowercased().hasSuffix(".sofa") {
                let sofa = try SOFAGeneralFIR.read(path: path)
                guard sofa.ir[0].count == drivers else {
                    throw InputError(
                        path, "Data.IR has R = \(sofa.ir[0].count) receivers; the device has \(drivers) drivers")
                }
                return (sofa.sampleRate, sofa.ir.flatMap { $0 })
            }
            let audio = try AudioFile.read(path: path)
            return (audio.sampleRate, audio.channels)
        } catch let error as AudioFileError {
            throw InputError(path, error.description.replacingOccurrences(of: "\(path): ", with: ""))
        }
    }

    /// Writes `set`'s filters to `path`, atomically: a SOFA GeneralFIR file when the path ends in
    /// `.sofa` (M inputs × R drivers × N taps, the drivers named and placed from `device`), else a
    /// float-64 WAV; both keep the taps exact.
    public static func write(_ set: FilterSet, device: Device, to path: String) throws {
        try write(set.taps, sampleRate: set.sampleRate, device: device, to: path)
    }

    /// Writes the separation filters of `set` (if any) to `path` the same way.
    public static func writeSeparation(_ set: FilterSet, device: Device, to path: String) throws {
        guard let separation = set.separationTaps else { return }
        try write(separation, sampleRate: set.sampleRate, device: device, to: path)
    }

    private static func write(_ taps: [[[Double]]], sampleRate: Double, device: Device, to path: String) throws {
        if path.lowercased().hasSuffix(".sofa") {
            let inputs = taps.count == 3 ? "L′, R′, C (behind the upmix)" : "L, R"
            try SOFAGeneralFIR(
                sampleRate: sampleRate, ir: taps, receiverPositions: device.drivers.map(\.position),
                receiverNames: device.drivers.map(\.name),
                title: "Soundstage filter set for \(device.name); inputs \(inputs)"
            ).write(to: path, applicationVersion: "soundstage")
            return
        }
        try AudioFile.write(
            AudioBuffer(sampleRate: sampleRate, channels: taps.flatMap { $0 }), to: path, format: .wavFloat64)
    }
}
