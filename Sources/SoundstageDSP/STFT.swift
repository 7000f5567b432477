import Foundation

/// Short-time Fourier transform with perfect reconstruction by weighted overlap-add.
///
/// Frames of `frameLength` samples advance by `hop`; each is multiplied by a periodic sqrt-Hann
/// analysis window and transformed. Synthesis applies the same window again and divides the
/// overlap-added result by Σ w² (Griffin & Lim's least-squares ISTFT), so any hop with
/// `frameLength/hop` ≥ 2 reconstructs exactly, unmodified frames give back the input, and
/// modified frames give the least-squares estimate. The signal is padded by `frameLength` samples
/// on each side so every input sample is covered by the full overlap.
public struct STFT: Sendable {
    public let frameLength: Int
    public let hop: Int
    /// Analysis (and synthesis) window, periodic sqrt-Hann.
    public let window: [Double]

    public init(frameLength: Int = 1024, hop: Int = 256) {
        precondition(
            frameLength >= 2 && hop >= 1 && hop <= frameLength / 2,
            "STFT needs hop ≤ frameLength/2 (got frame \(frameLength), hop \(hop))")
        self.frameLength = frameLength
        self.hop = hop
        window = Window.hann.periodic(length: frameLength).map { $0.squareRoot() }
    }

    /// Number of complex bins per frame, frameLength/2 + 1.
    public var binCount: Int { frameLength / 2 + 1 }

    /// Frame spectra of `signal`: `frames[t]` holds `2·binCount` interleaved doubles.
    public func analyze(_ signal: [Double]) -> [[Double]] {
        let fft = RealFFT.plan(size: frameLength)
        let padded = [Double](repeating: 0, count: frameLength) + signal + [Double](repeating: 0, count: frameLength)
        let frameCount = (padded.count - frameLength) / hop + 1
        var frame = [Double](repeating: 0, count: frameLength)
        return (0..<frameCount).map { t in
            let start = t * hop
            for i in 0..<frameLength { frame[i] = padded[start + i] * window[i] }
            return fft.forward(frame)
        }
    }

    /// The signal of `length` samples whose STFT is closest to `frames` (exact for unmodified frames).
    public func synthesize(_ frames: [[Double]], length: Int) -> [Double] {
        let fft = RealFFT.plan(size: frameLength)
        let total = length + 2 * frameLength
        var output = [Double](repeating: 0, count: total)
        var norm = [Double](repeating: 0, count: total)
        for (t, spectrum) in frames.enumerated() {
            let start = t * hop
            if start >= total { break }
            let frame = fft.inverse(spectrum)
            for i in 0..<frameLength where start + i < total {
                output[start + i] += frame[i] * window[i]
                norm[start + i] += window[i] * window[i]
            }
        }
        return (0..<length).map { i in
            let n = norm[i + frameLength]
            return n > 1e-12 ? output[i + frameLength] / n : 0
        }
    }
}
