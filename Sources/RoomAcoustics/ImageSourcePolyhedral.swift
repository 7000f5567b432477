import Foundation
import SoundstageDSP

/// Image sources of a general room (planar faces, convex or not) by mirroring, with a visibility
/// test of every path (Borish, JASA 75(6), 1984).
///
/// The image tree depends only on the source: an image is mirrored across every face it lies in
/// front of (Borish's validity rule), and branches farther than the distance limit from the room's
/// bounding box are cut — safe, because the ancestor of an image whose path is shorter than the
/// limit lies within that distance of the path's last reflection point. Per receiver, each
/// candidate's path is traced back from the receiver through the faces that made it; the image is
/// audible only if every crossing lies inside its face's polygon and, in a non-convex room, no leg
/// of the path passes through another face.
public struct PolyhedralImageSources: Sendable {
    struct Node: Sendable {
        var position: Vector3
        var parent: Int32
        var face: Int32
        var order: UInt16
    }

    public let bandCount: Int
    public let source: SoundSource
    let room: Room
    var nodes: [Node] = []
    /// The nodes' positions in the compact forms the per-receiver searches read.
    var searchIndex = ImageSearchIndex()
    /// Per face, `bandCount` factors √(1 − α). A node's gains are their product over its path, formed
    /// only for the audible ones (storing them per candidate would multiply the tree's memory by 3).
    let faceReflection: [[Double]]
    /// Nodes are stored order by order (breadth first): order k occupies orderStart[k]..<orderStart[k + 1].
    var orderStart: [Int] = []
    /// Per order, the smallest distance in metres from one of its images to the room's box: no
    /// receiver in the room is nearer to any of them.
    var orderBoxDistance: [Double] = []

    /// Number of candidate images (including the source).
    public var count: Int { nodes.count }

    /// Builds the image tree up to order `maxOrder` and `maxDistance` metres from the room's box.
    /// - Parameter faceReflection: per face, `bandCount` factors √(1 − α).
    public init(room: Room, source: SoundSource, faceReflection: [[Double]], maxOrder: Int, maxDistance: Double) {
        self.room = room
        self.source = source
        bandCount = faceReflection.first?.count ?? 1
        self.faceReflection = faceReflection
        nodes.append(Node(position: source.position, parent: -1, face: -1, order: 0))
        var frontier = 0
        while frontier < nodes.count {
            let node = nodes[frontier]
            if Int(node.order) < maxOrder {
                for (f, face) in room.faces.enumerated() where f != Int(node.face) {
                    guard face.signedDistance(node.position) > 1e-9 else { continue }
                    let image = face.mirror(node.position)
                    guard distanceToBox(image) <= maxDistance else { continue }
                    nodes.append(Node(position: image, parent: Int32(frontier), face: Int32(f), order: node.order + 1))
                }
            }
            frontier += 1
        }
        for (i, node) in nodes.enumerated() {
            while orderStart.count <= Int(node.order) {
                orderStart.append(i)
                orderBoxDistance.append(.infinity)
            }
            orderBoxDistance[Int(node.order)] = min(orderBoxDistance[Int(node.order)], distanceToBox(node.position))
        }
        orderStart.append(nodes.count)
        searchIndex = ImageSearchIndex(
            nodes: nodes, orderStart: orderStart, origin: 0.5 * (room.boundsMin + room.boundsMax))
    }

    private func distanceToBox(_ p: Vector3) -> Double { PolyhedralImageSources.distanceToBox(p, of: room) }

    /// Distance in metres from `p` to the room's bounding box (0 inside it).
    private static func distanceToBox(_ p: Vector3, of room: Room) -> Double {
        let lo = room.boundsMin, hi = room.boundsMax
        let dx = max(0, lo.x - p.x, p.x - hi.x), dy = max(0, lo.y - p.y, p.y - hi.y),
            dz = max(0, lo.z - p.z, p.z - hi.z)
        return (dx * dx + dy * dy + dz * dz).squareRoot()
    }

    /// The number of candidates ``init(room:source:faceReflection:maxOrder:maxDistance:)`` would
    /// store for a source at `position`, counted depth first without storing them (memory of one path),
    /// stopping once it passes `cap`: what the tree will cost, known before it is built.
    public static func candidateCount(
        room: Room, position: Vector3, maxOrder: Int, maxDistance: Double, cap: Int
    ) -> Int {
        var count = 1
        var stack = [(position: position, face: -1, order: 0)]
        while let node = stack.popLast(), count <= cap {
            guard node.order < maxOrder else { continue }
            for (f, face) in room.faces.enumerated() where f != node.face {
                guard face.signedDistance(node.position) > 1e-9 else { continue }
                let image = face.mirror(node.position)
                guard distanceToBox(image, of: room) <= maxDistance else { continue }
                count += 1
                stack.append((image, f, node.order + 1))
            }
        }
        return count
    }

    /// Whether the open segment a→b passes through any face other than those listed.
    private func obstructed(_ a: Vector3, _ b: Vector3, ignoring skip1: Int, _ skip2: Int) -> Bool {
        if room.isConvex { return false }
        for (f, face) in room.faces.enumerated() where f != skip1 && f != skip2 {
            if face.intersection(from: a, to: b, tolerance: 1e-9) != nil { return true }
        }
        return false
    }

    /// The first reflection point (or the receiver, for the direct sound) of the valid path from
    /// node `index` to `receiver`, or nil if the path is not valid.
    private func tracePath(_ index: Int, receiver: Vector3) -> Vector3? {
        var target = receiver
        var targetFace = -1
        var current = index
        while nodes[current].order > 0 {
            let node = nodes[current]
            let f = Int(node.face)
            guard let hit = room.faces[f].intersection(from: target, to: node.position) else { return nil }
            if obstructed(target, hit.point, ignoring: targetFace, f) { return nil }
            target = hit.point
            targetFace = f
            current = Int(node.parent)
        }
        if obstructed(target, source.position, ignoring: targetFace, -1) { return nil }
        return target
    }

    /// Audible arrivals at `receiver` no later than `maxDelay` seconds and of order ≤ `maxOrder`.
    func arrivals(
        receiver r: Vector3, maxDelay: Double, maxOrder: Int, speedOfSound c: Double, model: ArrivalGainModel,
        withDirections: Bool
    ) -> ArrivalSet {
        var set = ArrivalSet(bandCount: bandCount)
        let maxDistance = maxDelay * c
        var gains = [Double](repeating: 0, count: bandCount)
        var reflection = [Double](repeating: 1, count: bandCount)
        var path = [Int]()
        let end = maxOrder < orderStart.count - 1 ? orderStart[max(0, maxOrder) + 1] : nodes.count
        let candidates = searchIndex.candidates(within: maxDistance, of: r, in: 0..<end)
        reflection.withUnsafeMutableBufferPointer { rg in
            gains.withUnsafeMutableBufferPointer { g in
                for i in candidates {
                    let image = nodes[i].position
                    let distance = (r - image).length
                    if distance > maxDistance { continue }
                    guard let firstPoint = tracePath(i, receiver: r) else { continue }
                    let departure = (firstPoint - source.position).normalized
                    // Product of the faces' factors from the source outward.
                    path.removeAll(keepingCapacity: true)
                    var node = i
                    while nodes[node].order > 0 {
                        path.append(Int(nodes[node].face))
                        node = Int(nodes[node].parent)
                    }
                    for b in 0..<bandCount { rg[b] = 1 }
                    for f in path.reversed() { for b in 0..<bandCount { rg[b] *= faceReflection[f][b] } }
                    model.fill(g.address, reflection: rg.address, distance: distance, departure: departure)
                    set.append(
                        delay: distance / c, gains: UnsafeBufferPointer(g), order: Int(nodes[i].order),
                        departure: withDirections ? departure : nil,
                        incidence: withDirections ? (image - r).normalized : nil)
                }
            }
        }
        return set
    }

    /// Arrival time in seconds of the earliest *candidate* of order `order` (a lower bound on where an
    /// order-limited model stops being complete; visibility is not checked), or nil when there is
    /// none earlier than `limit` seconds.
    func earliestCandidate(
        ofOrder order: Int, receiver r: Vector3, speedOfSound c: Double, before limit: Double
    ) -> Double? {
        guard order + 1 < orderStart.count, orderBoxDistance[order] < limit * c else { return nil }
        let nearest = searchIndex.nearestDistance(to: r, order: order, orderStart: orderStart) {
            (nodes[$0].position - r).length
        }
        return nearest / c < limit ? nearest / c : nil
    }
}

/// The image tree's positions in two compact forms for the searches made per receiver, relative to the
/// room's box centre: float-32 coordinates, one array per axis (12 bytes a node instead of the node's
/// 40, so a scan over every candidate moves a third of the memory), and each order's nodes sorted by
/// their distance from the centre (a nearest-image search that stops early). Both only narrow the
/// candidates; the exact tests in doubles follow, so results are those of a full scan in doubles.
struct ImageSearchIndex: Sendable {
    var x: [Float] = [], y: [Float] = [], z: [Float] = []
    var origin = Vector3.zero
    /// The largest coordinate magnitude in metres (what float 32 rounds relative to).
    var scale = 0.0
    /// Per order, in ``PolyhedralImageSources/orderStart``'s ranges: node indices sorted by their
    /// distance in metres from the origin (``radii``).
    var byRadius: [Int32] = [], radii: [Float] = []

    init() {}

    init(nodes: [PolyhedralImageSources.Node], orderStart: [Int], origin: Vector3) {
        self.origin = origin
        x = nodes.map { Float($0.position.x - origin.x) }
        y = nodes.map { Float($0.position.y - origin.y) }
        z = nodes.map { Float($0.position.z - origin.z) }
        scale = nodes.reduce(0) { scale, node in
            let p = node.position - origin
            return max(scale, abs(p.x), abs(p.y), abs(p.z))
        }
        byRadius.reserveCapacity(nodes.count)
        radii.reserveCapacity(nodes.count)
        for order in 0..<(orderStart.count - 1) {
            let sorted = (orderStart[order]..<orderStart[order + 1])
                .map { (index: Int32($0), radius: Float((nodes[$0].position - origin).length)) }
                .sorted { $0.radius < $1.radius }
            byRadius += sorted.map(\.index)
            radii += sorted.map(\.radius)
        }
    }

    /// Metres to add to a float-32 distance so it bounds the exact one: 1 mm plus 1e-5 of the scale of
    /// the coordinates and `distance`, far above float 32's rounding (6e-8 of the scale per
    /// coordinate, a few ulps in a sum).
    private func margin(_ receiver: Vector3, _ distance: Double) -> Double {
        let r = receiver - origin
        return 1e-5 * (max(scale, abs(r.x), abs(r.y), abs(r.z)) + distance) + 1e-3
    }

    /// Indices, ascending, of the nodes in `range` that may lie within `maxDistance` metres of
    /// `receiver` (every node that does is among them).
    func candidates(within maxDistance: Double, of receiver: Vector3, in range: Range<Int>) -> [Int] {
        let r = receiver - origin
        let reach = Float(maxDistance + margin(receiver, maxDistance)), reach2 = reach * reach
        let rx = Float(r.x), ry = Float(r.y), rz = Float(r.z)
        var found = [Int]()
        x.withUnsafeBufferPointer { xs in
            y.withUnsafeBufferPointer { ys in
                z.withUnsafeBufferPointer { zs in
                    var i = range.lowerBound
                    while i < range.upperBound {
                        let dx = xs[i] - rx, dy = ys[i] - ry, dz = zs[i] - rz
                        if dx * dx + dy * dy + dz * dz <= reach2 { found.append(i) }
                        i &+= 1
                    }
                }
            }
        }
        return found
    }

    /// The smallest `distance(i)` in metres over the nodes of order `order` (infinity if it has none):
    /// nodes in order of their distance ρ_i from the origin, each at least ρ_i − |r − origin| from the
    /// receiver (triangle inequality), so once that bound, less the margin, passes the nearest found no
    /// later node can be nearer: the same minimum as evaluating every node.
    func nearestDistance(
        to receiver: Vector3, order: Int, orderStart: [Int], distance: (Int) -> Double
    ) -> Double {
        let offset = (receiver - origin).length, slack = margin(receiver, 0)
        var nearest = Double.infinity
        for k in orderStart[order]..<orderStart[order + 1] {
            if Double(radii[k]) - offset - slack > nearest { break }
            nearest = min(nearest, distance(Int(byRadius[k])))
        }
        return nearest
    }
}
