import Foundation
import SoundstageDSP

/// Schroeder backward-integrated energy decay curve with noise truncation and compensation.
///
/// The curve E(t) = ∫_t^∞ h²(τ) dτ (Schroeder 1965) is computed from the onset. Background noise
/// bends the curve upward at its end, so the response is first truncated where its decay meets the
/// noise floor and the energy that truncation removes is added back as the tail of the fitted
/// exponential — ISO 3382-1:2009 §5.3.3 method (b)/(c), with the truncation point found as in
/// Lundeby et al., "Uncertainties of measurements in room acoustics", Acustica 81 (1995):
///
/// 1. Noise floor N: mean square of the last 10 % of the response.
/// 2. Envelope: mean square over 10 ms blocks, in dB.
/// 3. Regression of the envelope from its 0 dB start down to N + 10 dB; the truncation point is
///    where the regression line meets N.
/// 4. Re-estimate N from the part from 5 dB (in line terms) past the truncation point, if at least
///    10 % of the response remains there, and repeat step 3 once.
/// 5. Compensation: the line's exponential energy beyond the truncation point, h²(t_c)·τ with τ
///    the energy time constant.
///
/// When the envelope never comes within 10 dB of N (no measurable noise, e.g. a simulated
/// response), nothing is truncated and nothing is added.
public struct EnergyDecayCurve: Sendable {
    /// Samples per second.
    public let sampleRate: Double
    /// Samples from the onset where the integration was truncated (the usable end of the curve).
    public let usableLength: Int
    /// Estimated noise floor relative to the peak energy envelope in dB, if any was detected.
    public let noiseFloorDB: Double?
    /// The backward-integrated energy from each sample to the end (with the compensation), and its
    /// value at the onset: the levels are made from these only where they are read.
    private let remaining: [Double], total: Double

    /// The decay curve of `response` from sample `onset`.
    public init(response: [Double], onset: Int, sampleRate: Double) {
        self.sampleRate = sampleRate
        let h = Array(response[min(onset, response.count)...])
        let truncation = EnergyDecayCurve.truncation(of: h, sampleRate: sampleRate)
        let end = truncation?.index ?? h.count
        var cumulative = [Double](repeating: 0, count: end + 1)
        cumulative[end] = truncation?.compensation ?? 0
        var i = end - 1
        while i >= 0 {
            cumulative[i] = cumulative[i + 1] + h[i] * h[i]
            i -= 1
        }
        total = max(cumulative[0], 1e-300)
        remaining = cumulative
        usableLength = end
        noiseFloorDB = truncation?.noiseDB
    }

    /// Decay in dB relative to the total energy at sample `index` from the onset (0 ≤ index <
    /// ``usableLength``); 0 at index 0, never rising.
    public func levelDB(at index: Int) -> Double { 10 * log10(max(remaining[index] / total, 1e-30)) }

    /// Decay in dB relative to the total energy, one value per sample from the onset; 0 at index 0.
    public var levelsDB: [Double] { (0..<usableLength).map(levelDB(at:)) }

    /// The first sample from the onset whose level is at or below `decibels` (``usableLength`` if
    /// none): a binary search, the curve never rising.
    public func firstIndex(atOrBelow decibels: Double) -> Int {
        var low = 0, high = usableLength
        while low < high {
            let mid = (low + high) / 2
            if levelDB(at: mid) <= decibels { high = mid } else { low = mid + 1 }
        }
        return low
    }

    private struct Truncation {
        var index: Int
        var compensation: Double
        var noiseDB: Double
    }

    private static func truncation(of h: [Double], sampleRate: Double) -> Truncation? {
        let block = max(1, Int(0.010 * sampleRate))
        let blockCount = h.count / block
        guard blockCount >= 10 else { return nil }
        var envelope = [Double](repeating: 0, count: blockCount)
        for b in 0..<blockCount { envelope[b] = sumOfSquares(h, (b * block)..<((b + 1) * block)) / Double(block) }
        let peak = envelope.reduce(0, max)
        guard peak > 0 else { return nil }
        let envelopeDB = envelope.map { 10 * log10(max($0 / peak, 1e-30)) }

        var noise = sumOfSquares(h, (h.count - h.count / 10)..<h.count) / Double(max(h.count / 10, 1)) / peak
        var crossingBlock = 0.0, slope = 0.0, intercept = 0.0
        for _ in 0..<2 {
            let noiseDB = 10 * log10(max(noise, 1e-30))
            // Fit from the envelope's peak down to 10 dB above the noise.
            let start = envelopeDB.firstIndex(of: 0) ?? 0
            guard let stop = envelopeDB[start...].firstIndex(where: { $0 < noiseDB + 10 }), stop - start >= 3 else {
                return nil
            }
            (slope, intercept) = linearFit(
                x: (start..<stop).map { Double($0) + 0.5 }, y: Array(envelopeDB[start..<stop]))
            guard slope < 0 else { return nil }
            crossingBlock = (noiseDB - intercept) / slope
            // Re-estimate the noise from 5 dB of decay past the crossing, if enough remains.
            let quiet = Int((crossingBlock + (-5 / slope)).rounded(.up)) * block
            if quiet < h.count - h.count / 10 {
                noise = sumOfSquares(h, quiet..<h.count) / Double(h.count - quiet) / peak
            } else {
                break
            }
        }
        let index = Int(crossingBlock * Double(block))
        guard index > 0 && index < h.count else { return nil }
        // Energy decays as 10^(slope·t/10) per block: time constant τ = −10/(slope·ln 10) blocks.
        let tauSamples = -10 / (slope * log(10)) * Double(block)
        let levelAtCrossing = peak * pow(10, (slope * crossingBlock + intercept) / 10)
        return Truncation(
            index: index, compensation: levelAtCrossing * tauSamples,
            noiseDB: 10 * log10(max(noise, 1e-30)))
    }
}

/// Ordinary least-squares line y = slope·x + intercept.
public func linearFit(x: [Double], y: [Double]) -> (slope: Double, intercept: Double) {
    let n = Double(x.count)
    let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
    var sxy = 0.0, sxx = 0.0
    for (a, b) in zip(x, y) {
        sxy += (a - mx) * (b - my)
        sxx += (a - mx) * (a - mx)
    }
    let slope = sxx > 0 ? sxy / sxx : 0
    return (slope, my - slope * mx)
}
