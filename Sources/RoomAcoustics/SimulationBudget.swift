import Foundation
import SoundstageDSP

/// How much memory a simulation will ask for, estimated before any image is enumerated, so a
/// request that cannot fit fails at once with what to change instead of swapping or being killed.
public struct SimulationBudget: Sendable {
    /// The default limit: 8 GB or half of physical memory, whichever is smaller.
    public static var defaultLimitBytes: Double {
        min(8e9, Double(ProcessInfo.processInfo.physicalMemory) / 2)
    }

    /// Estimated peak bytes of the image search: every source's images held at once, and per thread
    /// the arrivals at one receiver and the response buffers.
    public let bytes: Double
    /// Image sources (or image-tree candidates) of the source with the most.
    public let images: Double
    /// Whether a tree count stopped at the limit: the true need is larger than ``bytes``.
    public private(set) var isLowerBound = false

    /// Bytes per stored image-tree candidate: a 40-byte node, up to three times over while the array
    /// doubles (the old storage and the new one of twice its size are held during the copy). The
    /// search tables made once the tree has stopped growing (20 bytes, 16 more while one order is
    /// sorted) fit beside the node and its spare capacity in the same 120.
    public static let treeBytesPerCandidate = 120.0

    /// The estimate for `simulator` with images of `sources` (positions, metres) held together,
    /// rendered on `threads` threads.
    ///
    /// - Shoebox: per source the lattice's candidates, the product of the three axes' images out to
    ///   c·T (≈ 40 bytes each, measured); per thread the arrivals kept (within (4/3)π(cT)³/V and the
    ///   order cap), each with its band gains.
    /// - Other rooms: per source the image tree's exact candidate count
    ///   (``PolyhedralImageSources/candidateCount(room:position:maxOrder:maxDistance:cap:)``, counted
    ///   without building the tree and stopped once `limitBytes` is passed, so a request far over the
    ///   limit is refused in seconds), ``treeBytesPerCandidate`` each; per thread the arrivals, at most
    ///   one per candidate or the lattice count.
    /// - Per thread the response buffers: length × (bands + 4) doubles.
    public init(
        _ simulator: RoomSimulator, sources: [Vector3], threads: Int = 1,
        limitBytes: Double = SimulationBudget.defaultLimitBytes
    ) {
        let room = simulator.room
        let c = room.atmosphere.speedOfSound
        let bands = Double(Absorption.bands.count)
        let threadCount = Double(threads)
        let buffers = Double(simulator.length) * (bands + 4) * 8 * threadCount
        guard !room.isFreeField else {
            (images, bytes) = (1, buffers)
            return
        }
        let (lo, hi) = (room.boundsMin, room.boundsMax)
        let diagonal = ((hi.x - lo.x) * (hi.x - lo.x) + (hi.y - lo.y) * (hi.y - lo.y) + (hi.z - lo.z) * (hi.z - lo.z))
            .squareRoot()
        let reach = c * simulator.imageTime + diagonal
        let lattice = 4 / 3 * Double.pi * reach * reach * reach / room.volume
        let arrivalBytes = (bands + 8) * 8
        if let box = room.shoeboxDimensions {
            // The lattice is walked as the product of its three axes' images (two parities × every
            // n up to reach / 2L + 1), about 40 bytes each whatever the order cap (measured: 1.07 GB
            // for the 12 × 8 × 4 m live room at 3 s); the arrivals kept carry band gains.
            let latticeReach = c * simulator.imageTime + 2 * simulator.options.randomDisplacement
            let axes = [box.x, box.y, box.z].map { 2 * (2 * ((latticeReach / (2 * $0)).rounded(.up) + 1) + 1) }
            let count = axes.reduce(1, *)
            var kept = min(count, lattice)
            if let order = simulator.options.maxOrder { kept = min(kept, pow(Double(2 * order + 1), 3)) }
            images = count
            bytes = count * 40 * Double(sources.count) + kept * arrivalBytes * threadCount + buffers
            return
        }
        let cap = Int(min(limitBytes / SimulationBudget.treeBytesPerCandidate, 1e12)) + 1
        let counts = sources.map { position in
            Double(
                PolyhedralImageSources.candidateCount(
                    room: room, position: position, maxOrder: simulator.polyhedralTreeOrder,
                    maxDistance: simulator.imageTime * c, cap: cap))
        }
        images = counts.max() ?? 0
        isLowerBound = counts.contains { $0 > Double(cap) }
        bytes =
            counts.reduce(0, +) * SimulationBudget.treeBytesPerCandidate + min(images, lattice) * arrivalBytes
            * threadCount + buffers
    }

    /// Throws a ``RoomGeometryError`` (key `duration` or `max_order`) when the estimate exceeds `limit`.
    public func check(limitBytes limit: Double = SimulationBudget.defaultLimitBytes) throws {
        guard bytes > limit else { return }
        throw RoomGeometryError(
            key: "simulation",
            String(
                format: (isLowerBound ? "needs more than" : "needs about")
                    + " %.1f GB (%.3g image sources) where %.1f GB are allowed: shorten 'duration',"
                    + " lower 'max_order' or keep the late tail on (it replaces late images)",
                bytes / 1e9, images, limit / 1e9))
    }
}
