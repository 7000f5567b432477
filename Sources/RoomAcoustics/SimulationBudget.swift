import Foundation

/// How much memory a simulation will ask for, estimated before any image is enumerated, so a
/// request that cannot fit fails at once with what to change instead of swapping or being killed.
public struct SimulationBudget: Sendable {
    /// The default limit: 8 GB or half of physical memory, whichever is smaller.
    public static var defaultLimitBytes: Double {
        min(8e9, Double(ProcessInfo.processInfo.physicalMemory) / 2)
    }

    /// Estimated peak bytes for rendering one source at one receiver at a time, on `threads` threads.
    public let bytes: Double
    /// Estimated image sources (or image-tree candidates) per source.
    public let images: Double

    /// The estimate for `simulator`.
    ///
    /// - Shoebox: the lattice's candidates, the product of the three axes' images out to c·T (≈ 40
    ///   bytes each, measured), and the arrivals kept (within (4/3)π(cT)³/V and the order cap), each
    ///   with its band gains.
    /// - Other rooms: the image tree's candidates up to the order cap and within c·T of the room,
    ///   bounded by F·(F−1)^(order−1) summed over orders and by F times the lattice count.
    /// - Plus the response buffers: length × (bands + 4) doubles.
    public init(_ simulator: RoomSimulator, threads: Int = 1) {
        let room = simulator.room
        let c = room.atmosphere.speedOfSound
        let bands = Double(Absorption.bands.count)
        let length = Double(simulator.length)
        guard !room.isFreeField else {
            (images, bytes) = (1, length * (bands + 4) * 8 * Double(threads))
            return
        }
        let (lo, hi) = (room.boundsMin, room.boundsMax)
        let diagonal = ((hi.x - lo.x) * (hi.x - lo.x) + (hi.y - lo.y) * (hi.y - lo.y) + (hi.z - lo.z) * (hi.z - lo.z))
            .squareRoot()
        let reach = c * simulator.imageTime + diagonal
        let lattice = 4 / 3 * Double.pi * reach * reach * reach / room.volume
        let arrivalBytes = (bands + 8) * 8
        let count: Double, perImage: Double
        if let box = room.shoeboxDimensions {
            // The lattice is walked as the product of its three axes' images (two parities × every
            // n up to reach / 2L + 1), about 40 bytes each whatever the order cap (measured: 1.07 GB
            // for the 12 × 8 × 4 m live room at 3 s); the arrivals kept carry band gains.
            let latticeReach = c * simulator.imageTime + 2 * simulator.options.randomDisplacement
            let axes = [box.x, box.y, box.z].map { 2 * (2 * ((latticeReach / (2 * $0)).rounded(.up) + 1) + 1) }
            count = axes.reduce(1, *)
            var kept = min(count, lattice)
            if let order = simulator.options.maxOrder { kept = min(kept, pow(Double(2 * order + 1), 3)) }
            images = count
            bytes = (count * 40 + kept * arrivalBytes + length * (bands + 4) * 8) * Double(threads)
            return
        } else {
            let faces = Double(room.faces.count)
            let order = simulator.options.maxOrder ?? RoomSimulator.defaultPolyhedralOrder
            let tree = (0...order).reduce(0.0) { $0 + ($1 == 0 ? 1 : faces * pow(faces - 1, Double($1 - 1))) }
            count = min(tree, faces * lattice)
            perImage = 40 + arrivalBytes
        }
        images = count
        bytes = (count * perImage + length * (bands + 4) * 8) * Double(threads)
    }

    /// Throws a ``RoomGeometryError`` (key `duration` or `max_order`) when the estimate exceeds `limit`.
    public func check(limitBytes limit: Double = SimulationBudget.defaultLimitBytes) throws {
        guard bytes > limit else { return }
        throw RoomGeometryError(
            key: "simulation",
            String(
                format: "needs about %.1f GB (%.3g image sources) where %.1f GB are allowed: shorten 'duration',"
                    + " lower 'max_order' or keep the late tail on (it replaces late images)",
                bytes / 1e9, images, limit / 1e9))
    }
}
