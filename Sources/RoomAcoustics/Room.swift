import Foundation
import SoundstageDSP

/// A closed room made of planar faces, or the free field.
///
/// Room frame: right-handed, x along the length, y across, z up, origin at a floor corner.
public struct Room: Sendable {
    public var name: String
    /// The surfaces; empty in the free field.
    public var faces: [Face]
    /// Dimensions (x, y, z) in metres when the room is an axis-aligned shoebox with a corner at the
    /// origin (the image sources then come from the lattice); nil otherwise.
    public var shoeboxDimensions: Vector3?
    /// Extent of the free field's modelled region (for drawing and seat checks); nil for closed rooms.
    public var freeFieldExtent: Vector3?
    /// Air properties.
    public var atmosphere: Atmosphere
    /// Volume in m³ (0 in the free field).
    public let volume: Double
    /// Total surface area in m² (0 in the free field).
    public let surfaceArea: Double
    /// True when every vertex lies on the room side of every face's plane (no reentrant corner):
    /// image paths then need no obstruction test.
    public let isConvex: Bool
    /// Axis-aligned bounding box.
    public let boundsMin: Vector3, boundsMax: Vector3

    /// A closed room from faces oriented counter-clockwise seen from inside.
    /// - Throws: ``RoomGeometryError`` if the faces do not enclose a positive volume.
    public init(
        name: String, faces: [Face], shoeboxDimensions: Vector3? = nil, atmosphere: Atmosphere = .standard
    ) throws {
        self.name = name
        self.faces = faces
        self.shoeboxDimensions = shoeboxDimensions
        self.freeFieldExtent = nil
        self.atmosphere = atmosphere
        // Divergence theorem with the outward normal −n: V = (1/3)·Σ A·(−n)·p.
        volume = faces.reduce(0) { $0 - $1.area * $1.offset / 3 }
        guard volume > 1e-9 else {
            throw RoomGeometryError(
                key: "faces",
                "the faces enclose no positive volume (check that they close the room and face inward consistently)")
        }
        surfaceArea = faces.reduce(0) { $0 + $1.area }
        let all = faces.flatMap(\.vertices)
        boundsMin = all.reduce(Vector3(.infinity, .infinity, .infinity)) {
            Vector3(min($0.x, $1.x), min($0.y, $1.y), min($0.z, $1.z))
        }
        boundsMax = all.reduce(Vector3(-.infinity, -.infinity, -.infinity)) {
            Vector3(max($0.x, $1.x), max($0.y, $1.y), max($0.z, $1.z))
        }
        isConvex = faces.allSatisfy { face in all.allSatisfy { face.signedDistance($0) > -1e-9 } }
    }

    /// The free field (anechoic): no surfaces. `extent` is the modelled region from the origin.
    public init(freeFieldNamed name: String, extent: Vector3, atmosphere: Atmosphere = .standard) {
        self.name = name
        faces = []
        shoeboxDimensions = nil
        freeFieldExtent = extent
        self.atmosphere = atmosphere
        volume = 0
        surfaceArea = 0
        isConvex = true
        boundsMin = .zero
        boundsMax = extent
    }

    /// Whether this is the free field.
    public var isFreeField: Bool { faces.isEmpty }

    /// Whether `p` lies strictly inside the room (inside the extent in the free field).
    public func contains(_ p: Vector3) -> Bool {
        if isFreeField {
            return p.x >= boundsMin.x && p.y >= boundsMin.y && p.z >= boundsMin.z
                && p.x <= boundsMax.x && p.y <= boundsMax.y && p.z <= boundsMax.z
        }
        if faces.contains(where: { abs($0.signedDistance(p)) < 1e-6 && $0.contains(pointOnPlane: p) }) { return false }
        // Ray casting along a direction unlikely to graze an edge: odd crossings means inside.
        let far = p + Vector3(1000.123, 731.456, 377.789)
        let crossings = faces.reduce(0) { $0 + ($1.intersection(from: p, to: far, tolerance: 0) == nil ? 0 : 1) }
        return crossings % 2 == 1
    }

    /// Throws unless `p` is inside the room; `key` names the position in the message.
    public func requireInside(_ p: Vector3, key: String) throws {
        guard contains(p) else {
            throw RoomGeometryError(key: key, "position \(p) m is outside the room '\(name)'")
        }
    }

    /// Area-weighted mean absorption per band, ᾱ = Σ S·α / S (0 in the free field).
    public var meanAbsorption: [Double] {
        guard !isFreeField else { return Array(repeating: 1, count: Absorption.bands.count) }
        return Absorption.bands.indices.map { b in
            faces.reduce(0) { $0 + $1.area * $1.absorption.coefficients[b] } / surfaceArea
        }
    }

    /// Whether every surface has the same absorption and scattering in every band (a frequency-independent room).
    public var isFrequencyIndependent: Bool {
        faces.allSatisfy { Set($0.absorption.coefficients).count == 1 && Set($0.scattering.coefficients).count == 1 }
    }
}
