import Foundation
import SoundstageDSP

/// A grid of unit directions in the head frame: azimuths in full circles, elevations in rows.
public struct DirectionGrid: Sendable {
    public let azimuthStep: Double, elevationStep: Double, lowestElevation: Double
    public let azimuthCount: Int, elevationCount: Int
    public let directions: [Vector3]

    public init(azimuthStepDegrees: Double, elevationStepDegrees: Double, lowestElevationDegrees: Double = -90) {
        azimuthStep = azimuthStepDegrees * Double.pi / 180
        elevationStep = elevationStepDegrees * Double.pi / 180
        lowestElevation = lowestElevationDegrees * Double.pi / 180
        azimuthCount = Int((360 / azimuthStepDegrees).rounded())
        elevationCount = Int(((90 - lowestElevationDegrees) / elevationStepDegrees).rounded()) + 1
        var list = [Vector3]()
        for e in 0..<elevationCount {
            for a in 0..<azimuthCount {
                list.append(
                    HeadDirection.vector(
                        azimuth: Double(a) * azimuthStep, elevation: lowestElevation + Double(e) * elevationStep))
            }
        }
        directions = list
    }

    public var count: Int { directions.count }

    /// Fractional grid coordinates (azimuth index, elevation index) of `direction`.
    public func coordinates(_ direction: Vector3) -> (azimuth: Double, elevation: Double) {
        let d = direction.normalized
        var azimuth = atan2(d.y, d.x)
        if azimuth < 0 { azimuth += 2 * Double.pi }
        let elevation = asin(max(-1, min(1, d.z)))
        return (
            azimuth / azimuthStep,
            max(0, min(Double(elevationCount - 1), (elevation - lowestElevation) / elevationStep))
        )
    }

    /// Index of the grid direction nearest to `direction`.
    public func nearestIndex(_ direction: Vector3) -> Int {
        let (a, e) = coordinates(direction)
        let ai = Int(a.rounded()) % azimuthCount, ei = Int(e.rounded())
        return ei * azimuthCount + ai
    }
}
