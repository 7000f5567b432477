import Binaural
import Foundation
import Numerics
import SoundstageDSP

/// Virtual loudspeakers at ±θ for the chain's design head: each input reaches the near ear through an
/// all-pass (a pure delay) and the far ear through the head's far/near relative response.
///
/// - The Brown & Duda structural head (ears at ±90°) in closed form: the ratio of the two ears'
///   head-shadow filters (1 + jα_far·ω/2ω₀)/(1 + jα_near·ω/2ω₀), a first-order shelf by the bilinear
///   transform, after the interaural delay T(θ_far) − T(θ_near) as a windowed-sinc fractional delay. At
///   30° the delay is 0.261 ms (12.5 samples at 48 kHz) and the high-frequency ratio −13.6 dB.
/// - Any other head (a sphere, a SOFA head): the ratio of its transfer functions H_far/H_near at ±θ as
///   a 512-tap FIR with the near path's delay as its modelling delay (the near ear's response floored
///   at −40 dB of its peak so the ratio stays bounded; a half-Hann over the last quarter).
public struct Virtualizer: Sendable {
    /// Virtual speaker azimuth, radians.
    public let angle: Double
    /// The head the virtual speakers are rendered for.
    public let head: any HeadModel
    public let sampleRate: Double
    /// Near-ear path: a delay of ``FractionalDelay/lookahead`` samples (all-pass).
    public let ipsilateral: [Double]
    /// Far-ear path.
    let farPath: FarPath

    enum FarPath: Sendable {
        /// The structural head's closed form: the fractional interaural delay, then the shadow ratio.
        case structural(delay: [Double], shelf: FirstOrderSection)
        /// Any other head: its far/near transfer-function ratio as an FIR.
        case relative([Double])
    }

    /// Taps of the relative-response FIR of a non-structural head.
    static let relativeLength = 512

    public init(angleDegrees: Double = 30, head: any HeadModel = StructuralHead(), sampleRate: Double) {
        angle = angleDegrees * Double.pi / 180
        self.head = head
        self.sampleRate = sampleRate
        let delay = FractionalDelay()
        var ipsi = [Double](repeating: 0, count: delay.length)
        ipsi[delay.lookahead] = 1
        ipsilateral = ipsi
        if let structural = head as? StructuralHead {
            farPath = Virtualizer.structuralPath(structural, angle: angle, sampleRate: sampleRate, delay: delay)
        } else {
            farPath = .relative(
                Virtualizer.relativeFIR(head, angle: angle, sampleRate: sampleRate, modellingDelay: delay.lookahead))
        }
    }

    private static func structuralPath(
        _ head: StructuralHead, angle: Double, sampleRate: Double, delay: FractionalDelay
    ) -> FarPath {
        let thetaNear = Double.pi / 2 - angle, thetaFar = Double.pi / 2 + angle
        let itdSamples = (head.delay(thetaFar) - head.delay(thetaNear)) * sampleRate
        var far = [Double](repeating: 0, count: delay.length + Int(itdSamples) + 1)
        delay.addImpulse(into: &far, timeSamples: Double(delay.lookahead) + itdSamples, gain: 1)
        // Shelf (1 + s·a_f/(2ω0))/(1 + s·a_n/(2ω0)), bilinear with s = 2fs·(1 − z⁻¹)/(1 + z⁻¹).
        let w0 = head.speedOfSound / head.radius
        let kf = StructuralHead.alpha(thetaFar) / (2 * w0) * 2 * sampleRate
        let kn = StructuralHead.alpha(thetaNear) / (2 * w0) * 2 * sampleRate
        return .structural(
            delay: far,
            shelf: FirstOrderSection(b0: (1 + kf) / (1 + kn), b1: (1 - kf) / (1 + kn), a1: (1 - kn) / (1 + kn)))
    }

    /// H_far/H_near of `head` for a source at azimuth `angle` (left ear near), delayed by
    /// `modellingDelay` samples, as a ``relativeLength``-tap FIR.
    private static func relativeFIR(
        _ head: any HeadModel, angle: Double, sampleRate: Double, modellingDelay: Int
    ) -> [Double] {
        let n = relativeLength
        let spectra = HRIR.binSpectra(
            head: head, direction: HeadDirection.vector(azimuth: angle, elevation: 0), sampleRate: sampleRate,
            fftSize: n, delaySeconds: 0)
        let peak = spectra.left.reduce(0) { max($0, $1.length) }
        let floor = 0.01 * peak
        let ratio = zip(spectra.right, spectra.left).map { far, near in
            near.length >= floor ? far / near : far / (near * Complex(floor / max(near.length, .leastNormalMagnitude)))
        }
        // The modelling delay, so the ratio's own (acausal) part before the interaural delay fits.
        let delayed = ratio.enumerated().map { k, r in
            r * Complex(length: 1, phase: -2 * Double.pi * Double(k) * Double(modellingDelay) / Double(n))
        }
        var h = RealFFT.plan(size: n).inverse(bins: delayed)
        let taper = n / 4
        for i in 0..<taper { h[n - taper + i] *= 0.5 + 0.5 * cos(Double.pi * Double(i + 1) / Double(taper)) }
        return h
    }

    /// The far-ear path applied to `x`.
    public func contralateral(_ x: [Double]) -> [Double] {
        switch farPath {
        case .structural(let delay, let shelf):
            return Array(shelf.process(Convolution.convolve(x, delay)).prefix(x.count))
        case .relative(let filter):
            return Array(Convolution.convolve(x, filter).prefix(x.count))
        }
    }

    /// The near-ear path applied to `x`.
    public func ipsilateralPath(_ x: [Double]) -> [Double] {
        Array(Convolution.convolve(x, ipsilateral).prefix(x.count))
    }

    /// Binaural signals of virtual speakers at ±θ fed `left` and `right`.
    public func process(left: [Double], right: [Double]) -> (left: [Double], right: [Double]) {
        let li = ipsilateralPath(left), ri = ipsilateralPath(right)
        let lc = contralateral(left), rc = contralateral(right)
        return (zip(li, rc).map { $0 + $1 }, zip(ri, lc).map { $0 + $1 })
    }
}
