import Foundation
import Numerics
import SoundstageDSP

/// A listener's head: how a far-field plane wave from a direction reaches the two ears.
///
/// Head frame: x out of the nose, y out of the left ear, z up. Directions are unit vectors in that
/// frame pointing toward the source. Transfer functions are relative to the free-field pressure at
/// the head centre with the head absent, with the phase convention of a delay τ being e^(−j2πfτ)
/// (so the near ear, which hears the wave before the head centre would, has a phase *advance*).
public protocol HeadModel: Sendable {
    /// A short description for reports ("rigid sphere a = 8.75 cm").
    var name: String { get }
    /// Equivalent head radius in metres.
    var radius: Double { get }
    /// Transfer functions (left, right) at `frequencies` Hz for a plane wave from `direction`.
    func transferFunctions(
        direction: Vector3, frequencies: [Double]
    ) -> (left: [Complex<Double>], right: [Complex<Double>])
}

/// Direction conventions of the head frame.
public enum HeadDirection {
    /// Unit vector for azimuth (radians, 0 ahead, positive to the left) and elevation (radians, positive up).
    public static func vector(azimuth: Double, elevation: Double) -> Vector3 {
        Vector3(cos(elevation) * cos(azimuth), cos(elevation) * sin(azimuth), sin(elevation))
    }

    /// Lateral angle (interaural-polar) in radians, −π/2…π/2, positive left: asin(y).
    public static func lateralAngle(_ direction: Vector3) -> Double {
        asin(max(-1, min(1, direction.normalized.y)))
    }
}

/// Head-related impulse responses synthesized from a head model's transfer functions.
public enum HRIR {
    /// The HRIR's time origin (head-centre arrival) sits this many seconds after sample 0, so the
    /// near ear's advance stays causal.
    public static let leadSeconds = 0.001

    /// The HRIR pair of `head` for `direction`, `length` samples at `sampleRate`: the inverse FFT of
    /// its transfer functions with the ``leadSeconds`` delay, tapered by a half-Hann over the last
    /// quarter. Sample `leadSeconds·fs` is the head-centre arrival time.
    public static func pair(
        head: any HeadModel, direction: Vector3, sampleRate: Double, length: Int = 512
    ) -> (left: [Double], right: [Double]) {
        let spectra = binSpectra(
            head: head, direction: direction, sampleRate: sampleRate, fftSize: length, delaySeconds: leadSeconds)
        let fft = RealFFT.plan(size: length)
        func synthesize(_ bins: [Complex<Double>]) -> [Double] {
            var h = fft.inverse(bins: bins)
            let taper = length / 4
            for i in 0..<taper {
                h[length - taper + i] *= 0.5 + 0.5 * cos(Double.pi * Double(i + 1) / Double(taper))
            }
            return h
        }
        return (synthesize(spectra.left), synthesize(spectra.right))
    }

    /// Transfer functions on the bins of a real FFT of size `fftSize`, times e^(−j2πf·delaySeconds).
    public static func binSpectra(
        head: any HeadModel, direction: Vector3, sampleRate: Double, fftSize: Int,
        delaySeconds: Double
    ) -> (left: [Complex<Double>], right: [Complex<Double>]) {
        let bins = fftSize / 2 + 1
        let frequencies = (0..<bins).map { Double($0) * sampleRate / Double(fftSize) }
        var (l, r) = head.transferFunctions(direction: direction, frequencies: frequencies)
        for k in 0..<bins {
            let phase: Double = -2 * Double.pi * frequencies[k] * delaySeconds
            let shift = Complex<Double>(cos(phase), sin(phase))
            l[k] = l[k] * shift
            r[k] = r[k] * shift
        }
        return (l, r)
    }
}
