/// Multichannel audio at one sample rate; samples are Pa-proportional doubles, full scale ±1.
public struct AudioBuffer: Sendable, Equatable {
    /// Samples per second.
    public var sampleRate: Double
    /// One array per channel, all the same length (channel 0 = left).
    public var channels: [[Double]]

    public init(sampleRate: Double, channels: [[Double]]) {
        precondition(Set(channels.map(\.count)).count <= 1, "all channels must have the same length")
        self.sampleRate = sampleRate
        self.channels = channels
    }

    /// Samples per channel.
    public var frameCount: Int { channels.first?.count ?? 0 }
}
