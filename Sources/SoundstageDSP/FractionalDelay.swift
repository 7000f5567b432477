import Foundation

/// Windowed-sinc fractional delay (band-limited interpolation).
///
/// A delay of `d` samples is realized by the taps h[k] = w(k − c)·sinc(k − c), k = 0…L−1, with
/// c = (L − 1)/2 + frac(d) and the window w centred on c (the windowed-sinc method of
/// pyroomacoustics and of Laakso et al., "Splitting the unit delay", IEEE SPM 1996). The kernel's
/// tap 0 sits `(L − 1)/2` samples *before* the integer part of the delay, so callers that place a
/// kernel for an arrival at time t start it at sample floor(t) − (L − 1)/2: no net shift of the
/// time origin. Default: 81 taps with a Hann window, as pyroomacoustics uses at 48 kHz.
public struct FractionalDelay: Sendable, Hashable {
    /// Kernel length in taps (odd).
    public let length: Int
    /// Taper applied around the fractional centre.
    public let window: Window

    public init(length: Int = 81, window: Window = .hann) {
        precondition(length >= 3 && length % 2 == 1, "fractional-delay length must be odd and ≥ 3, got \(length)")
        self.length = length
        self.window = window
    }

    /// Samples before the arrival's integer sample where the kernel starts, (L − 1)/2.
    public var lookahead: Int { (length - 1) / 2 }

    /// Kernel for the fractional part `fraction` ∈ [0, 1): its centre is at tap
    /// `lookahead + fraction`, so its DC group delay is `lookahead + fraction` samples.
    public func kernel(fraction: Double) -> [Double] {
        precondition(fraction >= 0 && fraction < 1, "fraction must lie in [0, 1)")
        let centre = Double(lookahead) + fraction
        let halfWidth = Double(lookahead) + 1
        return (0..<length).map { k in
            let t = Double(k) - centre
            return window.value(at: t, halfWidth: halfWidth) * sinc(t)
        }
    }

    /// Adds `gain` × a band-limited impulse arriving at `timeSamples` (≥ 0) into `buffer`;
    /// taps falling outside the buffer are dropped.
    public func addImpulse(into buffer: inout [Double], timeSamples: Double, gain: Double) {
        let whole = Int(timeSamples.rounded(.down))
        let taps = kernel(fraction: timeSamples - Double(whole))
        let start = whole - lookahead
        for k in 0..<length {
            let index = start + k
            if index >= 0 && index < buffer.count { buffer[index] += gain * taps[k] }
        }
    }
}
