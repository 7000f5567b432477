import Binaural
import Foundation
import RoomAcoustics
import SoundstageDSP

/// The two ears' late-tail noise of one room, made once and shared by every source and seat.
///
/// Every source's tail in a room decays at the room's rates and differs from another's only in its
/// level per band and where it starts (``LateReverberation/continuing(_:from:scattered:)``); every
/// source also used the same seeded realization. So the noise is drawn once per room, per octave
/// band b and ear: stationary noise with the band's power spectrum g_b(f)² (the octave bank's gain;
/// independent draws per band, so neighbouring bands add powers across their crossover),
/// the head's diffuse-field power per ear, the head's diffuse-field coherence γ(f) between the ears
/// (left A, right γ·A + √(1 − γ²)·B, bin by bin, from two independent white spectra over the whole
/// response), times the band's decay e^(−ρ_b·t/2). A source's tail is then Σ_b √(E_b/fs)·noise_b(t)
/// from its start, E_b its energy per second: the same spectrum, decay, ear powers and coherence as
/// ``LateReverberation/synthesize(length:sampleRate:bank:seed:stream:bandScales:receivers:coherence:)``
/// gives frame by frame, for a multiply-add per band and sample instead of two FFTs per frame.
public struct BinauralTailNoise: Sendable {
    /// Per band: the decaying unit-level noise at each ear, the response's length each.
    public let left: [[Double]], right: [[Double]]
    public let sampleRate: Double

    /// The noise for tails of `simulator`'s room with `decayRates` per band (the head's bands).
    public init(simulator: RoomSimulator, table: HeadResponseTable, decayRates: [Double]) {
        let fs = simulator.options.sampleRate, length = simulator.length
        let size = FFTSize.fast(atLeast: length)
        let fft = RealFFT.plan(size: size)
        var generator = SeededGenerator(seed: simulator.options.seed, stream: 1)
        // White spectra with E|X_k|² = N, so the unnormalized-by-N inverse has unit variance per sample.
        let amplitude = (0.5 * Double(size)).squareRoot() * 3.0.squareRoot()
        func white() -> [Double] {
            var x = [Double](repeating: 0, count: 2 * fft.binCount)
            for k in 0..<fft.binCount {
                x[2 * k] = amplitude * (2 * generator.nextUniform() - 1)
                x[2 * k + 1] = k == 0 || 2 * k == size ? 0 : amplitude * (2 * generator.nextUniform() - 1)
            }
            return x
        }
        let gains = BinGainCache.shared.gains(bank: simulator.renderer.bank, fftSize: size, sampleRate: fs)
        let gamma = (0..<fft.binCount).map { k in
            max(-1, min(1, table.diffuseCoherence(at: Double(k) * fs / Double(size))))
        }
        var left = [[Double]](), right = [[Double]]()
        for band in 0..<decayRates.count {
            // Independent noise per band, as the frame synthesis' power sum Σ_b g_b²·e_b implies: one
            // white spectrum through every band would correlate neighbours across each crossover (+9 %).
            let a = white(), b = white()
            var l = [Double](repeating: 0, count: 2 * fft.binCount), r = l
            for k in 0..<fft.binCount {
                let g = gains[band][k], other = (1 - gamma[k] * gamma[k]).squareRoot()
                for part in 0..<2 {
                    l[2 * k + part] = g * a[2 * k + part]
                    r[2 * k + part] = g * (gamma[k] * a[2 * k + part] + other * b[2 * k + part])
                }
            }
            let powers = (table.diffusePower.left[band].squareRoot(), table.diffusePower.right[band].squareRoot())
            let step = exp(-decayRates[band] / (2 * fs))
            var envelope = 1.0
            var bandLeft = Array(fft.inverse(l).prefix(length)), bandRight = Array(fft.inverse(r).prefix(length))
            for n in 0..<length {
                bandLeft[n] *= powers.0 * envelope
                bandRight[n] *= powers.1 * envelope
                envelope *= step
            }
            left.append(bandLeft)
            right.append(bandRight)
        }
        (self.left, self.right, sampleRate) = (left, right, fs)
    }

    /// `tail`'s ears (its energy rates per band, from its start; its decay rates must be this noise's).
    public func render(_ tail: LateReverberation, length: Int) -> (left: [Double], right: [Double]) {
        render([tail], length: length)[0]
    }

    /// Each of `tails`' ears, in one pass over the noise: blocked over samples, every band's block of
    /// noise is read for all the tails while it is in cache (seven sources of a seat read the megabytes
    /// of noise from memory once, not seven times), and each tail's block is summed in scratch that
    /// stays in the first-level cache. Each sum adds its bands in band order, so a tail's ears do not
    /// depend on the other tails.
    public func render(_ tails: [LateReverberation], length: Int) -> [(left: [Double], right: [Double])] {
        let end = min(length, left.first?.count ?? 0)
        let starts = tails.map { max(0, Int(($0.startTime * sampleRate).rounded(.up))) }
        let scales = tails.map { tail in
            left.indices.map { (tail.energyRates[min($0, tail.energyRates.count - 1)] / sampleRate).squareRoot() }
        }
        // Separate buffers (not copies of one shared zero array, which would be copied on first write),
        // zeroed only where no block writes: before the tail's start and after the noise's end.
        func buffer(_ t: Int) -> [Double] {
            [Double](unsafeUninitializedCapacity: length) { out, count in
                let start = min(starts[t], end)
                out.address.initialize(repeating: 0, count: start)
                (out.address + end).initialize(repeating: 0, count: length - end)
                count = length
            }
        }
        var lefts = tails.indices.map(buffer), rights = tails.indices.map(buffer)
        let block = 2048
        // Each tail's block is summed in cache-resident scratch, band by band, then stored once.
        var scratchLeft = [Double](repeating: 0, count: block), scratchRight = scratchLeft
        for first in stride(from: starts.min() ?? end, to: end, by: block) {
            let last = min(first &+ block, end)
            for t in tails.indices where starts[t] < last {
                let from = max(first, starts[t]), count = last &- from
                scratchLeft.withUnsafeMutableBufferPointer { sumLeft in
                    scratchRight.withUnsafeMutableBufferPointer { sumRight in
                        let (a, b) = (sumLeft.address, sumRight.address)
                        a.update(repeating: 0, count: count)
                        b.update(repeating: 0, count: count)
                        for band in left.indices {
                            let scale = scales[t][band]
                            left[band].withUnsafeBufferPointer { l in
                                right[band].withUnsafeBufferPointer { r in
                                    let (x, y) = (l.address + from, r.address + from)
                                    var n = 0
                                    while n < count {
                                        a[n] += scale * x[n]
                                        b[n] += scale * y[n]
                                        n &+= 1
                                    }
                                }
                            }
                        }
                        lefts[t].withUnsafeMutableBufferPointer {
                            $0.address.advanced(by: from).update(from: a, count: count)
                        }
                        rights[t].withUnsafeMutableBufferPointer {
                            $0.address.advanced(by: from).update(from: b, count: count)
                        }
                    }
                }
            }
        }
        return tails.indices.map { (lefts[$0], rights[$0]) }
    }
}
