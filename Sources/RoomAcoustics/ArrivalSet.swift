import SoundstageDSP

/// Sound arrivals at one receiver (direct sound and image sources), struct-of-arrays.
///
/// Each arrival has a delay, a gain per band (or one broadband gain when ``bandCount`` is 1), the
/// unit direction it leaves the source and the unit direction it comes from at the receiver.
/// Gains include spherical spreading 1/r (amplitude 1 at 1 m, no 1/(4π); the convention of
/// pyroomacoustics), the reflection factors √(1 − α) of every wall hit, air absorption and the
/// source's directivity along the departure direction.
public struct ArrivalSet: Sendable {
    /// Gains per arrival: 1 (broadband, the same in every band) or the number of octave bands.
    public let bandCount: Int
    /// Arrival times in seconds (distance / c).
    public var delays: [Double] = []
    /// `count × bandCount` amplitude gains, arrival-major.
    public var gains: [Double] = []
    /// Unit vectors leaving the source, room frame (empty when directions were not requested).
    public var departures: [Vector3] = []
    /// Unit vectors from the receiver toward where each arrival comes from, room frame (empty when
    /// directions were not requested).
    public var incidences: [Vector3] = []
    /// Reflection order of each arrival (0 = direct sound).
    public var orders: [UInt16] = []

    public init(bandCount: Int) { self.bandCount = bandCount }

    public var count: Int { delays.count }

    /// The latest arrival's delay in seconds (0 without arrivals): four running maxima, so the scan of
    /// a shoebox's 290 000 delays vectorizes (`Sequence.max()` compares one at a time).
    public var latestDelay: Double {
        delays.withUnsafeBufferPointer { d in
            var m0 = 0.0, m1 = 0.0, m2 = 0.0, m3 = 0.0
            var i = 0
            while i &+ 4 <= d.count {
                m0 = Swift.max(m0, d[i])
                m1 = Swift.max(m1, d[i &+ 1])
                m2 = Swift.max(m2, d[i &+ 2])
                m3 = Swift.max(m3, d[i &+ 3])
                i &+= 4
            }
            while i < d.count {
                m0 = Swift.max(m0, d[i])
                i &+= 1
            }
            return Swift.max(Swift.max(m0, m1), Swift.max(m2, m3))
        }
    }

    /// Appends one arrival.
    @inlinable
    public mutating func append(
        delay: Double, gains g: UnsafeBufferPointer<Double>, order: Int,
        departure: Vector3?, incidence: Vector3?
    ) {
        delays.append(delay)
        gains.append(contentsOf: g)
        orders.append(UInt16(clamping: order))
        if let departure { departures.append(departure) }
        if let incidence { incidences.append(incidence) }
    }
}
