import Foundation
import SoundstageDSP

/// Image sources of an axis-aligned shoebox by lattice enumeration (Allen & Berkley, JASA 65(4), 1979).
///
/// Along each axis of length L the images sit at (1 − 2q)·s + 2nL, q ∈ {0, 1}, n ∈ ℤ, having hit
/// the wall at 0 |n − q| times and the wall at L |n| times. The images (positions, reflection
/// factors, orders) depend only on the source, so they are enumerated once and reused for every
/// receiver; a receiver then only computes distances, gains and directions.
public struct ShoeboxImageSources: Sendable {
    public let bandCount: Int
    public let source: SoundSource
    /// Image positions, struct-of-arrays.
    var xs: [Double] = [], ys: [Double] = [], zs: [Double] = []
    var orders: [UInt16] = []
    /// Bit 0/1/2 set when the path reflects an odd number of times across x/y/z walls.
    var parities: [UInt8] = []
    /// `count × bandCount` products of √(1 − α) over the walls hit.
    var reflectionGains: [Double] = []

    /// Number of images (including the source itself).
    public var count: Int { xs.count }

    /// Enumerates images within `maxDistance` metres of the room box (so every receiver inside sees
    /// every image closer than that) and of order ≤ `maxOrder` (nil: unlimited).
    /// - Parameters:
    ///   - wallReflection: per surface in ``RoomShapes/shoeboxSurfaceNames`` order, `bandCount` factors √(1 − α).
    ///   - randomDisplacement: maximum displacement in metres of each image (not the source) along
    ///     each axis, uniform and seeded; breaks the lattice's regularity (sweeping echoes).
    public init(dimensions: Vector3, source: SoundSource, wallReflection: [[Double]], maxOrder: Int?,
                maxDistance: Double, randomDisplacement: Double = 0, seed: UInt64 = 0) {
        bandCount = wallReflection[0].count
        self.source = source
        struct AxisImage { var coordinate: Double; var order: Int; var flipped: Bool; var gains: [Double] }
        func axisImages(length: Double, s: Double, low: [Double], high: [Double]) -> [AxisImage] {
            let nMax = Int((maxDistance / (2 * length)).rounded(.up)) + 1
            var result = [AxisImage]()
            for n in -nMax...nMax {
                for q in 0...1 {
                    let coordinate = Double(1 - 2 * q) * s + 2 * Double(n) * length
                    let gap = max(0, coordinate - length, -coordinate)
                    if gap > maxDistance { continue }
                    let hitsLow = abs(n - q), hitsHigh = abs(n)
                    let gains = zip(low, high).map { pow($0.0, Double(hitsLow)) * pow($0.1, Double(hitsHigh)) }
                    result.append(AxisImage(coordinate: coordinate, order: hitsLow + hitsHigh, flipped: q == 1, gains: gains))
                }
            }
            return result.sorted { $0.order < $1.order }
        }
        let s = source.position
        let ax = axisImages(length: dimensions.x, s: s.x, low: wallReflection[0], high: wallReflection[1])
        let ay = axisImages(length: dimensions.y, s: s.y, low: wallReflection[2], high: wallReflection[3])
        let az = axisImages(length: dimensions.z, s: s.z, low: wallReflection[4], high: wallReflection[5])
        let limit = maxOrder ?? Int.max
        let maxDistance2 = maxDistance * maxDistance
        var generator = SeededGenerator(seed: seed)
        for ix in ax {
            let gx = max(0, ix.coordinate - dimensions.x, -ix.coordinate)
            if ix.order > limit { continue }
            for iy in ay {
                let gy = max(0, iy.coordinate - dimensions.y, -iy.coordinate)
                if ix.order + iy.order > limit || gx * gx + gy * gy > maxDistance2 { continue }
                for iz in az {
                    let order = ix.order + iy.order + iz.order
                    let gz = max(0, iz.coordinate - dimensions.z, -iz.coordinate)
                    if order > limit || gx * gx + gy * gy + gz * gz > maxDistance2 { continue }
                    var p = Vector3(ix.coordinate, iy.coordinate, iz.coordinate)
                    if randomDisplacement > 0 && order > 0 {
                        p = p + randomDisplacement * Vector3(2 * generator.nextUniform() - 1, 2 * generator.nextUniform() - 1,
                                                             2 * generator.nextUniform() - 1)
                    }
                    xs.append(p.x); ys.append(p.y); zs.append(p.z)
                    orders.append(UInt16(order))
                    parities.append((ix.flipped ? 1 : 0) | (iy.flipped ? 2 : 0) | (iz.flipped ? 4 : 0))
                    for b in 0..<bandCount { reflectionGains.append(ix.gains[b] * iy.gains[b] * iz.gains[b]) }
                }
            }
        }
    }

    /// Arrivals at `receiver` no later than `maxDelay` seconds and of order ≤ `maxOrder`.
    func arrivals(receiver r: Vector3, maxDelay: Double, maxOrder: Int, speedOfSound c: Double, model: ArrivalGainModel,
                  withDirections: Bool) -> ArrivalSet {
        var set = ArrivalSet(bandCount: bandCount)
        let maxDistance = maxDelay * c
        let needDeparture = withDirections || model.needsDeparture
        var gains = [Double](repeating: 0, count: bandCount)
        xs.withUnsafeBufferPointer { xp in
            ys.withUnsafeBufferPointer { yp in
                zs.withUnsafeBufferPointer { zp in
                    reflectionGains.withUnsafeBufferPointer { rg in
                        gains.withUnsafeMutableBufferPointer { g in
                            for i in 0..<xp.count {
                                let dx = r.x - xp[i], dy = r.y - yp[i], dz = r.z - zp[i]
                                let distance = (dx * dx + dy * dy + dz * dz).squareRoot()
                                if distance > maxDistance || Int(orders[i]) > maxOrder { continue }
                                var departure = Vector3.zero
                                if needDeparture {
                                    let p = parities[i]
                                    let u = 1 / max(distance, 1e-12)
                                    departure = Vector3((p & 1 == 0 ? dx : -dx) * u, (p & 2 == 0 ? dy : -dy) * u, (p & 4 == 0 ? dz : -dz) * u)
                                }
                                model.fill(g.baseAddress!, reflection: rg.baseAddress! + i &* bandCount, distance: distance, departure: departure)
                                set.append(delay: distance / c, gains: UnsafeBufferPointer(g), order: Int(orders[i]),
                                           departure: withDirections ? departure : nil,
                                           incidence: withDirections ? Vector3(-dx, -dy, -dz).normalized : nil)
                            }
                        }
                    }
                }
            }
        }
        return set
    }

    /// Arrival time in seconds of the earliest image of order `order` at `receiver` (nil if none was
    /// enumerated): where an order-limited model stops being complete.
    func earliestArrival(ofOrder order: Int, receiver r: Vector3, speedOfSound c: Double) -> Double? {
        var best = Double.infinity
        for i in 0..<xs.count where Int(orders[i]) == order {
            let d = (Vector3(xs[i], ys[i], zs[i]) - r).length
            best = min(best, d)
        }
        return best.isFinite ? best / c : nil
    }
}
