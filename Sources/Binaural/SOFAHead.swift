import CMySofa
import Foundation
import Numerics
import SoundstageDSP

/// Why a SOFA file could not be used.
public struct SOFAError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}

/// A measured head from a SOFA (AES69) file, read with libmysofa.
///
/// libmysofa resamples the set to the requested rate and interpolates between measured directions
/// (`mysofa_getfilter_float`, inverse-distance weighting of the neighbours). Levels are normalized so
/// the frontal direction's mean low-frequency (≤ 300 Hz) gain of the two ears is 1, as for the
/// analytic heads; the time origin is moved to the frontal HRIR's mean onset, so a source straight
/// ahead reaches both ears at the head-centre time (the measurement's own propagation delay removed).
/// The HRIR table is read once; lookups afterwards are lock-free.
public struct SOFAHead: HeadModel {
    public let path: String
    public let sampleRate: Double
    public let radius: Double
    /// HRIRs on a grid of directions (azimuth step 5°, elevation −40…90° step 5°), re-referenced.
    let grid: DirectionGrid
    let irs: [[Float]]  // per grid direction: left then right, `taps` each
    let taps: Int
    let leadSamples: Double
    let scale: Double

    /// Loads `path` at `sampleRate`; `radius` is the nominal head radius used in reports.
    public init(path: String, sampleRate: Double, radius: Double = 0.0875) throws {
        var filterLength: Int32 = 0
        var error: Int32 = 0
        guard FileManager.default.fileExists(atPath: path) else { throw SOFAError(path: path, message: "no such file") }
        guard let easy = mysofa_open_no_norm(path, Float(sampleRate), &filterLength, &error), error == 0 else {
            throw SOFAError(
                path: path,
                message: "libmysofa cannot load it (error \(error)); is it a SOFA HRTF file (SimpleFreeFieldHRIR)?")
        }
        defer { mysofa_close(easy) }
        self.path = path
        self.sampleRate = sampleRate
        self.radius = radius
        let n = Int(filterLength)
        taps = n
        grid = DirectionGrid(azimuthStepDegrees: 5, elevationStepDegrees: 5, lowestElevationDegrees: -40)
        var left = [Float](repeating: 0, count: n), right = [Float](repeating: 0, count: n)
        var table = [[Float]]()
        table.reserveCapacity(grid.count)
        for d in grid.directions {
            var delayLeft: Float = 0, delayRight: Float = 0
            mysofa_getfilter_float(easy, Float(d.x), Float(d.y), Float(d.z), &left, &right, &delayLeft, &delayRight)
            // Sets with separate delays (Data.Delay) get them applied as whole-sample shifts.
            let sl = Int((Double(delayLeft) * sampleRate).rounded()),
                sr = Int((Double(delayRight) * sampleRate).rounded())
            table.append(SOFAHead.shifted(left, by: sl) + SOFAHead.shifted(right, by: sr))
        }
        irs = table
        // Reference: frontal direction. Onset = first sample within 20 dB of the peak.
        let front = table[grid.nearestIndex(Vector3(1, 0, 0))]
        let onsets = [Array(front[0..<n]), Array(front[n..<(2 * n)])].map { ir -> Double in
            let peak = ir.map { Double(abs($0)) }.max() ?? 0
            return Double(ir.firstIndex { Double(abs($0)) >= 0.1 * peak } ?? 0)
        }
        leadSamples = (onsets[0] + onsets[1]) / 2
        let lowBins = (0..<8).map { 30.0 + 40 * Double($0) }
        let gains = [Array(front[0..<n]), Array(front[n..<(2 * n)])].map { ir in
            lowBins.map { f in FIRResponse.response(ir.map(Double.init), frequency: f, sampleRate: sampleRate).length }
                .reduce(0, +) / Double(lowBins.count)
        }
        let mean = (gains[0] + gains[1]) / 2
        guard mean > 0, mean.isFinite else { throw SOFAError(path: path, message: "the frontal HRIR is silent") }
        scale = 1 / mean
    }

    private static func shifted(_ x: [Float], by samples: Int) -> [Float] {
        if samples <= 0 { return x }
        return Array(([Float](repeating: 0, count: samples) + x).prefix(x.count))
    }

    public var name: String { "SOFA \(URL(fileURLWithPath: path).lastPathComponent)" }

    /// The measured HRIR pair nearest to `direction` (re-referenced, scaled), `taps` samples, with
    /// the head-centre arrival at sample ``leadSamples``.
    public func measuredPair(direction: Vector3) -> (left: [Double], right: [Double]) {
        let ir = irs[grid.nearestIndex(direction.normalized)]
        return (ir[0..<taps].map { Double($0) * scale }, ir[taps..<(2 * taps)].map { Double($0) * scale })
    }

    /// FFT length used to evaluate the measured responses (zero-padded HRIRs; 23 Hz bins at 48 kHz).
    static let spectrumSize = 2048

    public func transferFunctions(
        direction: Vector3, frequencies: [Double]
    ) -> (left: [Complex<Double>], right: [Complex<Double>]) {
        // The nearest grid direction (5° grid, itself interpolated by libmysofa from the measured
        // neighbours); its spectrum is read off a zero-padded FFT with linear interpolation between
        // bins, and the lead removed (multiplied by e^(+jω·lead)).
        let (l, r) = measuredPair(direction: direction)
        let size = max(SOFAHead.spectrumSize, FFTSize.powerOfTwo(atLeast: taps))
        let fft = RealFFT.plan(size: size)
        func evaluate(_ h: [Double]) -> [Complex<Double>] {
            let spectrum = fft.forward(h)
            return frequencies.map { f in
                let position = min(max(f / sampleRate * Double(size), 0), Double(size / 2))
                let k = min(Int(position), size / 2 - 1)
                let w = position - Double(k)
                let value = Complex(
                    spectrum[2 * k] * (1 - w) + spectrum[2 * k + 2] * w,
                    spectrum[2 * k + 1] * (1 - w) + spectrum[2 * k + 3] * w)
                let phase = 2 * Double.pi * f * leadSamples / sampleRate
                return value * Complex(cos(phase), sin(phase))
            }
        }
        return (evaluate(l), evaluate(r))
    }
}
