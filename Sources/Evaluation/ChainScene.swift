import Binaural
import BinauralRoom
import Foundation
import RoomAcoustics
import RoomMetrics
import SoundstageDSP
import SpatialChain

/// A device with its chain in a room, heard by one head: everything needed to turn a stereo
/// programme into the two ear signals of any seat, in any mode.
public struct ChainScene: Sendable {
    public let room: Room
    public let device: Device
    public let reference: Device
    public let processor: SpatialProcessor
    public let renderer: BinauralRenderer
    public var sampleRate: Double { processor.sampleRate }

    public init(
        room: Room, options: SimulationOptions, device: Device, head: any HeadModel,
        configuration: ChainConfiguration = ChainConfiguration(), designHead: (any HeadModel)? = nil
    ) throws {
        self.room = room
        self.device = device
        reference = ReferencePair.device(configuration: configuration, placedLike: device)
        processor = try SpatialProcessor(
            device: device, head: designHead ?? head, configuration: configuration, sampleRate: options.sampleRate)
        renderer = BinauralRenderer(
            simulator: RoomSimulator(room: room, options: options), table: HeadResponseTable(head: head))
    }

    /// The loudspeakers a mode plays through.
    public func speakers(for mode: ChainMode) -> Device { mode == .reference ? reference : device }

    /// Binaural impulse responses of the mode's speakers at `pose`.
    public func responses(mode: ChainMode, pose: ListenerPose) -> [EarSignals] {
        let speakers = speakers(for: mode)
        return speakers.drivers.map {
            renderer.render(renderer.simulator.prepare(source: speakers.source($0)), listener: pose)
        }
    }

    /// The ear signals of driver `feeds` through `responses` (sum over drivers of feed ⊛ BRIR),
    /// as long as the feeds.
    public static func ears(feeds: [[Double]], responses: [EarSignals]) -> EarSignals {
        SeatResponses(responses, signalLength: feeds.first?.count ?? 0).ears(feeds: feeds)
    }

    /// What a listener at `pose` hears of the stereo programme in `mode`.
    public func render(mode: ChainMode, left: [Double], right: [Double], pose: ListenerPose) -> EarSignals {
        ChainScene.ears(
            feeds: processor.feeds(mode: mode, left: left, right: right), responses: responses(mode: mode, pose: pose))
    }
}

/// The binaural responses of a set of speakers at one seat, transformed once so that many programmes
/// can be rendered: per programme, one FFT per driver feed, a multiply-add per ear and one inverse
/// FFT per ear (instead of a long time-domain convolution per driver and ear).
public struct SeatResponses: Sendable {
    public let signalLength: Int
    let size: Int
    let spectra: [(left: [Double], right: [Double])]
    let sampleRate: Double

    /// Prepares `responses` (one per driver) for programmes of `signalLength` samples.
    public init(_ responses: [EarSignals], signalLength: Int) {
        self.signalLength = signalLength
        let brirLength = responses.map(\.left.count).max() ?? 0
        size = FFTSize.fast(atLeast: max(signalLength + brirLength, 2))
        let fft = RealFFT.plan(size: size)
        spectra = responses.map { (fft.forward($0.left), fft.forward($0.right)) }
        sampleRate = responses.first?.sampleRate ?? 48000
    }

    /// Σ_d feed_d ⊛ BRIR_d per ear, the first `signalLength` samples.
    public func ears(feeds: [[Double]]) -> EarSignals {
        precondition(feeds.count == spectra.count, "one feed per driver")
        let fft = RealFFT.plan(size: size)
        let sum = SeatResponses.mix(
            feeds.map { feed in feed.contains { $0 != 0 } ? fft.forward(feed) : nil }, through: spectra,
            bins: fft.binCount)
        return EarSignals(
            left: Array(fft.inverse(sum.left).prefix(signalLength)),
            right: Array(fft.inverse(sum.right).prefix(signalLength)),
            sampleRate: sampleRate)
    }

    /// Σ_d X_d·H_d per ear over `bins` complex bins: feed spectra (nil: a silent feed) through the
    /// matching ear spectra. Blocked over bins so both sums stay in the L1 cache while every driver
    /// adds to them (each spectrum streams from memory once); the sum runs in driver order per bin.
    /// Only the bins in `needed` are computed (the rest are zero), for readers of a band.
    static func mix(
        _ feeds: [[Double]?], through responses: [(left: [Double], right: [Double])], bins: Int,
        needed: Range<Int>? = nil
    ) -> (left: [Double], right: [Double]) {
        var left = [Double](repeating: 0, count: 2 * bins), right = left
        let playing = zip(feeds, responses).compactMap { feed, brir in feed.map { ($0, brir) } }
        let block = 512
        let needed = needed?.clamped(to: 0..<bins) ?? 0..<bins
        left.withUnsafeMutableBufferPointer { sumLeft in
            right.withUnsafeMutableBufferPointer { sumRight in
                for first in stride(from: needed.lowerBound, to: needed.upperBound, by: block) {
                    let count = min(block, needed.upperBound &- first), offset = 2 &* first
                    for (feed, brir) in playing {
                        feed.withUnsafeBufferPointer { x in
                            brir.left.withUnsafeBufferPointer { h in
                                ComplexArithmetic.multiplyAdd(
                                    sumLeft.address + offset, x.address + offset, h.address + offset, bins: count)
                            }
                            brir.right.withUnsafeBufferPointer { h in
                                ComplexArithmetic.multiplyAdd(
                                    sumRight.address + offset, x.address + offset, h.address + offset, bins: count)
                            }
                        }
                    }
                }
            }
        }
        return (left, right)
    }
}
