import Foundation
import SoundstageDSP

/// A planar polygonal surface of a room with its absorption.
///
/// Vertices are ordered counter-clockwise seen from inside the room, so the right-hand-rule
/// normal ``inwardNormal`` points into the room. The plane is n·p = ``offset``; points in the room
/// have n·p ≥ offset.
public struct Face: Sendable {
    /// Surface name for messages ("floor", "north", "face 3").
    public var name: String
    public var vertices: [Vector3]
    public var absorption: Absorption
    /// Scattering coefficients (none by default: a specular surface).
    public var scattering = Scattering.none
    /// Unit normal pointing into the room.
    public let inwardNormal: Vector3
    /// Plane offset: n·p for any point p of the face.
    public let offset: Double
    /// Area in m².
    public let area: Double
    /// Axis dropped when projecting to 2-D for point-in-polygon tests (0 = x, 1 = y, 2 = z).
    private let droppedAxis: Int
    private let projected: [(Double, Double)]

    /// A face from vertices ordered counter-clockwise seen from inside. Returns nil if degenerate.
    public init?(name: String, vertices: [Vector3], absorption: Absorption) {
        guard vertices.count >= 3 else { return nil }
        // Newell's method: robust normal of a (possibly non-convex) planar polygon.
        var n = Vector3.zero
        for i in vertices.indices {
            let a = vertices[i], b = vertices[(i + 1) % vertices.count]
            n = n + Vector3((a.y - b.y) * (a.z + b.z), (a.z - b.z) * (a.x + b.x), (a.x - b.x) * (a.y + b.y))
        }
        let twiceArea = n.length
        guard twiceArea > 1e-12 else { return nil }
        self.name = name
        self.vertices = vertices
        self.absorption = absorption
        inwardNormal = (1 / twiceArea) * n
        area = twiceArea / 2
        let centroid = (1 / Double(vertices.count)) * vertices.reduce(Vector3.zero, +)
        offset = inwardNormal.dot(centroid)
        let m = [abs(inwardNormal.x), abs(inwardNormal.y), abs(inwardNormal.z)]
        droppedAxis = m[0] >= m[1] && m[0] >= m[2] ? 0 : (m[1] >= m[2] ? 1 : 2)
        let axis = droppedAxis
        projected = vertices.map { Face.project($0, dropping: axis) }
    }

    private static func project(_ p: Vector3, dropping axis: Int) -> (Double, Double) {
        switch axis {
        case 0: return (p.y, p.z)
        case 1: return (p.z, p.x)
        default: return (p.x, p.y)
        }
    }

    /// Amplitude factor per band of the specular reflection, √((1 − α)(1 − s)): what the image sources
    /// carry (exactly √(1 − α) when s = 0).
    public var specularReflectionAmplitudes: [Double] {
        zip(absorption.coefficients, scattering.coefficients).map {
            ReflectionEnergy.specular(absorption: $0, scattering: $1).squareRoot()
        }
    }

    /// Largest distance of a vertex from the face's plane, m (0 for a planar face).
    public var planarityError: Double {
        vertices.map { abs(inwardNormal.dot($0) - offset) }.max() ?? 0
    }

    /// Signed distance of `p` from the plane, positive on the room side.
    @inlinable public func signedDistance(_ p: Vector3) -> Double { inwardNormal.dot(p) - offset }

    /// Mirror image of `p` across the face's plane.
    @inlinable public func mirror(_ p: Vector3) -> Vector3 { p - (2 * signedDistance(p)) * inwardNormal }

    /// Whether `p` (assumed on the plane) lies inside the polygon (even-odd rule; edges count as inside
    /// within `tolerance` metres).
    public func contains(pointOnPlane p: Vector3, tolerance: Double = 1e-9) -> Bool {
        let (px, py) = Face.project(p, dropping: droppedAxis)
        var inside = false
        var j = projected.count - 1
        for i in projected.indices {
            let (xi, yi) = projected[i], (xj, yj) = projected[j]
            // On-edge check keeps paths that graze an edge.
            let ex = xj - xi, ey = yj - yi
            let len2 = ex * ex + ey * ey
            if len2 > 0 {
                let t = max(0, min(1, ((px - xi) * ex + (py - yi) * ey) / len2))
                let dx = xi + t * ex - px, dy = yi + t * ey - py
                if dx * dx + dy * dy <= tolerance * tolerance { return true }
            }
            if (yi > py) != (yj > py) && px < (xj - xi) * (py - yi) / (yj - yi) + xi { inside.toggle() }
            j = i
        }
        return inside
    }

    /// Where the open segment a→b crosses the face, as the parameter t ∈ (0, 1) and the point; nil if
    /// it does not cross the polygon.
    public func intersection(from a: Vector3, to b: Vector3, tolerance: Double = 1e-9) -> (t: Double, point: Vector3)? {
        let da = signedDistance(a), db = signedDistance(b)
        guard (da > tolerance && db < -tolerance) || (da < -tolerance && db > tolerance) else { return nil }
        let t = da / (da - db)
        let p = a + t * (b - a)
        return contains(pointOnPlane: p, tolerance: tolerance) ? (t, p) : nil
    }
}
