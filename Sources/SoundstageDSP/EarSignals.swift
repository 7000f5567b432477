/// The two ear signals of one listener (or a binaural impulse response), same length and rate.
public struct EarSignals: Sendable {
    /// Left-ear pressure (head frame: the +y ear).
    public var left: [Double]
    /// Right-ear pressure.
    public var right: [Double]
    /// Samples per second.
    public var sampleRate: Double

    public init(left: [Double], right: [Double], sampleRate: Double) {
        precondition(left.count == right.count, "ear signals must have the same length")
        self.left = left
        self.right = right
        self.sampleRate = sampleRate
    }
}
