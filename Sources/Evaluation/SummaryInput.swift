import RoomMetrics
import SoundstageDSP

/// The rows one aggregate reads: one room, one mode.
public struct SummaryInput: Sendable {
    public var rows: [SeatMetrics]
    public var seats: [Int]
    public var positions: [Vector3]
    public var nominal: SeatMetrics?
    /// Seats in the zone and the floor area they stand for (nil when a seat is not on a grid).
    public var zoneCount: Int
    public var zoneArea: Double?
    public var axisSeats: Set<Int>
    public var devicePosition: Vector3

    public init(
        rows: [SeatMetrics], seats: [Int], positions: [Vector3], nominal: SeatMetrics?, zoneCount: Int,
        zoneArea: Double?,
        axisSeats: Set<Int>, devicePosition: Vector3
    ) {
        self.rows = rows
        self.seats = seats
        self.positions = positions
        self.nominal = nominal
        self.zoneCount = zoneCount
        self.zoneArea = zoneArea
        self.axisSeats = axisSeats
        self.devicePosition = devicePosition
    }

    /// The distance where the centre path's DRR crosses 0 dB, fitted over the seats on the device's
    /// axis (DRR against 20·log10 r, see `CriticalDistance.measured`).
    public func criticalDistanceOnAxis() -> Double? {
        let pairs = zip(zip(seats, positions), rows).compactMap {
            seatAndPosition, row -> (distance: Double, drrDB: Double)? in
            guard axisSeats.contains(seatAndPosition.0), let drr = row[.drr] else { return nil }
            return ((seatAndPosition.1 - devicePosition).length, drr)
        }
        return CriticalDistance.measured(pairs)
    }
}
