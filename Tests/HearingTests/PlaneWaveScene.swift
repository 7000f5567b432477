import Binaural
import Foundation
import Numerics
import SoundstageDSP

/// Test scenes for the auditory model: plane waves reaching a head, built exactly in the frequency
/// domain (each arrival = the head's transfer function × gain × e^(−j2πf·delay)).
struct PlaneWaveScene {
    /// One arrival: horizontal azimuth in degrees (positive left), linear gain, delay in seconds.
    struct Arrival {
        var azimuthDegrees: Double, gain: Double, delaySeconds: Double
    }

    static let sampleRate = 48000.0
    /// Response length: 250 ms, enough for a 200 ms burst after a delay of up to 30 ms.
    static let length = 16384

    /// The two ears' impulse response of the arrivals through `head` (head-centre arrival of a zero
    /// delay at 5 ms).
    static func response(_ arrivals: [Arrival], head: any HeadModel) -> EarSignals {
        let fft = RealFFT.plan(size: length)
        var left = [Complex<Double>](repeating: .zero, count: fft.binCount), right = left
        for arrival in arrivals {
            let spectra = HRIR.binSpectra(
                head: head,
                direction: HeadDirection.vector(azimuth: arrival.azimuthDegrees * Double.pi / 180, elevation: 0),
                sampleRate: sampleRate, fftSize: length, delaySeconds: 0.005 + arrival.delaySeconds)
            for k in 0..<fft.binCount {
                left[k] = left[k] + spectra.left[k] * Complex(arrival.gain)
                right[k] = right[k] + spectra.right[k] * Complex(arrival.gain)
            }
        }
        return EarSignals(left: fft.inverse(bins: left), right: fft.inverse(bins: right), sampleRate: sampleRate)
    }

    /// A ±30° loudspeaker pair at the sweet spot: the left speaker `levelDB` louder and `leadSeconds`
    /// earlier than the right (negative values favour the right).
    static func pair(levelDB: Double, leadSeconds: Double, head: any HeadModel) -> EarSignals {
        let g = pow(10, levelDB / 40)
        return response(
            [
                Arrival(azimuthDegrees: 30, gain: g, delaySeconds: max(0, -leadSeconds)),
                Arrival(azimuthDegrees: -30, gain: 1 / g, delaySeconds: max(0, leadSeconds)),
            ], head: head)
    }

    /// `count` samples of pink noise gated by 200 ms bursts with 10 ms raised-cosine ramps.
    static func pinkBurst(seed: UInt64) -> [Double] {
        let count = Int(0.2 * sampleRate), ramp = Int(0.01 * sampleRate)
        var noise = TestSignals.pinkNoise(count: count, seed: seed)
        for i in 0..<ramp {
            let g = 0.5 - 0.5 * cos(Double.pi * Double(i) / Double(ramp))
            noise[i] *= g
            noise[count - 1 - i] *= g
        }
        return noise
    }

    /// A pink-noise burst played through `response`: the ear signals a listener would record.
    static func burst(through response: EarSignals, seed: UInt64) -> EarSignals {
        let noise = pinkBurst(seed: seed)
        let n = FFTSize.powerOfTwo(atLeast: noise.count + response.left.count)
        let fft = RealFFT.plan(size: n)
        let x = fft.forward(noise)
        func through(_ h: [Double]) -> [Double] {
            var y = fft.forward(h)
            for k in 0..<fft.binCount {
                let (a, b, c, d) = (x[2 * k], x[2 * k + 1], y[2 * k], y[2 * k + 1])
                y[2 * k] = a * c - b * d
                y[2 * k + 1] = a * d + b * c
            }
            return Array(fft.inverse(y).prefix(noise.count + Int(0.05 * sampleRate)))
        }
        return EarSignals(left: through(response.left), right: through(response.right), sampleRate: sampleRate)
    }
}
