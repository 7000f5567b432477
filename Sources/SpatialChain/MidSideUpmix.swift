import Foundation
import SoundstageDSP

/// Stereo to left/right/centre upmix with a centre that is uncorrelated with the side signal.
///
/// Per STFT bin: M = (L + R)/2, S = (L − R)/2; with recursively smoothed cross-spectra Φ,
/// C = γ·(M − (Φ_MS/Φ_SS)·S), L′ = L − C, R′ = R − C (so L′ − R′ = L − R and L′ + C = L exactly).
/// M − (Φ_MS/Φ_SS)·S is M's component orthogonal to S (a per-bin least-squares projection), so C
/// carries nothing correlated with S. γ is the inter-channel similarity 2|Φ_LR|/(Φ_LL + Φ_RR) of
/// Avendano & Jot ("A frequency-domain approach to multichannel upmix", JAES 52(7/8), 2004): 1 for
/// a centred source, 0 for a hard-panned one, small for decorrelated channels.
public struct MidSideUpmix: Sendable {
    /// Smoothing time constant of the cross-spectra, seconds.
    public var smoothingSeconds: Double
    public let stft: STFT

    public init(smoothingSeconds: Double = 0.2, frameLength: Int = 1024, hop: Int = 256) {
        self.smoothingSeconds = smoothingSeconds
        stft = STFT(frameLength: frameLength, hop: hop)
    }

    /// L′, R′ and C for stereo input (equal lengths).
    public func process(
        left: [Double], right: [Double], sampleRate: Double
    ) -> (left: [Double], right: [Double], centre: [Double]) {
        precondition(left.count == right.count, "channels must have the same length")
        let l = stft.analyze(left), r = stft.analyze(right)
        let bins = stft.binCount
        let lambda = exp(-Double(stft.hop) / (smoothingSeconds * sampleRate))
        var phiMSre = [Double](repeating: 0, count: bins), phiMSim = phiMSre, phiSS = phiMSre, phiMM = phiMSre
        var phiLL = phiMSre, phiRR = phiMSre, phiLRre = phiMSre, phiLRim = phiMSre
        var centreFrames = [[Double]](), leftFrames = [[Double]](), rightFrames = [[Double]]()
        for t in l.indices {
            var c = [Double](repeating: 0, count: 2 * bins)
            for k in 0..<bins {
                let lr = l[t][2 * k], li = l[t][2 * k + 1], rr = r[t][2 * k], ri = r[t][2 * k + 1]
                let mr = (lr + rr) / 2, mi = (li + ri) / 2, sr = (lr - rr) / 2, si = (li - ri) / 2
                // β and γ come from the cross-spectra smoothed over the *previous* frames, so they do
                // not depend on this frame's S (which would bias C toward correlating with it).
                let floor = 1e-12 * (phiMM[k] + phiSS[k]) + 1e-300
                let betaRe = phiMSre[k] / (phiSS[k] + floor), betaIm = phiMSim[k] / (phiSS[k] + floor)
                let similarity =
                    2 * (phiLRre[k] * phiLRre[k] + phiLRim[k] * phiLRim[k]).squareRoot()
                    / (phiLL[k] + phiRR[k] + 1e-300)
                let gamma = min(1, max(0, similarity))
                // Then this frame enters the smoothed auto- and cross-spectra (M·S* and L·R*).
                phiMSre[k] = lambda * phiMSre[k] + (1 - lambda) * (mr * sr + mi * si)
                phiMSim[k] = lambda * phiMSim[k] + (1 - lambda) * (mi * sr - mr * si)
                phiSS[k] = lambda * phiSS[k] + (1 - lambda) * (sr * sr + si * si)
                phiMM[k] = lambda * phiMM[k] + (1 - lambda) * (mr * mr + mi * mi)
                phiLL[k] = lambda * phiLL[k] + (1 - lambda) * (lr * lr + li * li)
                phiRR[k] = lambda * phiRR[k] + (1 - lambda) * (rr * rr + ri * ri)
                phiLRre[k] = lambda * phiLRre[k] + (1 - lambda) * (lr * rr + li * ri)
                phiLRim[k] = lambda * phiLRim[k] + (1 - lambda) * (li * rr - lr * ri)
                c[2 * k] = gamma * (mr - (betaRe * sr - betaIm * si))
                c[2 * k + 1] = gamma * (mi - (betaRe * si + betaIm * sr))
            }
            centreFrames.append(c)
            leftFrames.append(zip(l[t], c).map { $0 - $1 })
            rightFrames.append(zip(r[t], c).map { $0 - $1 })
        }
        let n = left.count
        return (
            stft.synthesize(leftFrames, length: n), stft.synthesize(rightFrames, length: n),
            stft.synthesize(centreFrames, length: n)
        )
    }

    /// The static LRC matrix alternative: C = (L + R)/2·g, L′ = L − C, R′ = R − C with a fixed
    /// centre gain `g` (0…1). Signal independent, so it cannot separate a centred source from
    /// correlated side content.
    public static func staticMatrix(
        left: [Double], right: [Double], centreGain g: Double = 0.5
    ) -> (left: [Double], right: [Double], centre: [Double]) {
        let c = zip(left, right).map { g * ($0 + $1) / 2 }
        return (zip(left, c).map { $0 - $1 }, zip(right, c).map { $0 - $1 }, c)
    }
}
