import Foundation
import SoundstageDSP

/// Fixed FIR filters from a chain's inputs to a device's drivers: the feed of driver d is
/// Σ_i input_i ⊛ taps[i][d]. Inputs are the stereo programme's L and R (index 0 and 1), or — for the
/// filters behind an upmix — L′, R′ and C (index 0, 1, 2).
///
/// The built-in device modes run through this same type with the taps of their own chain
/// (``SpatialProcessor/filterSet(_:)``), so a filter set exported from them and loaded back drives
/// the speakers with bit-identical feeds.
public struct FilterSet: Sendable {
    /// The rate the taps are at, Hz.
    public let sampleRate: Double
    /// taps[input][driver], every filter the same length.
    public let taps: [[[Double]]]
    /// The same chain without its virtualizer, for the channel-separation metric (which measures the
    /// canceller alone, since a virtualizer's crosstalk is deliberate); nil: separation is measured on
    /// ``taps``.
    public let separationTaps: [[[Double]]]?

    /// Checks the shape: at least one input and one driver, every filter `length` > 0 taps, finite.
    public init(sampleRate: Double, taps: [[[Double]]], separationTaps: [[[Double]]]? = nil) throws(ChainError) {
        for set in [taps] + (separationTaps.map { [$0] } ?? []) {
            let length = set.first?.first?.count ?? 0
            guard !set.isEmpty, let drivers = set.first?.count, drivers > 0, length > 0,
                set.allSatisfy({ $0.count == drivers && $0.allSatisfy { $0.count == length } })
            else { throw ChainError("a filter set needs the same number of equally long filters for every input") }
            guard set.allSatisfy({ $0.allSatisfy { $0.allSatisfy(\.isFinite) } }) else {
                throw ChainError("filter taps contain NaN or infinity")
            }
        }
        if let separationTaps, separationTaps.count != taps.count || separationTaps[0].count != taps[0].count {
            throw ChainError("the separation filters must have as many inputs and drivers as the filters")
        }
        self.sampleRate = sampleRate
        self.taps = taps
        self.separationTaps = separationTaps
    }

    /// FNV-1a of the rate and every tap's bits (separation taps included): what a study's set-up hash
    /// records, so shards or baselines made with other filters are refused.
    public var fingerprint: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ value: Double) {
            var bits = value.bitPattern
            for _ in 0..<8 {
                hash = (hash ^ (bits & 0xFF)) &* 0x0000_0100_0000_01B3
                bits >>= 8
            }
        }
        mix(sampleRate)
        for set in [taps] + (separationTaps.map { [$0] } ?? []) {
            for filter in set.joined() { filter.forEach(mix) }
        }
        return hash
    }

    public var inputCount: Int { taps.count }
    public var driverCount: Int { taps[0].count }
    /// Taps per filter.
    public var length: Int { taps[0][0].count }

    /// One feed per driver, each as long as the inputs (the filters' tails past the end are dropped).
    public func feeds(inputs: [[Double]]) -> [[Double]] {
        FilterSet.apply(taps, to: inputs)
    }

    /// The stereo programme's feeds (a two-input set).
    public func feeds(left: [Double], right: [Double]) -> [[Double]] { feeds(inputs: [left, right]) }

    /// The feeds through ``separationTaps``, or nil when the set has none.
    public func separationFeeds(inputs: [[Double]]) -> [[Double]]? {
        separationTaps.map { FilterSet.apply($0, to: inputs) }
    }

    /// Σ_i inputs[i] ⊛ taps[i][d] per driver d, truncated to the inputs' length. Silent inputs and
    /// all-zero filters are skipped (the sum is the same, and the order of additions is fixed).
    static func apply(_ taps: [[[Double]]], to inputs: [[Double]]) -> [[Double]] {
        precondition(inputs.count == taps.count, "one input per filter-set input")
        let n = inputs.first?.count ?? 0
        let audible = inputs.map { $0.contains { $0 != 0 } }
        return (0..<taps[0].count).map { d in
            var feed = [Double](repeating: 0, count: n)
            for (i, input) in inputs.enumerated() where audible[i] && taps[i][d].contains(where: { $0 != 0 }) {
                let filtered = Convolution.convolve(input, taps[i][d])
                for k in 0..<n { feed[k] += filtered[k] }
            }
            return feed
        }
    }

    /// The set at `rate` Hz, resampled with ``BandlimitedResampler``; itself when already at `rate`.
    public func resampled(to rate: Double) throws(ChainError) -> FilterSet {
        guard rate != sampleRate else { return self }
        let resampler = BandlimitedResampler(from: sampleRate, to: rate)
        func convert(_ set: [[[Double]]]) -> [[[Double]]] { set.map { $0.map(resampler.resample) } }
        return try FilterSet(sampleRate: rate, taps: convert(taps), separationTaps: separationTaps.map(convert))
    }
}
