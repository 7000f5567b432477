import Foundation

/// Changes the sample rate of a short signal (an FIR filter's taps) by band-limited interpolation:
/// windowed-sinc reconstruction evaluated at the new sampling instants (Smith, "Digital Audio
/// Resampling", https://ccrma.stanford.edu/~jos/resample/).
///
/// y[m] = (c / r_out) · Σ_k x[k] · sinc(c · (m / r_out − k / r_in)) · w(m / r_out − k / r_in), with
/// c = 0.95 · min(r_in, r_out), so the pass band ends at c/2, 5 % below the lower Nyquist frequency, and
/// w a Kaiser window (β = 9.0, about −90 dB side lobes) spanning ±32 zero crossings of the sinc.
/// The factor c / r_out keeps the DC gain Σ y = Σ x. The output is as long as the input's duration
/// plus the kernel's half width (so nothing of the input's end is cut); it starts at the same time
/// (t = 0 stays sample 0), so delays keep their length in seconds.
public struct BandlimitedResampler: Sendable {
    public let inputRate: Double
    public let outputRate: Double
    /// Zero crossings of the sinc on each side of its centre.
    public static let halfWidthCrossings = 32.0
    static let window = Window.kaiser(beta: 9.0)

    public init(from inputRate: Double, to outputRate: Double) {
        precondition(inputRate > 0 && outputRate > 0, "sample rates must be positive")
        self.inputRate = inputRate
        self.outputRate = outputRate
    }

    /// The pass band's upper edge c/2, Hz.
    public var cutoffHz: Double { 0.475 * min(inputRate, outputRate) }

    /// `x` (at ``inputRate``) at ``outputRate``.
    public func resample(_ x: [Double]) -> [Double] {
        let c = 2 * cutoffHz
        let halfWidth = BandlimitedResampler.halfWidthCrossings / c  // seconds
        let duration = Double(x.count) / inputRate + halfWidth
        let count = Int((duration * outputRate).rounded(.up))
        return (0..<count).map { m in
            let t = Double(m) / outputRate
            let first = max(0, Int(((t - halfWidth) * inputRate).rounded(.up)))
            let last = min(x.count - 1, Int(((t + halfWidth) * inputRate).rounded(.down)))
            guard first <= last else { return 0 }
            var sum = 0.0
            for k in first...last where x[k] != 0 {
                let dt = t - Double(k) / inputRate
                let a = Double.pi * c * dt
                let sinc = a == 0 ? 1 : sin(a) / a
                sum += x[k] * sinc * BandlimitedResampler.window.value(at: dt, halfWidth: halfWidth)
            }
            return sum * c / outputRate
        }
    }
}
