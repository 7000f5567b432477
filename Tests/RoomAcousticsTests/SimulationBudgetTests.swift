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
            let estimate = SimulationBudget(simulator).images
            #expect(
                estimate >= Double(lattice.count) && estimate <= 2 * Double(lattice.count),
                "\(seconds) s: estimate \(estimate), lattice \(lattice.count)")
        }
    }

    @Test("A budget over the limit throws, naming the size; one under it does not")
    func limit() throws {
        let room = try RoomShapes.shoebox(
            name: "box", dimensions: Vector3(5, 4, 3), absorption: Array(repeating: Absorption(uniform: 0.2), count: 6))
        let budget = SimulationBudget(RoomSimulator(room: room))
        #expect(throws: RoomGeometryError.self) { try budget.check(limitBytes: budget.bytes / 2) }
        try budget.check(limitBytes: budget.bytes * 2)
    }
}
