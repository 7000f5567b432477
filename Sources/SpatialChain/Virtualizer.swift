import Binaural
import Foundation
import SoundstageDSP

/// Virtual loudspeakers at ±θ from the Brown & Duda structural head (ears at ±90°): each input
/// reaches the near ear through an all-pass (a pure delay) and the far ear through the head's
/// relative response — a first-order shelving low-pass, the ratio of the two ears' head-shadow
/// filters (1 + jα_far·ω/2ω₀)/(1 + jα_near·ω/2ω₀) by the bilinear transform, after the interaural
/// delay T(θ_far) − T(θ_near) as a windowed-sinc fractional delay. At 30° the delay is 0.261 ms
/// (12.5 samples at 48 kHz) and the high-frequency ratio −13.6 dB.
public struct Virtualizer: Sendable {
    /// Virtual speaker azimuth, radians.
    public let angle: Double
    public let head: StructuralHead
    public let sampleRate: Double
    /// Near-ear path: a delay of ``FractionalDelay/lookahead`` samples (all-pass).
    public let ipsilateral: [Double]
    /// Far-ear path: fractional interaural delay then the shadow ratio (applied as a section).
    public let contralateralDelay: [Double]
    public let contralateralShelf: FirstOrderSection

    public init(angleDegrees: Double = 30, head: StructuralHead = StructuralHead(), sampleRate: Double) {
        angle = angleDegrees * Double.pi / 180
        self.head = head
        self.sampleRate = sampleRate
        let thetaNear = Double.pi / 2 - angle, thetaFar = Double.pi / 2 + angle
        let delay = FractionalDelay()
        var ipsi = [Double](repeating: 0, count: delay.length)
        ipsi[delay.lookahead] = 1
        ipsilateral = ipsi
        let itdSamples = (head.delay(thetaFar) - head.delay(thetaNear)) * sampleRate
        var far = [Double](repeating: 0, count: delay.length + Int(itdSamples) + 1)
        delay.addImpulse(into: &far, timeSamples: Double(delay.lookahead) + itdSamples, gain: 1)
        contralateralDelay = far
        // Shelf (1 + s·a_f/(2ω0))/(1 + s·a_n/(2ω0)), bilinear with s = 2fs·(1 − z⁻¹)/(1 + z⁻¹).
        let w0 = head.speedOfSound / head.radius
        let kf = StructuralHead.alpha(thetaFar) / (2 * w0) * 2 * sampleRate
        let kn = StructuralHead.alpha(thetaNear) / (2 * w0) * 2 * sampleRate
        contralateralShelf = FirstOrderSection(
            b0: (1 + kf) / (1 + kn), b1: (1 - kf) / (1 + kn), a1: (1 - kn) / (1 + kn))
    }

    /// The far-ear path applied to `x`.
    public func contralateral(_ x: [Double]) -> [Double] {
        Array(contralateralShelf.process(Convolution.convolve(x, contralateralDelay)).prefix(x.count))
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
