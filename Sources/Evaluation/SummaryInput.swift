import RoomMetrics
import SoundstageDSP

/// The rows one aggregate reads: one room, one mode.
public struct SummaryInput: Sendable {
    public var rows: [SeatMetrics]
    public var seats: [Int]
    public var nominal: SeatMetrics?
    /// Seats in the zone and the floor area they stand for (nil when a seat is not on a grid).
    public var zoneCount: Int
    public var zoneArea: Double?
    public var axisSeats: Set<Int>

    public init(
        rows: [SeatMetrics], seats: [Int], nominal: SeatMetrics?, zoneCount: Int, zoneArea: Double?,
        axisSeats: Set<Int>
    ) {
        self.rows = rows
        self.seats = seats
        self.nominal = nominal
        self.zoneCount = zoneCount
        self.zoneArea = zoneArea
        self.axisSeats = axisSeats
    }

    /// The centre path's DRR against the distance to the mode's own sources (`source_distance_m`),
    /// fitted over the seats on the device's axis (see `CriticalDistance.fit`).
    public func drrFitOnAxis() -> CriticalDistance.Fit? {
        let pairs = zip(seats, rows).compactMap { seat, row -> (distance: Double, drrDB: Double)? in
            guard axisSeats.contains(seat), let drr = row[.drr], let distance = row[.sourceDistance] else { return nil }
            return (distance, drr)
        }
        return CriticalDistance.fit(pairs)
    }
}
