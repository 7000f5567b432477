import Binaural
import Foundation
import RoomAcoustics
import SceneFiles
import SoundstageDSP
import SpatialChain
import Testing

@Suite("Filter sets")
struct FilterSetTests {
    static let fs = 48000.0

    private func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("soundstage-\(UUID())").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The fixed-filter modes run on their impulse responses; the chain's own processing (IIR
    /// crossovers, virtualizer, CTC convolutions) is the second method. The truncated IIR tails are
    /// below 1e-38, so they agree to rounding — of the recursion, mostly: the 200 Hz biquads' poles sit
    /// at r ≈ 0.98, whose rounding-noise gain (~1/(1 − r)² per section) lifts 1e-16 to ~1e-11 of the
    /// peak on pink noise. Tolerance 1e-9 of the feed's peak (−180 dB).
    @Test("Every device mode through its filter set matches the chain's own processing to 1e-9 of the peak")
    func filtersMatchProcessing() throws {
        let processor = try SpatialProcessor(
            device: DeviceFile.load("echo-studio"), head: SphereHead(), sampleRate: FilterSetTests.fs)
        let left = TestSignals.pinkNoise(count: 24000, seed: 11), right = TestSignals.pinkNoise(count: 24000, seed: 12)
        let centre = TestSignals.pinkNoise(count: 24000, seed: 13)
        for mode in [ChainMode.BuiltIn.matrix, .ctc, .beam, .spatial] {
            let set = try #require(processor.filterSet(mode))
            let upmixed = mode == .beam || mode == .spatial
            let viaFilters = set.feeds(inputs: upmixed ? [left, right, centre] : [left, right])
            let processed =
                upmixed
                ? processor.processedFeeds(mode, upmixed: (left, right, centre))
                : processor.processedFeeds(mode, left: left, right: right)
            for d in viaFilters.indices {
                let worst = zip(viaFilters[d], processed[d]).map { abs($0 - $1) }.max() ?? 0
                let peak = processed[d].map(abs).max() ?? 0
                #expect(worst <= 1e-9 * peak, "\(mode) driver \(d): \(worst) of \(peak)")
            }
        }
        #expect(processor.filterSet(.reference) == nil)
    }

    @Test("Exported filters (WAV and SOFA) loaded back as modes give bit-identical feeds and separation feeds")
    func exportRoundTrip() throws {
        let processor = try SpatialProcessor(
            device: DeviceFile.load("echo-studio"), head: SphereHead(), sampleRate: FilterSetTests.fs)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let left = TestSignals.pinkNoise(count: 9000, seed: 3), right = TestSignals.whiteNoise(count: 9000, seed: 4)
        for builtIn in [ChainMode.BuiltIn.matrix, .ctc, .beam, .spatial] {
            for ext in ["wav", "sofa"] {
                let set = try #require(processor.filterSet(builtIn))
                let path = "\(folder)/\(builtIn.rawValue).\(ext)"
                let separation = "\(folder)/\(builtIn.rawValue)-sep.\(ext)"
                try FilterSetFile.write(set, device: processor.device, to: path)
                try FilterSetFile.writeSeparation(set, device: processor.device, to: separation)
                let loaded = try FilterSetFile.load(
                    path, separationPath: set.separationTaps == nil ? nil : separation, drivers: 5,
                    sampleRate: FilterSetTests.fs)
                let (exported, original) = (ChainMode(name: "exported", filters: loaded), ChainMode(builtIn))
                #expect(loaded.inputCount == set.inputCount)
                #expect(
                    processor.feeds(mode: exported, left: left, right: right)
                        == processor.feeds(mode: original, left: left, right: right), "\(builtIn)")
                #expect(
                    processor.separationFeeds(mode: exported, left: left, right: right)
                        == processor.separationFeeds(mode: original, left: left, right: right), "\(builtIn)")
            }
        }
        #expect(
            processor.filterSet(.ctc)?.separationTaps != nil && processor.filterSet(.spatial)?.separationTaps != nil)
    }

    /// The resampled filter must have the original's frequency response in the pass band. Reference:
    /// the original's DTFT at 44.1 kHz, computed directly (a second method, not the resampler's).
    @Test("Resampling a filter from 44.1 to 48 kHz keeps its response within 0.01 dB and 0.1 µs to 18 kHz")
    func resamplerKeepsTheResponse() {
        var filter = [Double](repeating: 0, count: 300)
        FractionalDelay().addImpulse(into: &filter, timeSamples: 60.3, gain: 1)
        FractionalDelay().addImpulse(into: &filter, timeSamples: 150.8, gain: -0.4)
        let out = BandlimitedResampler(from: 44100, to: 48000).resample(filter)
        func response(_ x: [Double], _ rate: Double, _ f: Double) -> (re: Double, im: Double) {
            x.enumerated().reduce((0.0, 0.0)) {
                let w = -2 * Double.pi * f * Double($1.offset) / rate
                return ($0.0 + $1.element * cos(w), $0.1 + $1.element * sin(w))
            }
        }
        for f in stride(from: 100.0, through: 18000, by: 300) {
            let (a, b) = (response(filter, 44100, f), response(out, 48000, f))
            let ratio = (re: (b.re * a.re + b.im * a.im), im: (b.im * a.re - b.re * a.im))
            let magnitude = a.re * a.re + a.im * a.im
            let gainDB = 10 * log10((ratio.re * ratio.re + ratio.im * ratio.im) / (magnitude * magnitude))
            let delaySeconds = -atan2(ratio.im, ratio.re) / (2 * Double.pi * f)
            #expect(abs(gainDB) < 0.01 && abs(delaySeconds) < 1e-7, "\(f) Hz: \(gainDB) dB, \(delaySeconds) s")
        }
    }

    @Test("A filter file with the wrong channel count names the file and the layout it needs")
    func wrongChannels() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let set = try FilterSet(sampleRate: 48000, taps: [[[1, 0.5]], [[0.25, 0]]])
        let device = Device(
            name: "one", drivers: [Driver(name: "d", position: .zero, axis: Vector3(1, 0, 0), directivity: .omni)])
        try FilterSetFile.write(set, device: device, to: "\(folder)/two.wav")
        do {
            _ = try FilterSetFile.load("\(folder)/two.wav", drivers: 5, sampleRate: 48000)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("two.wav") && "\(error)".contains("needs 10 (L, R) or 15"))
        }
    }
}
