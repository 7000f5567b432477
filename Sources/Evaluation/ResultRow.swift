import SoundstageDSP

/// One row of `results.csv`: one mode at one seat of one room.
public struct ResultRow: Sendable, Equatable {
    public var room: String
    public var mode: String
    /// Index of the seat in the study's seat set.
    public var seat: Int
    /// Head centre in room coordinates, metres.
    public var position: Vector3
    /// Listener yaw in degrees (room frame, 0 faces +x, positive counter-clockwise).
    public var yawDegrees: Double
    public var metrics: SeatMetrics

    public init(room: String, mode: String, seat: Int, position: Vector3, yawDegrees: Double, metrics: SeatMetrics) {
        (self.room, self.mode, self.seat, self.position, self.yawDegrees, self.metrics) = (
            room, mode, seat, position, yawDegrees, metrics
        )
    }
}
