import Binaural
import Foundation
import RoomAcoustics
import SoundstageDSP

/// The designed chain for one device, head and configuration: turns a stereo programme into one
/// feed per driver in any mode. Designed once (listener independent) and reused for every seat.
///
/// Echo-like driver roles: the woofer takes the sum below the low crossover, the tweeter the sum
/// above the high crossover, the three midranges everything the mode does in between. Delay
/// alignment: every path is delayed to the slowest one — the virtualizer's kernel lookahead plus
/// the FIR modelling delay — so all paths arrive phase-aligned.
public struct SpatialProcessor: Sendable {
    public let device: Device
    public let configuration: ChainConfiguration
    public let sampleRate: Double
    public let upmix: MidSideUpmix
    public private(set) var virtualizer: Virtualizer?
    public let ctc: CrosstalkCanceller
    public let beam: CentreBeamformer
    /// Extra delays in samples that make every path's impulse response at the nominal seat's
    /// ipsilateral ear peak at the same sample (found at design time on the free-field plant): the
    /// woofer, the tweeter, a plain midrange (beam mode's sides), the virtualizer + CTC path and the
    /// beam path.
    public private(set) var wooferAlignment = 0, tweeterAlignment = 0, sideAlignment = 0, ctcAlignment = 0,
        beamAlignment = 0
    /// Indices of the woofer, the three midranges (listener's left, listener's right, top) and the
    /// tweeter in the device.
    public let woofer: Int, mids: [Int], tweeter: Int
    /// The filters of the built-in device modes (their impulse responses through the whole chain,
    /// ``fixedFilterLength`` taps), which those modes run on: see ``filterSet(_:)``.
    private var fixedFilters = [ChainMode.BuiltIn: FilterSet]()

    /// Designs the chain on the design `head` (the canceller, the virtualizer and the delay alignment).
    /// The device must have drivers named woofer, mid-left, mid-right, mid-top and tweeter.
    public init(
        device: Device, head: any HeadModel, configuration: ChainConfiguration = ChainConfiguration(),
        sampleRate: Double
    ) throws {
        func index(_ name: String) throws -> Int {
            guard let i = device.drivers.firstIndex(where: { $0.name == name }) else {
                throw ChainError(
                    "the device '\(device.name)' has no driver named '\(name)' (the chain needs woofer, mid-left, "
                        + "mid-right, mid-top, tweeter)"
                )
            }
            return i
        }
        try SpatialProcessor.checkFrequencies(configuration, sampleRate: sampleRate)
        self.device = device
        self.configuration = configuration
        self.sampleRate = sampleRate
        woofer = try index("woofer")
        // The device faces the listener, so its right-hand midrange (device frame −y) is on the
        // listener's left: midrange feeds are ordered listener-left, listener-right, top.
        mids = [try index("mid-right"), try index("mid-left"), try index("mid-top")]
        tweeter = try index("tweeter")
        upmix = MidSideUpmix(smoothingSeconds: configuration.upmixSmoothingSeconds)
        virtualizer =
            configuration.virtualizerAngleDegrees > 0
            ? Virtualizer(angleDegrees: configuration.virtualizerAngleDegrees, head: head, sampleRate: sampleRate) : nil
        ctc = SpatialProcessor.canceller(
            device: device, drivers: mids, head: head, configuration: configuration, sampleRate: sampleRate)
        beam = CentreBeamformer(
            device: device, drivers: mids, sampleRate: sampleRate, length: configuration.filterLength,
            wngFloorDB: configuration.beamWNGFloorDB, objective: configuration.beamObjective)
        alignDelays(head: head)
        fixedFilters = try Dictionary(
            uniqueKeysWithValues: [ChainMode.BuiltIn.matrix, .ctc, .beam, .spatial].map { ($0, try measure($0)) })
    }

    /// The crosstalk canceller on the nominal free-field plant, with the robust seats and the seeded
    /// tolerance draws the configuration asks for.
    private static func canceller(
        device: Device, drivers mids: [Int], head: any HeadModel, configuration: ChainConfiguration,
        sampleRate: Double
    ) -> CrosstalkCanceller {
        let plant = FreeFieldPlant.nominal(
            device: device, drivers: mids, head: head, distance: configuration.nominalDistance,
            earHeight: configuration.nominalEarHeight)
        var alternatives =
            configuration.robustCTC ? SpatialProcessor.seatsAround(plant, spread: configuration.robustSpread) : []
        if configuration.ctcToleranceDB > 0 || configuration.ctcToleranceDegrees > 0 {
            alternatives += plant.toleranceDraws(
                gainDB: configuration.ctcToleranceDB, phaseDegrees: configuration.ctcToleranceDegrees,
                count: SpatialProcessor.toleranceDrawCount, seed: 1)
        }
        return CrosstalkCanceller(
            plant: plant, alternatives: alternatives, sampleRate: sampleRate, target: configuration.target,
            boostCapDB: configuration.boostCapDB, regularization: configuration.ctcRegularization,
            radiationCapDB: configuration.ctcRadiationCapDB, length: configuration.filterLength)
    }

    /// Delay alignment: the peak of each path's left-ear response at the nominal seat (free field,
    /// the design head), then the early paths delayed to the latest.
    private mutating func alignDelays(head: any HeadModel) {
        let all = FreeFieldPlant.nominal(
            device: device, drivers: Array(device.drivers.indices), head: head,
            distance: configuration.nominalDistance, earHeight: configuration.nominalEarHeight)
        let n = FFTSize.powerOfTwo(atLeast: 4 * configuration.filterLength)
        func delta(_ at: Int) -> [Double] {
            var d = [Double](repeating: 0, count: n)
            d[at] = 1
            return d
        }
        func peak(_ filters: [Int: [Double]]) -> Int {
            SpatialProcessor.leftEarPeak(all, filters, size: n, sampleRate: sampleRate)
        }
        func peak(mids feeds: [[Double]]) -> Int {
            peak(Dictionary(uniqueKeysWithValues: mids.enumerated().map { ($0.element, feeds[$0.offset]) }))
        }
        let silence = [Double](repeating: 0, count: n)
        let peaks = [
            peak([woofer: delta(latency)]), peak([tweeter: delta(latency)]), peak([mids[0]: delta(latency)]),
            peak(mids: cancel(left: delta(0), right: silence)),
            peak(mids: beamform(delta(0), extraDelay: latency - configuration.filterLength / 2)),
        ]
        let latest = peaks.reduce(Int.min, max)
        (wooferAlignment, tweeterAlignment, sideAlignment, ctcAlignment, beamAlignment) =
            (latest - peaks[0], latest - peaks[1], latest - peaks[2], latest - peaks[3], latest - peaks[4])
    }

    /// Taps of the built-in filter sets: the chain's latency, the CTC filter and 50 ms for the
    /// crossovers' IIR tails (their slowest pole, 200 Hz Butterworth, decays by e^−44 in 50 ms, so the
    /// truncation is below double precision).
    public var fixedFilterLength: Int { latency + 2 * configuration.filterLength + Int(0.05 * sampleRate) }

    /// The filters a built-in device mode runs on: inputs L and R for `matrix` and `ctc`; for `beam`
    /// and `spatial`, whose upmix adapts to the signal, the filters behind the upmix (inputs L′, R′,
    /// C). Modes with a virtualizer carry its bypassed version as separation filters. nil for
    /// `reference`, which plays L and R on the reference pair.
    public func filterSet(_ mode: ChainMode.BuiltIn) -> FilterSet? { fixedFilters[mode] }

    /// The impulse responses from each input to every driver through the chain's own processing.
    private func measure(_ mode: ChainMode.BuiltIn) throws(ChainError) -> FilterSet {
        let inputs = mode == .beam || mode == .spatial ? 3 : 2
        let silence = [Double](repeating: 0, count: fixedFilterLength)
        var impulse = silence
        impulse[0] = 1
        func taps(_ chain: SpatialProcessor) -> [[[Double]]] {
            (0..<inputs).map { i in
                let x = (0..<inputs).map { $0 == i ? impulse : silence }
                return inputs == 3
                    ? chain.processedFeeds(mode, upmixed: (x[0], x[1], x[2]))
                    : chain.processedFeeds(mode, left: x[0], right: x[1])
            }
        }
        let separation = virtualizer != nil && (mode == .ctc || mode == .spatial)
        return try FilterSet(
            sampleRate: sampleRate, taps: taps(self), separationTaps: separation ? taps(bypassingVirtualizer()) : nil)
    }

    /// How many seeded draws of the driver tolerances the canceller is designed over.
    public static let toleranceDrawCount = 32

    /// Plants for seats `spread` metres to either side of and in front of / behind the nominal one,
    /// each facing the device.
    public static func seatsAround(_ plant: FreeFieldPlant, spread: Double) -> [FreeFieldPlant] {
        let p = plant.listener.position
        return [Vector3(0, spread, 0), Vector3(0, -spread, 0), Vector3(spread, 0, 0), Vector3(-spread, 0, 0)].map {
            offset in
            FreeFieldPlant(
                device: plant.device, drivers: plant.drivers,
                listener: .facing(plant.device.position, from: p + offset),
                head: plant.head, speedOfSound: plant.speedOfSound)
        }
    }

    /// Sample of the largest |value| of the left-ear response of per-driver FIRs through `plant`.
    static func leftEarPeak(_ plant: FreeFieldPlant, _ filters: [Int: [Double]], size n: Int, sampleRate: Double) -> Int
    {
        let fft = RealFFT.plan(size: n)
        let h = plant.matrices(frequencies: (0..<fft.binCount).map { max(Double($0), 0.5) * sampleRate / Double(n) })
        var spectrum = [Double](repeating: 0, count: 2 * fft.binCount)
        for (driver, taps) in filters {
            let t = fft.forward(taps)
            for k in 0..<fft.binCount {
                let x = h[k][0][driver]
                spectrum[2 * k] += t[2 * k] * x.real - t[2 * k + 1] * x.imaginary
                spectrum[2 * k + 1] += t[2 * k] * x.imaginary + t[2 * k + 1] * x.real
            }
        }
        let response = fft.inverse(spectrum)
        return response.indices.reduce(0) { abs(response[$1]) > abs(response[$0]) ? $1 : $0 }
    }

    /// The same chain with the virtualizer bypassed, for measuring the separation filter sets (what
    /// the canceller alone delivers; the virtualizer's crosstalk is deliberate). Private: its copied
    /// filter sets still include the virtualizer, so only ``processedFeeds(_:left:right:)`` is
    /// meaningful on it; users get the bypassed response through ``separationFeeds(mode:left:right:)``.
    private func bypassingVirtualizer() -> SpatialProcessor {
        var copy = self
        copy.virtualizer = nil
        return copy
    }

    /// Samples of latency every path is aligned to.
    public var latency: Int { (virtualizer == nil ? 0 : FractionalDelay().lookahead) + configuration.filterLength / 2 }

    /// One feed per driver of the device (reference mode: one per speaker of ``ReferencePair``),
    /// each `left.count` samples. Device modes run on their ``FilterSet`` (built-in or the user's);
    /// a three-input set gets the upmix's L′, R′ and C.
    public func feeds(mode: ChainMode, left: [Double], right: [Double]) -> [[Double]] {
        guard let set = filters(of: mode) else { return [left, right] }
        return set.feeds(inputs: inputs(of: set, left: left, right: right))
    }

    /// The feeds with the virtualizer bypassed, for the channel-separation metric; nil for modes that
    /// have no separation filters (no virtualizer, or a filter set given without them).
    public func separationFeeds(mode: ChainMode, left: [Double], right: [Double]) -> [[Double]]? {
        guard let set = filters(of: mode), set.separationTaps != nil else { return nil }
        return set.separationFeeds(inputs: inputs(of: set, left: left, right: right))
    }

    private func filters(of mode: ChainMode) -> FilterSet? {
        switch mode.kind {
        case .filters(let set): return set
        case .builtIn(let builtIn): return filterSet(builtIn)
        }
    }

    private func inputs(of set: FilterSet, left: [Double], right: [Double]) -> [[Double]] {
        guard set.inputCount == 3 else { return [left, right] }
        let (l, r, c) = upmix.process(left: left, right: right, sampleRate: sampleRate)
        return [l, r, c]
    }

    /// The chain's own processing of a stereo-input mode (`matrix`, `ctc`): what their filter sets
    /// are measured from.
    public func processedFeeds(_ mode: ChainMode.BuiltIn, left: [Double], right: [Double]) -> [[Double]] {
        let mono = zip(left, right).map { ($0 + $1) / 2 }
        switch mode {
        case .matrix: return driverFeeds(mode, mono: mono, mids: [left, right, mono])
        case .ctc:
            return driverFeeds(
                mode, mono: mono, mids: cancel(left: left, right: right).map { delayed($0, by: ctcAlignment) })
        case .reference, .beam, .spatial: return [left, right]
        }
    }

    /// The chain's own processing behind the upmix (`beam`, `spatial`) of L′, R′ and C: what their
    /// filter sets are measured from. The woofer and tweeter take the mono sum (L′ + R′)/2 + C, which
    /// is (L + R)/2 since the upmix keeps L′ + C = L and R′ + C = R.
    public func processedFeeds(
        _ mode: ChainMode.BuiltIn, upmixed: (left: [Double], right: [Double], centre: [Double])
    ) -> [[Double]] {
        let (l, r, c) = upmixed
        let mono = zip(zip(l, r), c).map { ($0.0 + $0.1) / 2 + $1 }
        let beamed = beamform(c, extraDelay: latency - configuration.filterLength / 2 + beamAlignment)
        switch mode {
        case .beam:
            let plain = latency + sideAlignment
            return driverFeeds(
                mode, mono: mono,
                mids: [add(delayed(l, by: plain), beamed[0]), add(delayed(r, by: plain), beamed[1]), beamed[2]])
        case .spatial:
            let cancelled = cancel(left: l, right: r).map { delayed($0, by: ctcAlignment) }
            return driverFeeds(mode, mono: mono, mids: (0..<3).map { add(cancelled[$0], beamed[$0]) })
        case .reference, .matrix, .ctc: return [l, r]
        }
    }

    /// Woofer and tweeter from the crossover-filtered mono sum, the midranges from `mids` (listener
    /// left, listener right, top) through the midrange band, every path delay-aligned.
    private func driverFeeds(_ mode: ChainMode.BuiltIn, mono: [Double], mids midFeeds: [[Double]]) -> [[Double]] {
        var out = [[Double]](repeating: [Double](repeating: 0, count: mono.count), count: device.drivers.count)
        let x = configuration.crossover
        out[woofer] = delayed(x.woofer(sampleRate: sampleRate).process(mono), by: pathLatency(mode) + wooferAlignment)
        out[tweeter] = delayed(
            x.tweeter(sampleRate: sampleRate).process(mono), by: pathLatency(mode) + tweeterAlignment)
        let band = x.midrange(sampleRate: sampleRate)
        for (i, d) in mids.enumerated() { out[d] = band.process(midFeeds[i]) }
        return out
    }

    /// Latency of the woofer/tweeter path in `mode` (matching the midrange processing).
    func pathLatency(_ mode: ChainMode.BuiltIn) -> Int {
        switch mode {
        case .reference, .matrix: return 0
        case .ctc, .beam, .spatial: return latency
        }
    }

    /// Virtualizer (if on) then CTC; three midrange feeds.
    public func cancel(left: [Double], right: [Double]) -> [[Double]] {
        let (el, er) = virtualizer.map { $0.process(left: left, right: right) } ?? (left, right)
        return (0..<3).map { d in
            add(
                Array(Convolution.convolve(el, ctc.filters[d][0]).prefix(left.count)),
                Array(Convolution.convolve(er, ctc.filters[d][1]).prefix(left.count)))
        }
    }

    public func beamform(_ c: [Double], extraDelay: Int) -> [[Double]] {
        let source = delayed(c, by: extraDelay)
        return beam.filters.map { Array(Convolution.convolve(source, $0).prefix(c.count)) }
    }

    func delayed(_ x: [Double], by samples: Int) -> [Double] {
        guard samples > 0 else { return x }
        return Array(([Double](repeating: 0, count: samples) + x).prefix(x.count))
    }

    func add(_ a: [Double], _ b: [Double]) -> [Double] { zip(a, b).map { $0 + $1 } }
}

/// A chain that cannot be designed for the given device.
extension SpatialProcessor {
    /// The crossovers must lie below 0.45 × `sampleRate` (a crossover filter above Nyquist does not
    /// exist) and be ordered. (The CTC band's corners may exceed Nyquist: the target is then simply
    /// zero there.)
    public static func checkFrequencies(_ configuration: ChainConfiguration, sampleRate: Double) throws {
        let limit = 0.45 * sampleRate
        let frequencies = [
            ("crossover_low_hz", configuration.crossover.lowHz), ("crossover_high_hz", configuration.crossover.highHz),
        ]
        for (key, hz) in frequencies where !(hz < limit) {
            throw ChainError(
                "\(key) = \(hz) Hz is not below 0.45 × the sample rate (\(sampleRate) Hz): lower it or use a higher"
                    + " sample rate")
        }
        guard configuration.crossover.lowHz < configuration.crossover.highHz else {
            throw ChainError("crossover_low_hz must be below crossover_high_hz")
        }
    }
}

public struct ChainError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
