import Dispatch
import Foundation
import SoundstageDSP

/// Per-band impulse trains of one receiver before band recombination: `bandCount × length` samples,
/// band-major. One band means broadband (every band had the same gains).
public struct BandTrains: Sendable {
    public let bandCount: Int
    public let length: Int
    public var samples: [Double]

    public init(bandCount: Int, length: Int) {
        self.init(bandCount: bandCount, length: length, samples: [Double](repeating: 0, count: bandCount * length))
    }

    /// Trains holding `samples` (`bandCount × length`, band-major).
    public init(bandCount: Int, length: Int, samples: [Double]) {
        precondition(samples.count == bandCount * length, "band trains hold bandCount × length samples")
        self.bandCount = bandCount
        self.length = length
        self.samples = samples
    }
}

/// Renders arrivals into impulse responses: each arrival is a windowed-sinc fractional-delay impulse
/// added to its band's train (pyroomacoustics' scheme), and the trains are recombined through the
/// zero-phase octave bank, whose bands sum to exactly one (so a frequency-independent room gives the
/// same response as a single broadband train). Time origin: an arrival at t lands at t·fs samples,
/// with no hidden offset; kernel taps before sample 0 are dropped.
public struct ImpulseResponseRenderer: Sendable {
    public let sampleRate: Double
    /// The kernel table (``FractionalDelayTable``), built on first use and shared per kernel design: its
    /// 257 rows cost about 1 ms, which a response that takes the Farrow route never needs.
    public var delayTable: FractionalDelayTable {
        let design = farrow.design
        return ImpulseResponseRenderer.tables.value(design) { FractionalDelayTable(design: design) }
    }
    private static let tables = ComputedCache<FractionalDelay, FractionalDelayTable>()
    /// The same kernel as a polynomial in its fraction, for broadband sums of many arrivals.
    public let farrow: FarrowImpulseSum
    /// The octave bank matching ``Absorption/bands``.
    public let bank: BandFilterBank
    /// How many of the bank's bands have a non-zero gain below the Nyquist frequency: the bands above
    /// are silent at this rate (at 6 kHz, the 8 and 16 kHz octaves), so their trains are neither
    /// accumulated nor recombined and stay zero.
    public let heardBands: Int

    public init(sampleRate: Double, fractionalDelayTaps: Int = 81) {
        self.sampleRate = sampleRate
        let design = FractionalDelay(length: fractionalDelayTaps)
        farrow = FarrowImpulseSum(design: design)
        bank = BandFilterBank(bands: Absorption.bands)
        let bank = bank
        heardBands = bank.bands.indices.prefix { !bank.isSilent(band: $0, upTo: sampleRate / 2) }.count
    }

    /// Adds every arrival of `arrivals` to `trains` (whose band count must match), splitting the
    /// arrivals over `jobs` threads that each fill their own buffer, summed at the end in a fixed
    /// order (so the result does not depend on scheduling). A broadband train of many arrivals goes
    /// through the Farrow structure (``FarrowImpulseSum``) when that is cheaper.
    public func accumulate(_ arrivals: ArrivalSet, into trains: inout BandTrains, jobs: Int = 1) {
        precondition(arrivals.bandCount == trains.bandCount, "arrivals and trains must have the same band count")
        if trains.bandCount == 1 && farrow.pays(impulses: arrivals.count, length: trains.length) {
            let sum = farrow.render(
                times: arrivals.delays, gains: arrivals.gains, sampleRate: sampleRate, length: trains.length,
                jobs: jobs)
            for n in 0..<trains.length { trains.samples[n] += sum[n] }
            return
        }
        let workers = max(1, min(jobs, arrivals.count / 20_000))
        if workers == 1 {
            accumulate(arrivals, range: 0..<arrivals.count, into: &trains)
            return
        }
        let partials = ParallelResults<BandTrains>(count: workers)
        let chunk = (arrivals.count + workers - 1) / workers
        let template = BandTrains(bandCount: trains.bandCount, length: trains.length)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var local = template
            accumulate(arrivals, range: (w * chunk)..<min(arrivals.count, (w + 1) * chunk), into: &local)
            partials[w] = local
        }
        trains.samples.withUnsafeMutableBufferPointer { out in
            for w in 0..<workers {
                partials[w].samples.withUnsafeBufferPointer { part in
                    for i in 0..<out.count { out[i] += part[i] }
                }
            }
        }
    }

    /// The hot loops: each arrival adds its interpolated fractional-delay kernel, scaled by its band
    /// gains, to every band train. Pointers and wrapping index arithmetic keep them vectorizable.
    private func accumulate(_ arrivals: ArrivalSet, range: Range<Int>, into trains: inout BandTrains) {
        if trains.bandCount == 1 {
            accumulateBroadband(arrivals, range: range, into: &trains)
        } else {
            accumulateBands(arrivals, range: range, into: &trains)
        }
    }

    /// One train: accumulated in float 32 (twice the SIMD width of doubles), added to the train at the
    /// end. Each output sample sums the kernels of at most a few thousand arrivals, so the rounding
    /// stays near 1e-6 of the response's peak, below the float-32 WAVs the responses are written as
    /// and far below the 1e-5 interpolation error of the kernel table.
    private func accumulateBroadband(_ arrivals: ArrivalSet, range: Range<Int>, into trains: inout BandTrains) {
        let delayTable = delayTable, length = trains.length, taps = delayTable.taps, fs = sampleRate
        var sum = [Float](repeating: 0, count: length)
        sum.withUnsafeMutableBufferPointer { outBuffer in
            arrivals.delays.withUnsafeBufferPointer { delays in
                arrivals.gains.withUnsafeBufferPointer { gains in
                    delayTable.floatRows.withUnsafeBufferPointer { table in
                        guard let out = outBuffer.baseAddress, let rows = table.baseAddress else { return }
                        for i in range {
                            let (start, row, weight) = delayTable.placement(timeSamples: delays[i] * fs)
                            let r0 = rows + row &* taps, r1 = r0 + taps
                            let first = max(0, -start), last = min(taps, length &- start)
                            if first >= last { continue }
                            let a = Float(gains[i] * (1 - weight)), b = Float(gains[i] * weight)
                            let o = out + start
                            var j = first
                            while j < last {
                                o[j] += a * r0[j] + b * r1[j]
                                j &+= 1
                            }
                        }
                    }
                }
            }
        }
        for n in 0..<length { trains.samples[n] += Double(sum[n]) }
    }

    /// Several bands: the interpolated kernel once per arrival, then added to each heard band's train.
    private func accumulateBands(_ arrivals: ArrivalSet, range: Range<Int>, into trains: inout BandTrains) {
        let delayTable = delayTable, length = trains.length, bands = trains.bandCount, taps = delayTable.taps
        let fs = sampleRate, heard = min(bands, heardBands)
        var kernel = [Double](repeating: 0, count: taps)
        trains.samples.withUnsafeMutableBufferPointer { outBuffer in
            arrivals.delays.withUnsafeBufferPointer { delays in
                arrivals.gains.withUnsafeBufferPointer { gains in
                    delayTable.rows.withUnsafeBufferPointer { table in
                        kernel.withUnsafeMutableBufferPointer { kernelBuffer in
                            guard let out = outBuffer.baseAddress, let rows = table.baseAddress,
                                let k = kernelBuffer.baseAddress
                            else { return }
                            for i in range {
                                let (start, row, weight) = delayTable.placement(timeSamples: delays[i] * fs)
                                let r0 = rows + row &* taps, r1 = r0 + taps
                                let first = max(0, -start), last = min(taps, length &- start)
                                if first >= last { continue }
                                var j = 0
                                while j < taps {
                                    k[j] = (1 - weight) * r0[j] + weight * r1[j]
                                    j &+= 1
                                }
                                for band in 0..<heard {
                                    let g = gains[i &* bands &+ band]
                                    let o = out + (band &* length &+ start)
                                    var j = first
                                    while j < last {
                                        o[j] += g * k[j]
                                        j &+= 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The response (`length` samples) of `arrivals`: trains only as long as the arrivals need
    /// (plus the kernel), recombined, then zero-padded to `length` — so a short early part does not pay
    /// for FFTs over the whole response.
    ///
    /// `diffuse`, when given, is added to the trains before they are recombined (band trains of the
    /// same band count, e.g. ``ScatteredField/noise(_:seed:stream:powers:coherence:)``).
    public func render(_ arrivals: ArrivalSet, length: Int, diffuse: BandTrains? = nil, jobs: Int = 1) -> [Double] {
        let latest = arrivals.latestDelay
        var needed = min(length, Int((latest * sampleRate).rounded(.up)) + farrow.design.length + 1)
        if let diffuse { needed = max(needed, min(length, diffuse.length)) }
        var trains = BandTrains(bandCount: arrivals.bandCount, length: max(needed, 1))
        accumulate(arrivals, into: &trains, jobs: jobs)
        if let diffuse {
            precondition(diffuse.bandCount == trains.bandCount, "diffuse trains must match the arrivals' bands")
            let count = min(diffuse.length, trains.length)
            for b in 0..<trains.bandCount {
                for n in 0..<count { trains.samples[b * trains.length + n] += diffuse.samples[b * diffuse.length + n] }
            }
        }
        return recombine(trains, length: length)
    }

    /// Sums the band trains through the octave bank (zero phase) into one response of the trains' length.
    public func recombine(_ trains: BandTrains) -> [Double] { recombine(trains, length: trains.length) }

    /// The recombined trains cut or zero-padded to `outputLength` samples.
    private func recombine(_ trains: BandTrains, length outputLength: Int) -> [Double] {
        if trains.bandCount == 1 && trains.length == outputLength { return trains.samples }
        let kept = min(trains.length, outputLength)
        if trains.bandCount == 1 {
            return trains.samples.withUnsafeBufferPointer { train in
                [Double](unsafeUninitializedCapacity: outputLength) { out, count in
                    out.address.update(from: train.address, count: kept)
                    (out.address + kept).initialize(repeating: 0, count: outputLength - kept)
                    count = outputLength
                }
            }
        }
        let length = trains.length
        // 0.25 s of padding keeps the 63 Hz band's ringing (its narrowest crossover is ≈ 20 Hz wide,
        // so the ringing dies within ≈ 0.1 s) from wrapping onto the response.
        let size = FFTSize.fast(atLeast: length + Int(0.25 * sampleRate))
        let fft = RealFFT.plan(size: size)
        let bins = fft.binCount
        let gains = BinGainCache.shared.gains(bank: bank, fftSize: size, sampleRate: sampleRate)
        let supports = BinGainCache.shared.supports(bank: bank, fftSize: size, sampleRate: sampleRate)
        var sum = [Double](repeating: 0, count: 2 * bins)
        // The frame's padding is zeroed once and stays zero (FFTW's out-of-place real forward transform
        // preserves its input); its samples and the spectrum are written before they are read.
        var frame = [Double](unsafeUninitializedCapacity: size) { f, count in
            (f.address + length).initialize(repeating: 0, count: size - length)
            count = size
        }
        var spectrum = [Double](unsafeUninitializedCapacity: 2 * bins) { _, count in count = 2 * bins }
        trains.samples.withUnsafeBufferPointer { src in
            // A silent band's support is empty: its transform would add nothing.
            for b in 0..<trains.bandCount where !supports[b].isEmpty {
                frame.withUnsafeMutableBufferPointer { f in
                    f.address.update(from: src.address + b * length, count: length)
                }
                frame.withUnsafeBufferPointer { f in
                    spectrum.withUnsafeMutableBufferPointer { fft.forward(f.address, into: $0.address) }
                }
                let g = gains[b]
                for k in supports[b] {
                    sum[2 * k] += g[k] * spectrum[2 * k]
                    sum[2 * k + 1] += g[k] * spectrum[2 * k + 1]
                }
            }
        }
        // The inverse (normalized like `RealFFT.inverse`) into the frame, its first `kept` samples, then zeros.
        sum.withUnsafeMutableBufferPointer { s in
            frame.withUnsafeMutableBufferPointer { fft.inverseUnnormalized(destroying: s.address, into: $0.address) }
        }
        let scale = 1.0 / Double(size)
        return frame.withUnsafeBufferPointer { inverse in
            [Double](unsafeUninitializedCapacity: outputLength) { out, count in
                for i in 0..<kept { out[i] = inverse[i] * scale }
                (out.address + kept).initialize(repeating: 0, count: outputLength - kept)
                count = outputLength
            }
        }
    }
}

/// Octave-bank gains on FFT bins, computed once per (bank, FFT size, sample rate).
public final class BinGainCache: @unchecked Sendable {
    public static let shared = BinGainCache()
    private let cache = ComputedCache<Key, [[Double]]>()
    private let supportCache = ComputedCache<Key, [Range<Int>]>()

    private struct Key: Hashable {
        let bank: BandFilterBank, fftSize: Int, sampleRate: Double

        init(_ bank: BandFilterBank, _ fftSize: Int, _ sampleRate: Double) {
            (self.bank, self.fftSize, self.sampleRate) = (bank, fftSize, sampleRate)
        }
    }

    public func gains(bank: BandFilterBank, fftSize: Int, sampleRate: Double) -> [[Double]] {
        cache.value(Key(bank, fftSize, sampleRate)) { bank.binGains(fftSize: fftSize, sampleRate: sampleRate) }
    }

    /// Each band's bins from its first to its last non-zero gain (empty for a band with none): a sum
    /// over bands of gain × spectrum need only visit these.
    public func supports(bank: BandFilterBank, fftSize: Int, sampleRate: Double) -> [Range<Int>] {
        supportCache.value(Key(bank, fftSize, sampleRate)) {
            gains(bank: bank, fftSize: fftSize, sampleRate: sampleRate).map { g in
                guard let first = g.firstIndex(where: { $0 != 0 }), let last = g.lastIndex(where: { $0 != 0 }) else {
                    return 0..<0
                }
                return first..<(last + 1)
            }
        }
    }
}
