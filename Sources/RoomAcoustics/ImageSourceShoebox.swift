import Foundation
import SoundstageDSP

/// Image sources of an axis-aligned shoebox by lattice enumeration (Allen & Berkley, JASA 65(4), 1979).
///
/// Along each axis of length L the images sit at (1 − 2q)·s + 2nL, q ∈ {0, 1}, n ∈ ℤ, having hit
/// the wall at 0 |n − q| times and the wall at L |n| times. The lattice is separable, so only the
/// three per-axis lists are stored (per source); each receiver walks the lattice with the x and y
/// distance terms hoisted out of the inner loop and prunes whole rows that are out of range. No
/// per-image storage means no memory growth with the number of images or receivers.
public struct ShoeboxImageSources: Sendable {
    /// Images along one axis: coordinate, order, mirror flag and `bandCount` reflection factors each.
    struct AxisImages: Sendable {
        var coordinates: [Double] = [], orders: [Int] = [], flipped: [Bool] = [], gains: [Double] = []

        /// The first index whose coordinate is ≥ `value` in ascending `coordinates` (binary search).
        static func firstIndex(in coordinates: [Double], atLeast value: Double) -> Int {
            var lo = 0, hi = coordinates.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if coordinates[mid] < value { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
    }

    public let bandCount: Int
    public let source: SoundSource
    let axes: [AxisImages]
    let dimensions: Vector3
    let maxOrder: Int
    let randomDisplacement: Double
    let seed: UInt64

    /// Number of lattice candidates (diagnostics).
    public var count: Int { axes.reduce(1) { $0 * $1.coordinates.count } }

    /// Prepares the lattice for images up to `maxDistance` metres from the room box and of order ≤
    /// `maxOrder` (nil: unlimited).
    /// - Parameters:
    ///   - wallReflection: per surface in ``RoomShapes/shoeboxSurfaceNames`` order, `bandCount` factors √(1 − α).
    ///   - randomDisplacement: maximum displacement in metres of each image (not the source) along
    ///     each axis, uniform, from a counter-based hash of the image's lattice indices and `seed`
    ///     (so it does not depend on the order images are visited); breaks the lattice's regularity
    ///     that causes sweeping echoes.
    public init(
        dimensions: Vector3, source: SoundSource, wallReflection: [[Double]], maxOrder: Int?,
        maxDistance: Double, randomDisplacement: Double = 0, seed: UInt64 = 0
    ) {
        let bands = wallReflection[0].count
        bandCount = bands
        self.source = source
        self.dimensions = dimensions
        self.maxOrder = maxOrder ?? Int.max
        self.randomDisplacement = randomDisplacement
        self.seed = seed
        func axisImages(length: Double, s: Double, low: [Double], high: [Double]) -> AxisImages {
            let reach = maxDistance + 2 * randomDisplacement
            let nMax = Int((reach / (2 * length)).rounded(.up)) + 1
            var result = AxisImages()
            for n in -nMax...nMax {
                for q in 0...1 {
                    let coordinate = Double(1 - 2 * q) * s + 2 * Double(n) * length
                    if max(0, coordinate - length, -coordinate) > reach { continue }
                    let hitsLow = abs(n - q), hitsHigh = abs(n)
                    result.coordinates.append(coordinate)
                    result.orders.append(hitsLow + hitsHigh)
                    result.flipped.append(q == 1)
                    for b in 0..<bands {
                        result.gains.append(pow(low[b], Double(hitsLow)) * pow(high[b], Double(hitsHigh)))
                    }
                }
            }
            // Sorted by coordinate, so a receiver can find the images within reach by binary search.
            let order = result.coordinates.indices.sorted { result.coordinates[$0] < result.coordinates[$1] }
            var sorted = AxisImages()
            for i in order {
                sorted.coordinates.append(result.coordinates[i])
                sorted.orders.append(result.orders[i])
                sorted.flipped.append(result.flipped[i])
                sorted.gains.append(contentsOf: result.gains[(i * bands)..<((i + 1) * bands)])
            }
            return sorted
        }
        let s = source.position
        axes = [
            axisImages(length: dimensions.x, s: s.x, low: wallReflection[0], high: wallReflection[1]),
            axisImages(length: dimensions.y, s: s.y, low: wallReflection[2], high: wallReflection[3]),
            axisImages(length: dimensions.z, s: s.z, low: wallReflection[4], high: wallReflection[5]),
        ]
    }

    /// Seeded displacement of image (i, j, k): three uniforms in [−d, d] from SplitMix64 of the indices.
    @inline(__always)
    private func displacement(_ i: Int, _ j: Int, _ k: Int) -> Vector3 {
        var state =
            seed ^ (UInt64(truncatingIfNeeded: i) &* 0x9E37_79B9_7F4A_7C15)
            ^ (UInt64(truncatingIfNeeded: j) &* 0xC2B2_AE3D_27D4_EB4F)
            ^ (UInt64(truncatingIfNeeded: k) &* 0x1656_67B1_9E37_79F9)
        func next() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Double(z >> 11) * 0x1.0p-53 * 2 - 1
        }
        return randomDisplacement * Vector3(next(), next(), next())
    }

    /// What one ``arrivals(receiver:maxDelay:maxOrder:speedOfSound:model:withDirections:)`` call asks for.
    private struct ArrivalQuery {
        let receiver: Vector3
        let maxDistance2: Double
        let prune2: Double
        let slack: Double
        let limit: Int
        let bands: Int
        let fast: Bool
        let capacity: Int
        let inverseC: Double
        let withDirections: Bool
        let model: ArrivalGainModel
    }

    /// Raw views of the output arrays, the z-axis tables and the per-row scratch the lattice walk uses.
    private struct LatticeBuffers {
        let delays: UnsafeMutableBufferPointer<Double>
        let gains: UnsafeMutableBufferPointer<Double>
        let orders: UnsafeMutableBufferPointer<UInt16>
        let dz2: UnsafeBufferPointer<Double>
        let zCoordinates: UnsafeBufferPointer<Double>
        let zOrders: UnsafeBufferPointer<Int>
        let zFlipped: UnsafeBufferPointer<Bool>
        let zGains: UnsafeBufferPointer<Double>
        let xyGains: UnsafeMutableBufferPointer<Double>
        let scratch: UnsafeMutableBufferPointer<Double>
    }

    /// One (i, j) row of the lattice: its indices, x and y distance terms, order and mirror flags.
    private struct LatticeRow {
        let i: Int
        let j: Int
        let dx: Double
        let dy: Double
        let dxy2: Double
        let orderXY: Int
        let flippedX: Bool
        let flippedY: Bool
    }

    /// What a walk for `receiver` up to `maxDelay` seconds and order `requestedOrder` asks for.
    private func query(
        receiver r: Vector3, maxDelay: Double, maxOrder requestedOrder: Int, speedOfSound c: Double,
        model: ArrivalGainModel, withDirections: Bool
    ) -> ArrivalQuery {
        let maxDistance = maxDelay * c
        let slack = randomDisplacement > 0 ? 2 * randomDisplacement * 3.0.squareRoot() : 0
        let needDeparture = withDirections || model.needsDeparture
        return ArrivalQuery(
            receiver: r, maxDistance2: maxDistance * maxDistance,
            prune2: (maxDistance + slack) * (maxDistance + slack), slack: slack,
            limit: min(maxOrder, requestedOrder), bands: bandCount,
            fast: bandCount == 1 && !model.hasPerArrivalFactors && !needDeparture,
            capacity: imageCapacity(maxDistance: maxDistance, slack: slack), inverseC: 1 / c,
            withDirections: withDirections, model: model)
    }

    /// Squared z distances from `receiver` to the z-images.
    private func zDistances2(_ r: Vector3) -> [Double] {
        axes[2].coordinates.map { (r.z - $0) * (r.z - $0) }
    }

    /// Arrivals at `receiver` no later than `maxDelay` seconds and of order ≤ `maxOrder`.
    func arrivals(
        receiver r: Vector3, maxDelay: Double, maxOrder requestedOrder: Int, speedOfSound c: Double,
        model: ArrivalGainModel, withDirections: Bool
    ) -> ArrivalSet {
        let query = query(
            receiver: r, maxDelay: maxDelay, maxOrder: requestedOrder, speedOfSound: c, model: model,
            withDirections: withDirections)
        let bands = bandCount, capacity = query.capacity
        var departures = [Vector3]()
        var incidences = [Vector3]()
        var kept = 0
        var gainScratch = [Double](repeating: 0, count: bands)
        var xyGains = [Double](repeating: 0, count: bands)
        let dz2 = zDistances2(r)

        // The outputs are written in place and only the kept images count as initialized: zero-filling
        // the capacity first (a third more than is kept, megabytes for a 0.5 s response) cost about
        // half as much as the walk itself (perf, `make bench`'s room).
        var gains = [Double]()
        var keptOrders = [UInt16]()
        let delays = [Double](unsafeUninitializedCapacity: capacity) { delayOut, delayCount in
            gains = [Double](unsafeUninitializedCapacity: capacity * bands) { gainOut, gainCount in
                keptOrders = [UInt16](unsafeUninitializedCapacity: capacity) { orderOut, orderCount in
                    withLatticeBuffers(
                        delays: delayOut, gains: gainOut, orders: orderOut, dz2: dz2, xyGains: &xyGains,
                        scratch: &gainScratch
                    ) { buffers in
                        let (ax, ay) = (axes[0], axes[1])
                        walkRows(query, xImages: ax.coordinates.indices) { row, zRange in
                            for b in 0..<bands {
                                buffers.xyGains[b] = ax.gains[row.i * bands + b] * ay.gains[row.j * bands + b]
                            }
                            accumulateRow(
                                row, zRange, query, buffers, kept: &kept, departures: &departures,
                                incidences: &incidences)
                        }
                    }
                    orderCount = kept
                }
                gainCount = kept * bands
            }
            delayCount = kept
        }
        var set = ArrivalSet(bandCount: bands)
        set.delays = delays
        set.gains = gains
        set.orders = keptOrders
        set.departures = departures
        set.incidences = incidences
        return set
    }

    /// Room for every image within `maxDistance` + `slack` of a receiver (an upper bound, at most ``count``).
    private func imageCapacity(maxDistance: Double, slack: Double) -> Int {
        // Room for every image within reach: the lattice holds 8 images per 2Lx × 2Ly × 2Lz cell, and
        // every cell that meets the ball of radius R lies inside the ball of radius R + its diagonal,
        // so at most vol(R + 2·diagonal(L))/V images are in reach.
        let volume = dimensions.x * dimensions.y * dimensions.z
        let reachBound = maxDistance + slack + 2 * (dimensions - Vector3.zero).length
        return min(count, Int(4.0 / 3.0 * Double.pi * pow(reachBound, 3) / volume) + 8)
    }

    /// Runs `body` with raw views of the output arrays, the z-axis tables, the row gains and the scratch.
    @inline(__always)
    private func withLatticeBuffers(
        delays: UnsafeMutableBufferPointer<Double>, gains: UnsafeMutableBufferPointer<Double>,
        orders: UnsafeMutableBufferPointer<UInt16>, dz2: [Double], xyGains: inout [Double], scratch: inout [Double],
        _ body: (LatticeBuffers) -> Void
    ) {
        let az = axes[2]
        dz2.withUnsafeBufferPointer { dzp in
            az.coordinates.withUnsafeBufferPointer { zCoordinates in
                az.orders.withUnsafeBufferPointer { zOrders in
                    az.flipped.withUnsafeBufferPointer { zFlipped in
                        az.gains.withUnsafeBufferPointer { zGains in
                            xyGains.withUnsafeMutableBufferPointer { xy in
                                scratch.withUnsafeMutableBufferPointer { s in
                                    body(
                                        LatticeBuffers(
                                            delays: delays, gains: gains, orders: orders, dz2: dzp,
                                            zCoordinates: zCoordinates, zOrders: zOrders,
                                            zFlipped: zFlipped, zGains: zGains, xyGains: xy, scratch: s))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Walks the (i, j) rows of the lattice within reach of the receiver whose x-image i lies in
    /// `xImages`, calling `body` with each row and the range of its z-images within reach.
    @inline(__always)
    private func walkRows(_ q: ArrivalQuery, xImages: Range<Int>, _ body: (LatticeRow, Range<Int>) -> Void) {
        let (ax, ay, az) = (axes[0], axes[1], axes[2])
        let r = q.receiver
        for i in xImages where ax.orders[i] <= q.limit {
            let dx = r.x - ax.coordinates[i]
            let dx2 = dx * dx
            if dx2 > q.prune2 { continue }
            for j in ay.coordinates.indices where ax.orders[i] + ay.orders[j] <= q.limit {
                let dy = r.y - ay.coordinates[j]
                let dxy2 = dx2 + dy * dy
                if dxy2 > q.prune2 { continue }
                let reach = (q.prune2 - dxy2).squareRoot()
                let lo = AxisImages.firstIndex(in: az.coordinates, atLeast: r.z - reach)
                let hi = AxisImages.firstIndex(
                    in: az.coordinates, atLeast: r.z + reach + 1e-12)
                let row = LatticeRow(
                    i: i, j: j, dx: dx, dy: dy, dxy2: dxy2, orderXY: ax.orders[i] + ay.orders[j],
                    flippedX: ax.flipped[i], flippedY: ay.flipped[j])
                body(row, lo..<hi)
            }
        }
    }

    /// Delay in seconds and gain of a plain arrival (one band, spreading and wall factors only) at
    /// squared distance `d2` with wall factor `reflection`.
    @inline(__always)
    private static func plainArrival(d2: Double, reflection: Double, inverseC: Double) -> (delay: Double, gain: Double)
    {
        let distance = d2.squareRoot()
        return (distance * inverseC, reflection / max(distance, 1e-3))
    }

    /// Appends the arrivals of images (i, j, k), k ∈ `zRange`, of one row: delays, gains, orders, directions.
    @inline(__always)
    private func accumulateRow(
        _ row: LatticeRow, _ zRange: Range<Int>, _ q: ArrivalQuery, _ p: LatticeBuffers, kept: inout Int,
        departures: inout [Vector3], incidences: inout [Vector3]
    ) {
        let bands = q.bands
        let gxy = p.xyGains[0]
        for k in zRange {
            let order = row.orderXY &+ p.zOrders[k]
            var d2 = row.dxy2 + p.dz2[k]
            if order > q.limit || d2 > q.prune2 { continue }
            precondition(kept < q.capacity, "image count exceeded its proven bound")
            if q.fast && q.slack == 0 {
                if d2 > q.maxDistance2 { continue }
                (p.delays[kept], p.gains[kept]) = ShoeboxImageSources.plainArrival(
                    d2: d2, reflection: gxy * p.zGains[k], inverseC: q.inverseC)
                p.orders[kept] = UInt16(truncatingIfNeeded: order)
                kept &+= 1
                continue
            }
            var toReceiver = Vector3(row.dx, row.dy, q.receiver.z - p.zCoordinates[k])
            if q.slack > 0 && order > 0 {
                toReceiver = toReceiver - displacement(row.i, row.j, k)
                d2 = toReceiver.dot(toReceiver)
            }
            if d2 > q.maxDistance2 { continue }
            let distance = d2.squareRoot()
            // Propagation direction at the source: mirror flips undone per axis.
            let u = 1 / max(distance, 1e-12)
            let departure = Vector3(
                (row.flippedX ? -toReceiver.x : toReceiver.x) * u,
                (row.flippedY ? -toReceiver.y : toReceiver.y) * u,
                (p.zFlipped[k] ? -toReceiver.z : toReceiver.z) * u)
            for b in 0..<bands { p.scratch[b] = p.xyGains[b] * p.zGains[k &* bands &+ b] }
            q.model.fill(
                p.gains.address + kept &* bands, reflection: p.scratch.address,
                distance: distance, departure: departure)
            p.delays[kept] = distance * q.inverseC
            p.orders[kept] = UInt16(truncatingIfNeeded: order)
            if q.withDirections {
                departures.append(departure)
                incidences.append(-(u * toReceiver))
            }
            kept &+= 1
        }
    }

    /// Whether `model`'s arrivals are plain: one band, spreading and wall factors only, no image
    /// displacement. Plain arrivals can be streamed (``forEachPlainArrival``) instead of stored.
    func hasPlainArrivals(model: ArrivalGainModel) -> Bool {
        bandCount == 1 && !model.hasPerArrivalFactors && randomDisplacement == 0
    }

    /// Number of images along the x axis (the walk's outer index).
    var xImageCount: Int { axes[0].coordinates.count }

    /// How many arrivals ``arrivals(receiver:maxDelay:maxOrder:speedOfSound:model:withDirections:)``
    /// would keep whose x-image lies in `xImages` (indices of the sorted x-axis images), for plain
    /// arrivals. Compares distances only (no square roots), and in a row whose images are all within
    /// the order limit only at the ends of the run within reach.
    func plainArrivalCount(
        receiver r: Vector3, maxDelay: Double, maxOrder: Int, speedOfSound c: Double, model: ArrivalGainModel,
        xImages: Range<Int>
    ) -> Int {
        precondition(hasPlainArrivals(model: model), "arrivals are not plain")
        let q = query(
            receiver: r, maxDelay: maxDelay, maxOrder: maxOrder, speedOfSound: c, model: model, withDirections: false)
        var count = 0
        let dz2 = zDistances2(r)
        let highestZOrder = axes[2].orders.max() ?? 0
        dz2.withUnsafeBufferPointer { dz2 in
            axes[2].orders.withUnsafeBufferPointer { zOrders in
                walkRows(q, xImages: xImages) { row, zRange in
                    if row.orderXY &+ highestZOrder <= q.limit {
                        // (r.z − z)² falls and then rises along the sorted z-images, so those within the
                        // distance are one run: trim its ends.
                        var first = zRange.lowerBound, end = zRange.upperBound
                        while first < end && row.dxy2 + dz2[first] > q.maxDistance2 { first &+= 1 }
                        while end > first && row.dxy2 + dz2[end &- 1] > q.maxDistance2 { end &-= 1 }
                        count &+= end &- first
                    } else {
                        for k in zRange
                        where row.orderXY &+ zOrders[k] <= q.limit && row.dxy2 + dz2[k] <= q.maxDistance2 {
                            count &+= 1
                        }
                    }
                }
            }
        }
        return count
    }

    /// Calls `body(delay in seconds, gain)` for every plain arrival at `receiver` (as
    /// ``arrivals(receiver:maxDelay:maxOrder:speedOfSound:model:withDirections:)`` would keep it, with
    /// the same values and in the same order) at a distance in `distances` (metres), without storing
    /// any. Each row's images in the shell are found by binary search, so a walk over a thin shell
    /// costs little more than its arrivals.
    func forEachPlainArrival(
        receiver r: Vector3, maxDelay: Double, maxOrder: Int, speedOfSound c: Double, model: ArrivalGainModel,
        distances: ClosedRange<Double>, _ body: (Double, Double) -> Void
    ) {
        precondition(hasPlainArrivals(model: model), "arrivals are not plain")
        let q = query(
            receiver: r, maxDelay: maxDelay, maxOrder: maxOrder, speedOfSound: c, model: model, withDirections: false)
        let (ax, ay, az) = (axes[0], axes[1], axes[2])
        let inner2 = distances.lowerBound * distances.lowerBound, outer2 = distances.upperBound * distances.upperBound
        let dz2 = zDistances2(r)
        dz2.withUnsafeBufferPointer { dz2 in
            az.orders.withUnsafeBufferPointer { zOrders in
                az.gains.withUnsafeBufferPointer { zGains in
                    walkRows(q, xImages: ax.coordinates.indices) { row, zRange in
                        guard outer2 > row.dxy2 else { return }
                        // The shell's images of this row: within the outer radius, outside the inner one.
                        let outer = (outer2 - row.dxy2).squareRoot(), inner = max(0, inner2 - row.dxy2).squareRoot()
                        let first = max(
                            zRange.lowerBound, AxisImages.firstIndex(in: az.coordinates, atLeast: r.z - outer))
                        let end = min(
                            zRange.upperBound, AxisImages.firstIndex(in: az.coordinates, atLeast: r.z + outer))
                        let holeFirst = AxisImages.firstIndex(in: az.coordinates, atLeast: r.z - inner)
                        let holeEnd = AxisImages.firstIndex(in: az.coordinates, atLeast: r.z + inner)
                        let gxy = ax.gains[row.i] * ay.gains[row.j]
                        let highFirst = max(first, holeEnd)
                        for range in [first..<max(first, min(end, holeFirst)), highFirst..<max(highFirst, end)] {
                            for k in range {
                                let d2 = row.dxy2 + dz2[k]
                                if row.orderXY &+ zOrders[k] > q.limit || d2 > q.maxDistance2 { continue }
                                let (delay, gain) = ShoeboxImageSources.plainArrival(
                                    d2: d2, reflection: gxy * zGains[k], inverseC: q.inverseC)
                                body(delay, gain)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Arrival time in seconds of the earliest image of order `order` at `receiver` (nil if the
    /// lattice holds none): where an order-limited model stops being complete.
    func earliestArrival(ofOrder order: Int, receiver r: Vector3, speedOfSound c: Double) -> Double? {
        var best = Double.infinity
        let (ax, ay, az) = (axes[0], axes[1], axes[2])
        for i in ax.coordinates.indices where ax.orders[i] <= order {
            for j in ay.coordinates.indices where ax.orders[i] + ay.orders[j] <= order {
                for k in az.coordinates.indices where ax.orders[i] + ay.orders[j] + az.orders[k] == order {
                    best = min(best, (Vector3(ax.coordinates[i], ay.coordinates[j], az.coordinates[k]) - r).length)
                }
            }
        }
        return best.isFinite ? best / c : nil
    }
}
