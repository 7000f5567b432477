import Evaluation
import Foundation
import Reports
import RoomAcoustics
import SceneFiles
import Soundstage
import Testing

private func parse(_ yaml: String) throws -> RoomFile.Contents {
    try RoomFile.parse(SceneNode.parse(yaml: yaml, file: "room.yaml"))
}

@Suite("Room files")
struct RoomFileTests {
    @Test("The smallest room file works as is")
    func smallest() throws {
        let room = try parse(
            """
            name: small-room
            shape: shoebox
            dimensions: [6.0, 4.5, 2.7]
            absorption: 0.21
            """
        ).room
        #expect(room.name == "small-room" && abs(room.volume - 72.9) < 1e-9)
        #expect(room.faces.allSatisfy { $0.absorption.coefficients.allSatisfy { $0 == 0.21 } })
    }

    @Test("rt60 instead of absorption sets the uniform inverse-Sabine absorption")
    func rt60() throws {
        let room = try parse("shape: shoebox\ndimensions: [6, 4.5, 2.7]\nrt60: 0.5").room
        let alpha = room.faces[0].absorption.coefficients[0]
        #expect(
            abs(
                ReverberationTheory.sabine(volume: room.volume, surfaceArea: room.surfaceArea, meanAbsorption: alpha)
                    - 0.5) < 1e-9)
    }

    @Test("Scattering: a surface's own beats the top level, which beats its material's; numbers carry none")
    func scattering() throws {
        let room = try parse(
            """
            shape: shoebox
            dimensions: [6, 4.5, 2.7]
            absorption: plaster
            surfaces:
              floor: {absorption: carpet-thin, scattering: classroom-tables}
              ceiling: 0.3
              north: {absorption: curtains, scattering: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]}
            """
        ).room
        func s(_ name: String) -> [Double] { room.faces.first { $0.name == name }!.scattering.coefficients }
        #expect(s("west") == Array(repeating: 0.05, count: 9))  // plaster: a smooth surface
        #expect(s("ceiling").allSatisfy { $0 == 0 })
        #expect(s("floor") == [0.2, 0.2, 0.3, 0.4, 0.5, 0.5, 0.6, 0.6, 0.6])
        #expect(s("north") == [0.1, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.7])
        let everywhere = try parse(
            "shape: shoebox\ndimensions: [6, 4.5, 2.7]\nabsorption: plaster\nscattering: 0.3\n"
                + "surfaces: {floor: {absorption: carpet, scattering: 0.6}}"
        ).room
        #expect(everywhere.faces.filter { $0.name != "floor" }.allSatisfy { $0.scattering == Scattering(uniform: 0.3) })
        #expect(everywhere.faces.first { $0.name == "floor" }!.scattering == Scattering(uniform: 0.6))
    }

    @Test("Materials by name, band lists and per-surface overrides")
    func materials() throws {
        let room = try parse(
            """
            shape: shoebox
            dimensions: [5, 4, 3]
            absorption: plaster
            surfaces:
              floor: carpet
              north: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]
            """
        ).room
        let floor = try #require(room.faces.first { $0.name == "floor" })
        #expect(floor.absorption == MaterialLibrary.absorption(named: "carpet"))
        let north = try #require(room.faces.first { $0.name == "north" })
        #expect(north.absorption.coefficients == [0.1, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.7])
    }

    @Test(
        "Bad room files name the file, the key and the problem",
        arguments: [
            (
                "shape: shoebox\ndimensions: [6, 4.5]\nabsorption: 0.2",
                "room.yaml: key 'dimensions': expected a list of 3 numbers, got 2"
            ),
            (
                "shape: shoebox\ndimensions: [6, -4.5, 2]\nabsorption: 0.2",
                "room.yaml: key 'dimensions': every dimension must be a positive number of metres, got (6.000, -4.500, "
                    + "2.000)"
            ),
            (
                "shape: shoebox\ndimensions: [6, 4.5, 2]\nabsorption: 1.2",
                "room.yaml: key 'absorption': absorption 1.2 is outside [0, 1]"
            ),
            (
                "shape: shoebox\ndimensions: [6, 4.5, 2]\nabsorbtion: 0.2",
                "room.yaml: unknown key 'absorbtion' (allowed: absorption, description, device, dimensions, faces, "
                    + "floor, height, humidity, name, rt60, scattering, shape, simulation, surfaces, temperature, "
                    + "vertices)"
            ),
            (
                "shape: shoebox\ndimensions: [6, 4.5, 2]\nabsorption: 0.2\nscattering: 1.5",
                "room.yaml: key 'scattering': scattering 1.5 is outside [0, 1]"
            ),
            (
                "shape: shoebox\ndimensions: [6, 4.5, 2]\nabsorption: 0.2\nscattering: furniture",
                "room.yaml: key 'scattering': unknown scattering profile 'furniture' (known: classroom-tables, "
                    + "theatre-audience, amphitheatre-steps, rect-prism-boxes, trapezoidal-boxes, rpg-skyline, "
                    + "rpg-qrd, bookshelf, rough-structures, or give coefficients)"
            ),
            (
                "shape: shoebox\ndimensions: [6, 4.5, 2]\nabsorption: 0.2\n"
                    + "surfaces: {floor: {absorption: carpet, diffusion: 0.3}}",
                "room.yaml: unknown key 'surfaces.floor.diffusion' (allowed: absorption, scattering)"
            ),
            (
                "shape: dome\ndimensions: [6, 4.5, 2]",
                "room.yaml: key 'shape': unknown shape 'dome' (allowed: shoebox, floorplan, polyhedron, free-field)"
            ),
            (
                "shape: shoebox\ndimensions: [6, 4.5, 2]\nabsorption: velvet",
                "room.yaml: key 'absorption': unknown material 'velvet' (known: plaster, plasterboard, concrete, "
                    + "brick, ceramic-tiles, glass, wood-floor, wood-panel, wooden-door, carpet, carpet-thin, "
                    + "curtains, sofa, absorber-panel)"
            ),
            (
                "shape: shoebox\ndimensions: [6, 4.5, 2]\nrt60: 0.01",
                "room.yaml: key 'rt60': 0.010 s cannot be reached in this room: even fully absorbing surfaces give "
                    + "0.091 s by Sabine's formula"
            ),
            (
                "shape: floorplan\nfloor: [[0,0],[4,4],[4,0],[0,4]]\nheight: 2.5\nabsorption: 0.2",
                "room.yaml: key 'floor': edges 0 and 2 cross: the floor plan is not a simple polygon"
            ),
            (
                "shape: shoebox\ndimensions: [6, 4.5, 2]\nsurfaces: {walls: plaster}",
                "room.yaml: surface 'floor' has no absorption: give 'absorption' (a material or coefficients), 'rt60', "
                    + "or that surface's material"
            ),
        ])
    func badFiles(yaml: String, message: String) {
        do {
            _ = try parse(yaml)
            Issue.record("expected an error for \(yaml)")
        } catch {
            #expect("\(error)" == message)
        }
    }
}
