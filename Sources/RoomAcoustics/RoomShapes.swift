import Foundation
import SoundstageDSP

/// Builders for the three room shapes Soundstage supports, with validation.
public enum RoomShapes {
    /// Names of the six shoebox surfaces, in the order of ``shoebox(name:dimensions:absorption:atmosphere:)``'s
    /// `absorption` argument: x = 0, x = Lx, y = 0, y = Ly, z = 0, z = Lz.
    public static let shoeboxSurfaceNames = ["west", "east", "south", "north", "floor", "ceiling"]

    /// The smallest room dimension accepted, metres: a listener's head needs this much, and smaller
    /// rooms ask the image search for astronomically many images (a 3 cm box: 6.4 GB).
    public static let minimumDimension = 0.5

    /// An axis-aligned shoebox with a corner at the origin.
    /// - Parameter absorption: one entry per surface in ``shoeboxSurfaceNames`` order.
    public static func shoebox(
        name: String, dimensions d: Vector3, absorption: [Absorption],
        atmosphere: Atmosphere = .standard
    ) throws -> Room {
        guard d.x > 0, d.y > 0, d.z > 0, [d.x, d.y, d.z].allSatisfy(\.isFinite) else {
            throw RoomGeometryError(key: "dimensions", "every dimension must be a positive number of metres, got \(d)")
        }
        guard min(d.x, d.y, d.z) >= minimumDimension else {
            throw RoomGeometryError(
                key: "dimensions", "every dimension must be at least \(minimumDimension) m, got \(d)")
        }
        precondition(absorption.count == 6)
        let (x, y, z) = (d.x, d.y, d.z)
        let quads: [[Vector3]] = [
            [Vector3(0, 0, 0), Vector3(0, y, 0), Vector3(0, y, z), Vector3(0, 0, z)],
            [Vector3(x, 0, 0), Vector3(x, 0, z), Vector3(x, y, z), Vector3(x, y, 0)],
            [Vector3(0, 0, 0), Vector3(0, 0, z), Vector3(x, 0, z), Vector3(x, 0, 0)],
            [Vector3(0, y, 0), Vector3(x, y, 0), Vector3(x, y, z), Vector3(0, y, z)],
            [Vector3(0, 0, 0), Vector3(x, 0, 0), Vector3(x, y, 0), Vector3(0, y, 0)],
            [Vector3(0, 0, z), Vector3(0, y, z), Vector3(x, y, z), Vector3(x, 0, z)],
        ]
        let faces = try zip(shoeboxSurfaceNames, zip(quads, absorption)).map { name, face in
            guard let face = Face(name: name, vertices: face.0, absorption: face.1) else {
                throw RoomGeometryError(key: "dimensions", "the \(name) has no area")
            }
            return face
        }
        return try Room(name: name, faces: faces, shoeboxDimensions: d, atmosphere: atmosphere)
    }

    /// A floor plan (simple polygon in the xy plane, convex or not) extruded from z = 0 to `height`.
    /// - Parameters:
    ///   - wallAbsorption: one entry per polygon edge (edge i runs from vertex i to i+1).
    public static func floorPlan(
        name: String, polygon: [(Double, Double)], height: Double,
        floor: Absorption, ceiling: Absorption, wallAbsorption: [Absorption],
        atmosphere: Atmosphere = .standard
    ) throws -> Room {
        guard polygon.count >= 3 else {
            throw RoomGeometryError(key: "floor", "a floor plan needs at least 3 corners, got \(polygon.count)")
        }
        guard height >= minimumDimension, height.isFinite else {
            throw RoomGeometryError(key: "height", "must be at least \(minimumDimension) m, got \(height)")
        }
        guard polygon.allSatisfy({ $0.0.isFinite && $0.1.isFinite }) else {
            throw RoomGeometryError(key: "floor", "every corner must be two finite numbers of metres")
        }
        precondition(wallAbsorption.count == polygon.count)
        try requireSimplePolygon(polygon)
        var points = polygon, walls = wallAbsorption
        let signedArea =
            points.indices.reduce(0.0) { s, i in
                let (x0, y0) = points[i], (x1, y1) = points[(i + 1) % points.count]
                return s + x0 * y1 - x1 * y0
            } / 2
        guard abs(signedArea) >= minimumDimension * minimumDimension else {
            throw RoomGeometryError(
                key: "floor",
                String(
                    format: "the floor's area is %.3g m² (at least %.2g m² needed): are the corners collinear?",
                    abs(signedArea), minimumDimension * minimumDimension))
        }
        if signedArea < 0 {
            points.reverse()
            // Edge i of the reversed polygon is edge (n − 2 − i) mod n of the original, walked backwards.
            walls = (0..<points.count).map {
                wallAbsorption[(2 * wallAbsorption.count - 2 - $0) % wallAbsorption.count]
            }
        }
        guard let floorFace = Face(name: "floor", vertices: points.map { Vector3($0.0, $0.1, 0) }, absorption: floor),
            let ceilingFace = Face(
                name: "ceiling", vertices: points.reversed().map { Vector3($0.0, $0.1, height) }, absorption: ceiling)
        else { throw RoomGeometryError(key: "floor", "the floor plan encloses no area") }
        var faces = [floorFace, ceilingFace]
        for i in points.indices {
            let a = points[i], b = points[(i + 1) % points.count]
            let quad = [
                Vector3(a.0, a.1, 0), Vector3(a.0, a.1, height), Vector3(b.0, b.1, height), Vector3(b.0, b.1, 0),
            ]
            guard let face = Face(name: "wall \(i)", vertices: quad, absorption: walls[i]) else {
                throw RoomGeometryError(key: "floor", "corners \(i) and \((i + 1) % points.count) coincide")
            }
            faces.append(face)
        }
        return try Room(name: name, faces: faces, atmosphere: atmosphere)
    }

    /// A general polyhedron from vertices and faces (vertex index lists). Faces may be wound either
    /// way as long as all agree; they are reoriented to face inward.
    public static func polyhedron(
        name: String, vertices: [Vector3], faces indexLists: [[Int]],
        absorption: [Absorption], atmosphere: Atmosphere = .standard
    ) throws -> Room {
        precondition(absorption.count == indexLists.count)
        guard indexLists.count >= 4 else {
            throw RoomGeometryError(key: "faces", "a closed room needs at least 4 faces, got \(indexLists.count)")
        }
        for (f, list) in indexLists.enumerated() {
            guard list.count >= 3 else {
                throw RoomGeometryError(key: "faces[\(f)]", "a face needs at least 3 vertices")
            }
            if let bad = list.first(where: { $0 < 0 || $0 >= vertices.count }) {
                throw RoomGeometryError(
                    key: "faces[\(f)]", "vertex index \(bad) is out of range 0…\(vertices.count - 1)")
            }
        }
        try requireClosedAndConsistentlyWound(indexLists)
        func build(_ lists: [[Int]]) throws -> [Face] {
            try lists.enumerated().map { f, list in
                guard let face = Face(name: "face \(f)", vertices: list.map { vertices[$0] }, absorption: absorption[f])
                else {
                    throw RoomGeometryError(key: "faces[\(f)]", "the face has zero area")
                }
                guard face.planarityError <= 1e-3 else {
                    throw RoomGeometryError(
                        key: "faces[\(f)]",
                        String(
                            format: "the face is not planar (a vertex lies %.1f mm off its plane)",
                            face.planarityError * 1000))
                }
                return face
            }
        }
        var faces = try build(indexLists)
        let signedVolume = faces.reduce(0) { $0 - $1.area * $1.offset / 3 }
        if signedVolume < 0 { faces = try build(indexLists.map { Array($0.reversed()) }) }
        try requireNoSelfIntersection(faces: faces, indexLists: indexLists, vertices: vertices)
        return try Room(name: name, faces: faces, atmosphere: atmosphere)
    }

    /// Throws unless every directed edge a→b of the faces has exactly one partner b→a (closed, consistently wound).
    private static func requireClosedAndConsistentlyWound(_ indexLists: [[Int]]) throws {
        // Closed and consistently wound: every directed edge a→b has exactly one partner b→a.
        var directed = [Int: [Int: Int]]()
        for list in indexLists {
            for i in list.indices {
                let a = list[i], b = list[(i + 1) % list.count]
                directed[a, default: [:]][b, default: 0] += 1
            }
        }
        for (a, targets) in directed {
            for (b, count) in targets {
                guard count == 1, directed[b]?[a] == 1 else {
                    let problem =
                        count > 1 || (directed[b]?[a] ?? 0) > 1
                        ? "is used by more than two faces or twice in the same direction (faces wound inconsistently?)"
                        : "belongs to only one face: the faces do not close the room"
                    throw RoomGeometryError(key: "faces", "edge between vertices \(a) and \(b) \(problem)")
                }
            }
        }
    }

    /// Throws if an edge of one face passes through another face that shares neither of its vertices.
    private static func requireNoSelfIntersection(faces: [Face], indexLists: [[Int]], vertices: [Vector3]) throws {
        // No edge may pierce another face (self-intersection).
        for (f, list) in indexLists.enumerated() {
            for i in list.indices {
                let a = list[i], b = list[(i + 1) % list.count]
                for (g, other) in faces.enumerated()
                where g != f && !indexLists[g].contains(a) && !indexLists[g].contains(b) {
                    if other.intersection(from: vertices[a], to: vertices[b], tolerance: 1e-9) != nil {
                        throw RoomGeometryError(
                            key: "faces",
                            "edge \(a)–\(b) of faces[\(f)] passes through faces[\(g)]: the surface intersects itself")
                    }
                }
            }
        }
    }

    /// Throws unless the polygon's edges meet only at shared corners.
    static func requireSimplePolygon(_ p: [(Double, Double)]) throws {
        let n = p.count
        for i in 0..<n {
            let a = p[i], b = p[(i + 1) % n]
            if a == b { throw RoomGeometryError(key: "floor", "corners \(i) and \((i + 1) % n) coincide") }
            for j in (i + 1)..<n {
                let adjacent = j == i + 1 || (i == 0 && j == n - 1)
                if adjacent { continue }
                let c = p[j], d = p[(j + 1) % n]
                if segmentsIntersect(a, b, c, d) {
                    throw RoomGeometryError(
                        key: "floor", "edges \(i) and \(j) cross: the floor plan is not a simple polygon")
                }
            }
        }
    }

    private static func segmentsIntersect(
        _ a: (Double, Double), _ b: (Double, Double), _ c: (Double, Double), _ d: (Double, Double)
    ) -> Bool {
        func orient(_ p: (Double, Double), _ q: (Double, Double), _ r: (Double, Double)) -> Double {
            (q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0)
        }
        func onSegment(_ p: (Double, Double), _ q: (Double, Double), _ r: (Double, Double)) -> Bool {
            min(p.0, q.0) - 1e-12 <= r.0 && r.0 <= max(p.0, q.0) + 1e-12 && min(p.1, q.1) - 1e-12 <= r.1
                && r.1 <= max(p.1, q.1) + 1e-12
        }
        let d1 = orient(c, d, a), d2 = orient(c, d, b), d3 = orient(a, b, c), d4 = orient(a, b, d)
        if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) { return true }
        if abs(d1) < 1e-12 && onSegment(c, d, a) { return true }
        if abs(d2) < 1e-12 && onSegment(c, d, b) { return true }
        if abs(d3) < 1e-12 && onSegment(a, b, c) { return true }
        if abs(d4) < 1e-12 && onSegment(a, b, d) { return true }
        return false
    }
}
