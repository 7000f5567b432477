import Foundation
import SoundstageDSP

extension LateReverberation {
    /// Frame length of the tail synthesis in samples (hop is half of it).
    public static let synthesisFrame = 1024

    /// Per bin: the (at most two) bands it lies in with their power weights, and the coherence terms.
    private struct BinTables: Sendable {
        var lowBand: [Int]
        var highBand: [Int]
        var lowWeight: [Double]
        var highWeight: [Double]
        /// γ(f_k) between the two receivers (1 without a coherence function).
        var gamma: [Double]
        /// √(1 − γ(f_k)²).
        var other: [Double]
    }

    /// Raw views of ``BinTables`` for the per-bin loop.
    private struct BinPointers {
        let lowBand: UnsafeBufferPointer<Int>
        let highBand: UnsafeBufferPointer<Int>
        let lowWeight: UnsafeBufferPointer<Double>
        let highWeight: UnsafeBufferPointer<Double>
        let gamma: UnsafeBufferPointer<Double>
        let other: UnsafeBufferPointer<Double>
    }

    /// Renders seeded realizations of the tail for one or two receivers, `length` samples each.
    ///
    /// Weighted overlap-add of random spectra: in each frame (1024 samples, hop 512, sqrt-Hann
    /// windows that overlap-add to one), bin k gets a random complex value of variance
    /// N·Σ_b g_b(f_k)²·e_b(t) — the power the octave-band trains would have there, with g_b the
    /// octave bank's gains and e_b(t) the band's expected energy per sample at the frame centre — so
    /// the output is noise whose spectrum and decay follow the bands. A second receiver gets
    /// γ(f)·A + √(1 − γ(f)²)·B per bin from two independent spectra A and B, which gives the two
    /// signals the coherence γ(f) (the head's diffuse-field coherence for two ears). Samples before
    /// ``startTime`` are zero. Random values come from `SeededGenerator(seed:stream:)`, so equal
    /// inputs give equal bytes.
    ///
    /// - Parameters:
    ///   - bandScales: per receiver, a power factor per band (e.g. the head's diffuse-field power per
    ///     ear); empty means 1.
    ///   - coherence: γ(f) between the two receivers; required for two receivers.
    public func synthesize(
        length: Int, sampleRate fs: Double, bank: BandFilterBank, seed: UInt64, stream: UInt64,
        bandScales: [[Double]] = [], receivers: Int = 1, coherence: ((Double) -> Double)? = nil
    ) -> [[Double]] {
        precondition(receivers == 1 || (receivers == 2 && coherence != nil), "two receivers need a coherence function")
        let n = LateReverberation.synthesisFrame, hop = n / 2
        let fft = RealFFT.plan(size: n)
        let bins = fft.binCount
        let window = LateReverberation.synthesisWindow
        let bandCount = decayRates.count
        let tables = LateReverberation.tables(
            bins: bins, bandCount: bandCount, bank: bank, frame: n, sampleRate: fs, coherence: coherence)
        let start = max(0, Int((startTime * fs).rounded(.up)))
        var outputs = [[Double]](repeating: [Double](repeating: 0, count: length), count: receivers)
        guard start < length else { return outputs }
        var generator = SeededGenerator(seed: seed, stream: stream)
        let amplitude = 1.5.squareRoot()  // uniform on ±√1.5 has variance ½ per real/imaginary part
        var a = [Double](repeating: 0, count: 2 * bins), b = a, spectrum = a
        // Per receiver and band: the band's energy per sample at the frame centre times the band scale, times N.
        var scaledEnergy = [Double](repeating: 0, count: bandCount)
        var frameBuffer = [Double](repeating: 0, count: n)
        let inverseN = 1 / Double(n)
        var firstFrame = (start - n) / hop
        firstFrame = max(firstFrame, -1)
        var frame = firstFrame
        while frame * hop < length {
            let offset = frame * hop
            let centre = (Double(offset) + Double(n) / 2) / fs
            a.withUnsafeMutableBufferPointer { pa in
                b.withUnsafeMutableBufferPointer { pb in
                    Self.drawSpectra(
                        pa, pb, bins: bins, frame: n, receivers: receivers, amplitude: amplitude, generator: &generator)
                }
            }
            for receiver in 0..<receivers {
                let scales = receiver < bandScales.count ? bandScales[receiver] : []
                for band in 0..<bandCount {
                    scaledEnergy[band] =
                        Double(n) * energyRates[band] / fs * exp(-decayRates[band] * centre)
                        * (scales.isEmpty ? 1 : scales[band])
                }
                let source = receiver == 0 ? a : b
                Self.shapeSpectrum(
                    &spectrum, source: source, common: a, energies: scaledEnergy, tables: tables, receiver: receiver)
                spectrum.withUnsafeMutableBufferPointer { sp in
                    frameBuffer.withUnsafeMutableBufferPointer { fp in
                        fft.inverseUnnormalized(destroying: sp.address, into: fp.address)
                    }
                }
                let first = max(0, start - offset), last = min(n, length - offset)
                if first < last {
                    Self.overlapAdd(
                        frameBuffer, window: window, scale: inverseN, range: first..<last, at: offset,
                        into: &outputs[receiver])
                }
            }
            frame += 1
        }
        return outputs
    }

    /// The square root of a periodic Hann window of one frame (overlap-adds to one at half a frame's hop).
    private static let synthesisWindow = Window.hann.periodic(length: synthesisFrame).map { $0.squareRoot() }

    private struct TableKey: Hashable {
        let bank: BandFilterBank, bandCount: Int, sampleRate: Double
    }
    private static let singleReceiverTables = ComputedCache<TableKey, BinTables>()

    /// ``binTables(bins:bandCount:bank:frame:sampleRate:coherence:)``; without a coherence function they
    /// depend only on the bank, the bands and the rate, so they are made once (the microphones' tail at
    /// every seat reads the same ones).
    private static func tables(
        bins: Int, bandCount: Int, bank: BandFilterBank, frame n: Int, sampleRate fs: Double,
        coherence: ((Double) -> Double)?
    ) -> BinTables {
        guard coherence == nil else {
            return binTables(
                bins: bins, bandCount: bandCount, bank: bank, frame: n, sampleRate: fs, coherence: coherence)
        }
        return singleReceiverTables.value(TableKey(bank: bank, bandCount: bandCount, sampleRate: fs)) {
            binTables(bins: bins, bandCount: bandCount, bank: bank, frame: n, sampleRate: fs, coherence: nil)
        }
    }

    /// The bands and power weights of each of the `bins` bins of an `n`-point frame for `bandCount`
    /// bands, and the coherence terms.
    private static func binTables(
        bins: Int, bandCount: Int, bank: BandFilterBank, frame n: Int, sampleRate fs: Double,
        coherence: ((Double) -> Double)?
    ) -> BinTables {
        // Power weights of each band on the bins (a broadband tail is flat).
        let weights: [[Double]] =
            bandCount == 1
            ? [Array(repeating: 1, count: bins)]
            : BinGainCache.shared.gains(bank: bank, fftSize: n, sampleRate: fs).map { $0.map { $0 * $0 } }
        // Each bin lies in at most two bands (the bank's crossovers do not overlap): keep those two,
        // flat (a bin in one band gets a zero weight on a repeat of it).
        var lowBand = [Int](repeating: 0, count: bins), highBand = lowBand
        var lowWeight = [Double](repeating: 0, count: bins), highWeight = lowWeight
        for k in 0..<bins {
            let bands = (0..<bandCount).filter { weights[$0][k] > 0 }
            precondition(bands.count <= 2, "a bin in more than two bands")
            if let first = bands.first { (lowBand[k], lowWeight[k]) = (first, weights[first][k]) }
            if bands.count == 2 {
                (highBand[k], highWeight[k]) = (bands[1], weights[bands[1]][k])
            } else {
                highBand[k] = lowBand[k]
            }
        }
        let gamma = (0..<bins).map { k in coherence.map { max(-1, min(1, $0(Double(k) * fs / Double(n)))) } ?? 1 }
        let other = gamma.map { (1 - $0 * $0).squareRoot() }
        return BinTables(
            lowBand: lowBand, highBand: highBand, lowWeight: lowWeight, highWeight: highWeight, gamma: gamma,
            other: other)
    }

    /// Draws one frame's random spectra `a` and (for two receivers) `b`, bin by bin, real at DC and Nyquist.
    @inline(__always)
    private static func drawSpectra(
        _ a: UnsafeMutableBufferPointer<Double>, _ b: UnsafeMutableBufferPointer<Double>, bins: Int, frame n: Int,
        receivers: Int, amplitude: Double, generator: inout SeededGenerator
    ) {
        for k in 0..<bins {
            let real = k == 0 || (n % 2 == 0 && k == bins - 1)
            let scale = real ? 2.0.squareRoot() : 1
            a[2 * k] = scale * amplitude * (2 * generator.nextUniform() - 1)
            a[2 * k + 1] = real ? 0 : amplitude * (2 * generator.nextUniform() - 1)
            if receivers == 2 {
                b[2 * k] = scale * amplitude * (2 * generator.nextUniform() - 1)
                b[2 * k + 1] = real ? 0 : amplitude * (2 * generator.nextUniform() - 1)
            }
        }
    }

    /// `spectrum` = the receiver's random spectrum shaped to the bands' power `energies` in every bin.
    private static func shapeSpectrum(
        _ spectrum: inout [Double], source: [Double], common: [Double], energies: [Double], tables: BinTables,
        receiver: Int
    ) {
        energies.withUnsafeBufferPointer { e in
            source.withUnsafeBufferPointer { x in
                common.withUnsafeBufferPointer { c in
                    spectrum.withUnsafeMutableBufferPointer { out in
                        tables.lowBand.withUnsafeBufferPointer { lowBand in
                            tables.highBand.withUnsafeBufferPointer { highBand in
                                tables.lowWeight.withUnsafeBufferPointer { lowWeight in
                                    tables.highWeight.withUnsafeBufferPointer { highWeight in
                                        tables.gamma.withUnsafeBufferPointer { gamma in
                                            tables.other.withUnsafeBufferPointer { other in
                                                shapeBins(
                                                    out, source: x, common: c, energies: e,
                                                    tables: BinPointers(
                                                        lowBand: lowBand, highBand: highBand, lowWeight: lowWeight,
                                                        highWeight: highWeight, gamma: gamma, other: other),
                                                    receiver: receiver)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Bin k of `out`: √(band power at k) times x_k (receiver 0) or times γ_k·common_k + √(1 − γ_k²)·x_k.
    @inline(__always)
    private static func shapeBins(
        _ out: UnsafeMutableBufferPointer<Double>, source x: UnsafeBufferPointer<Double>,
        common: UnsafeBufferPointer<Double>, energies e: UnsafeBufferPointer<Double>, tables t: BinPointers,
        receiver: Int
    ) {
        for k in 0..<t.lowBand.count {
            let magnitude = (t.lowWeight[k] * e[t.lowBand[k]] + t.highWeight[k] * e[t.highBand[k]])
                .squareRoot()
            if receiver == 0 {
                out[2 &* k] = magnitude * x[2 &* k]
                out[2 &* k &+ 1] = magnitude * x[2 &* k &+ 1]
            } else {
                out[2 &* k] = magnitude * (t.gamma[k] * common[2 &* k] + t.other[k] * x[2 &* k])
                out[2 &* k &+ 1] =
                    magnitude * (t.gamma[k] * common[2 &* k &+ 1] + t.other[k] * x[2 &* k &+ 1])
            }
        }
    }

    /// Adds `frame[i]·window[i]·scale` to `output[offset + i]` for every i in `range` (overlap-add).
    private static func overlapAdd(
        _ frame: [Double], window: [Double], scale inverseN: Double, range: Range<Int>, at offset: Int,
        into output: inout [Double]
    ) {
        output.withUnsafeMutableBufferPointer { out in
            frame.withUnsafeBufferPointer { f in
                window.withUnsafeBufferPointer { w in
                    for i in range { out[offset + i] += f[i] * w[i] * inverseN }
                }
            }
        }
    }
}
