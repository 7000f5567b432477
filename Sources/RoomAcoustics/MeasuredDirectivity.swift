import Foundation
import SoundstageDSP

/// A driver's measured far-field directivity: magnitude on a grid of frequencies × elevations ×
/// azimuths in the driver's own frame, interpolated on the sphere.
///
/// Driver frame: x on axis (azimuth 0°, elevation 0°), y at azimuth +90° (to the left of the axis,
/// seen from behind the driver), z at elevation +90° (the driver's up, see ``Driver/up``).
/// Magnitudes are amplitudes relative to the on-axis value at the same frequency (normalised at
/// load). Between grid points: bilinear in azimuth (wrapping around when the grid spans the circle)
/// and elevation (clamped to the measured range), linear in log-frequency between measured
/// frequencies and held constant outside them.
public struct MeasuredDirectivity: Sendable, Equatable {
    /// Where the data came from (a file name), for reports.
    public let name: String
    /// Hz, ascending.
    public let frequencies: [Double]
    /// Degrees, ascending, spanning less than 360.
    public let azimuths: [Double]
    /// Degrees, ascending, within −90…90.
    public let elevations: [Double]
    /// magnitudes[f][e][a]: amplitude relative to on axis.
    public private(set) var magnitudes: [[[Double]]]
    /// Whether the azimuth grid spans the circle (the last point's step to the first + 360° is no
    /// larger than the grid's largest step), so azimuths wrap around.
    let wraps: Bool

    /// Checks the grid and normalises each frequency to its on-axis magnitude. Throws a description
    /// of what is wrong.
    public init(
        name: String, frequencies: [Double], azimuths: [Double], elevations: [Double], magnitudes: [[[Double]]]
    ) throws(RoomGeometryError) {
        func ascending(_ v: [Double]) -> Bool { zip(v, v.dropFirst()).allSatisfy { $0 < $1 } }
        guard !frequencies.isEmpty, frequencies.allSatisfy({ $0 > 0 && $0.isFinite }), ascending(frequencies) else {
            throw RoomGeometryError(key: "directivity", "frequencies must be positive and distinct")
        }
        guard azimuths.count >= 2, ascending(azimuths), let a0 = azimuths.first, let a1 = azimuths.last,
            a1 - a0 < 360, a0 >= -360, a1 <= 360
        else {
            throw RoomGeometryError(
                key: "directivity", "azimuths must be at least two distinct angles spanning less than 360°")
        }
        guard elevations.count >= 1, ascending(elevations), elevations.allSatisfy({ abs($0) <= 90 }) else {
            throw RoomGeometryError(key: "directivity", "elevations must be distinct angles within −90…90°")
        }
        guard magnitudes.count == frequencies.count,
            magnitudes.allSatisfy({ $0.count == elevations.count && $0.allSatisfy { $0.count == azimuths.count } }),
            magnitudes.allSatisfy({ $0.allSatisfy { $0.allSatisfy { $0 >= 0 && $0.isFinite } } })
        else {
            throw RoomGeometryError(
                key: "directivity", "every frequency × elevation × azimuth needs one finite magnitude")
        }
        let steps = zip(azimuths, azimuths.dropFirst()).map { $1 - $0 }
        self.name = name
        self.frequencies = frequencies
        self.azimuths = azimuths
        self.elevations = elevations
        wraps = a0 + 360 - a1 <= (steps.max() ?? 0) + 1e-9
        self.magnitudes = magnitudes
        let onAxis = magnitudes.indices.map { grid(frequencyIndex: $0, azimuth: 0, elevation: 0) }
        guard onAxis.allSatisfy({ $0 > 0 }) else {
            throw RoomGeometryError(
                key: "directivity", "the on-axis magnitude (azimuth 0°, elevation 0°) must be above zero")
        }
        self.magnitudes = magnitudes.enumerated().map { f, plane in plane.map { $0.map { $0 / onAxis[f] } } }
    }

    /// Amplitude toward azimuth/elevation (degrees, driver frame) at `frequency` Hz.
    public func gain(azimuthDegrees: Double, elevationDegrees: Double, frequency: Double) -> Double {
        let (i, w) = MeasuredDirectivity.bracket(log(frequency), frequencies.map { log($0) })
        let low = grid(frequencyIndex: i, azimuth: azimuthDegrees, elevation: elevationDegrees)
        guard w > 0 else { return low }
        return low * (1 - w) + grid(frequencyIndex: i + 1, azimuth: azimuthDegrees, elevation: elevationDegrees) * w
    }

    /// Amplitude toward the driver-frame unit vector `u`.
    public func gain(toward u: Vector3, frequency: Double) -> Double {
        let azimuth = atan2(u.y, u.x) * 180 / Double.pi
        let elevation = asin(max(-1, min(1, u.z))) * 180 / Double.pi
        return gain(azimuthDegrees: azimuth, elevationDegrees: elevation, frequency: frequency)
    }

    /// Bilinear interpolation on one frequency's grid.
    private func grid(frequencyIndex f: Int, azimuth: Double, elevation: Double) -> Double {
        let plane = magnitudes[f]
        let (e, we) = MeasuredDirectivity.bracket(elevation, elevations)
        let (a0, a1, wa) = azimuthBracket(azimuth)
        func row(_ e: Int) -> Double { plane[e][a0] * (1 - wa) + plane[e][a1] * wa }
        return we > 0 ? row(e) * (1 - we) + row(e + 1) * we : row(e)
    }

    /// The two azimuth grid indices around `azimuth` and the weight of the second, wrapping around
    /// the circle when the grid spans it, else clamping.
    private func azimuthBracket(_ azimuth: Double) -> (Int, Int, Double) {
        let first = azimuths[0], last = azimuths[azimuths.count - 1]
        // Bring the angle into [first, first + 360).
        var offset = (azimuth - first).truncatingRemainder(dividingBy: 360)
        if offset < 0 { offset += 360 }
        let a = first + offset
        if a <= last {
            let (i, w) = MeasuredDirectivity.bracket(a, azimuths)
            return (i, min(i + 1, azimuths.count - 1), w)
        }
        guard wraps else {
            let nearer = a - last < first + 360 - a ? azimuths.count - 1 : 0
            return (nearer, nearer, 0)
        }
        return (azimuths.count - 1, 0, (a - last) / (first + 360 - last))
    }

    /// Index i and weight w with x ≈ grid[i]·(1 − w) + grid[i + 1]·w, clamped at the ends (w = 0).
    static func bracket(_ x: Double, _ grid: [Double]) -> (Int, Double) {
        guard grid.count > 1, x > grid[0] else { return (0, 0) }
        guard x < grid[grid.count - 1] else { return (grid.count - 1, 0) }
        var i = 0
        while grid[i + 1] <= x { i += 1 }
        return (i, (x - grid[i]) / (grid[i + 1] - grid[i]))
    }
}
