import Foundation
import RoomAcoustics
import SoundstageDSP
import Testing

@Suite("Simulation budget")
struct SimulationBudgetTests {
    /// The estimate's candidate count against the lattice actually built (a second method): an upper
    /// bound (it counts every axis image before the lattice trims those out of reach), within a factor 2.
    @Test("The shoebox estimate bounds the lattice's image count from above, within a factor 2")
    func shoeboxCount() throws {
        let room = try RoomShapes.shoebox(
            name: "box", dimensions: Vector3(12, 8, 4), absorption: Array(repeating: Absorption(uniform: 0.1), count: 6)
        )
        for seconds in [0.5, 1.0, 2.0] {
            var options = SimulationOptions()
            options.duration = seconds
            options.lateTail = false
            let simulator = RoomSimulator(room: room, options: options)
            let lattice = ShoeboxImageSources(
                dimensions: Vector3(12, 8, 4), source: SoundSource(position: Vector3(1, 1, 1)),
                wallReflection: Array(repeating: [0.9], count: 6), maxOrder: nil,
                maxDistance: simulator.imageTime * room.atmosphere.speedOfSound)
            let estimate = SimulationBudget(simulator, sources: [Vector3(1, 1, 1)]).images
            #expect(
                estimate >= Double(lattice.count) && estimate <= 2 * Double(lattice.count),
                "\(seconds) s: estimate \(estimate), lattice \(lattice.count)")
        }
    }

    /// The counted tree against the tree actually built (a second method: the same rule, breadth first
    /// and stored) in a non-convex L-shaped floor plan, with and without the tail's extra order.
    @Test("A floor plan's image-tree count equals the tree built; past the limit the count stops and says so")
    func treeCount() throws {
        let a = Absorption(uniform: 0.1)
        let room = try RoomShapes.floorPlan(
            name: "l", polygon: [(0, 0), (9, 0), (9, 7), (5, 7), (5, 4), (0, 4)], height: 2.6, floor: a, ceiling: a,
            wallAbsorption: Array(repeating: a, count: 6))
        let source = Vector3(1, 1, 1)
        for (order, tail) in [(3, false), (5, false), (5, true), (6, false)] {
            var options = SimulationOptions()
            (options.maxOrder, options.lateTail, options.duration) = (order, tail, 0.3)
            let simulator = RoomSimulator(room: room, options: options)
            let tree = PolyhedralImageSources(
                room: room, source: SoundSource(position: source),
                faceReflection: Array(repeating: [0.9], count: room.faces.count),
                maxOrder: simulator.polyhedralTreeOrder,
                maxDistance: simulator.imageTime * room.atmosphere.speedOfSound)
            let budget = SimulationBudget(simulator, sources: [source])
            #expect(budget.images == Double(tree.count), "order \(order), tail \(tail)")
            #expect(!budget.isLowerBound)
            #expect(tree.count > 1)
        }
        var options = SimulationOptions()
        (options.maxOrder, options.lateTail, options.duration) = (12, false, 0.3)
        let capped = SimulationBudget(RoomSimulator(room: room, options: options), sources: [source], limitBytes: 1e6)
        #expect(capped.isLowerBound && capped.bytes > 1e6)
        #expect(throws: RoomGeometryError.self) { try capped.check(limitBytes: 1e6) }
    }

    @Test("A budget over the limit throws, naming the size; one under it does not")
    func limit() throws {
        let room = try RoomShapes.shoebox(
            name: "box", dimensions: Vector3(5, 4, 3), absorption: Array(repeating: Absorption(uniform: 0.2), count: 6))
        let budget = SimulationBudget(RoomSimulator(room: room), sources: [Vector3(1, 1, 1)])
        #expect(throws: RoomGeometryError.self) { try budget.check(limitBytes: budget.bytes / 2) }
        try budget.check(limitBytes: budget.bytes * 2)
    }
}
