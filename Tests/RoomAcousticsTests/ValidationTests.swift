import Foundation
import RoomAcoustics
import SoundstageDSP
import Testing

@Suite("Room validation and directivity")
struct ValidationTests {
    @Test("A bow-tie floor plan is refused as not simple")
    func selfIntersectingFloorPlan() {
        #expect(throws: RoomGeometryError(key: "floor", "edges 0 and 2 cross: the floor plan is not a simple polygon"))
        {
            try RoomShapes.floorPlan(
                name: "bow", polygon: [(0, 0), (4, 4), (4, 0), (0, 4)], height: 2.5,
                floor: Absorption(uniform: 0.1), ceiling: Absorption(uniform: 0.1),
                wallAbsorption: Array(repeating: Absorption(uniform: 0.1), count: 4))
        }
    }

    @Test("A clockwise floor plan is accepted and gives the same volume as its counter-clockwise twin")
    func clockwiseFloorPlan() throws {
        let a = Absorption(uniform: 0.1)
        let ccw = try RoomShapes.floorPlan(
            name: "a", polygon: [(0, 0), (4, 0), (4, 3), (0, 3)], height: 2.5, floor: a, ceiling: a,
            wallAbsorption: [a, a, a, a])
        let cw = try RoomShapes.floorPlan(
            name: "b", polygon: [(0, 0), (0, 3), (4, 3), (4, 0)], height: 2.5, floor: a, ceiling: a,
            wallAbsorption: [a, a, a, a])
        #expect(abs(ccw.volume - 30) < 1e-9 && abs(cw.volume - 30) < 1e-9)
        #expect(abs(cw.surfaceArea - (2 * 12 + 2.5 * 14)) < 1e-9)
    }

    @Test("A polyhedron with a missing face is refused as open; a warped face as non-planar")
    func polyhedronErrors() {
        let v = [
            Vector3(0, 0, 0), Vector3(1, 0, 0), Vector3(1, 1, 0), Vector3(0, 1, 0),
            Vector3(0, 0, 1), Vector3(1, 0, 1), Vector3(1, 1, 1), Vector3(0, 1, 1),
        ]
        let faces = [[0, 4, 7, 3], [1, 2, 6, 5], [0, 1, 5, 4], [3, 7, 6, 2], [0, 3, 2, 1], [4, 5, 6, 7]]
        let a = Array(repeating: Absorption(uniform: 0.1), count: 6)
        #expect(throws: RoomGeometryError.self) {
            try RoomShapes.polyhedron(
                name: "open", vertices: v, faces: Array(faces.dropLast()), absorption: Array(a.dropLast()))
        }
        var warped = v
        warped[6] = Vector3(1, 1, 1.2)
        do {
            _ = try RoomShapes.polyhedron(name: "warped", vertices: warped, faces: faces, absorption: a)
            Issue.record("expected a planarity error")
        } catch let error as RoomGeometryError {
            #expect(error.message.contains("not planar"))
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test("Negative dimensions and positions outside the room are refused by key")
    func dimensionsAndPositions() throws {
        #expect(throws: RoomGeometryError.self) {
            try RoomShapes.shoebox(
                name: "neg", dimensions: Vector3(5, -1, 3),
                absorption: Array(repeating: Absorption(uniform: 0.1), count: 6))
        }
        let room = try uniformShoebox(5, 4, 3, alpha: 0.2)
        #expect(throws: RoomGeometryError(key: "source", "position (5.500, 1.000, 1.000) m is outside the room 'test'"))
        {
            try room.requireInside(Vector3(5.5, 1, 1), key: "source")
        }
        #expect(room.contains(Vector3(4.9, 3.9, 2.9)))
    }

    @Test("Piston directivity: 1 on axis, −6 dB where ka·sin θ = 2.215, omni at low frequency; a cardioid has Q = 3")
    func directivity() {
        let piston = Directivity.piston(radius: 0.025)
        let ka = 2 * Double.pi * 8000 / 343 * 0.025
        let theta = asin(2.2152 / ka)
        #expect(abs(piston.gain(cosAngle: 1, frequency: 8000, speedOfSound: 343) - 1) < 1e-12)
        #expect(abs(piston.gain(cosAngle: cos(theta), frequency: 8000, speedOfSound: 343) - 0.5) < 1e-3)
        #expect(abs(piston.gain(cosAngle: -1, frequency: 20, speedOfSound: 343) - 1) < 1e-3)
        #expect(
            abs(Directivity.firstOrder(omniWeight: 0.5).directivityFactor(frequency: 1000, speedOfSound: 343) - 3)
                < 1e-6)
        #expect(abs(Directivity.omni.directivityFactor(frequency: 1000, speedOfSound: 343) - 1) < 1e-12)
    }

    @Test("Free field: one arrival at r/c with amplitude 1/r and no tail")
    func freeField() throws {
        let room = Room(freeFieldNamed: "anechoic", extent: Vector3(6, 6, 3))
        let sim = RoomSimulator(room: room, options: options(tail: true))
        let (arrivals, tail) = sim.arrivals(
            sim.prepare(source: SoundSource(position: Vector3(1, 1, 1))), receiver: Vector3(3, 2, 1))
        #expect(arrivals.count == 1 && tail == nil)
        #expect(abs(arrivals.gains[0] - 1 / 5.0.squareRoot()) < 1e-12)
        #expect(abs(arrivals.delays[0] - 5.0.squareRoot() / 343) < 1e-15)
    }
}
