/// Σ x² over `range` of `x`.
@inlinable
public func sumOfSquares(_ x: [Double], _ range: Range<Int>) -> Double {
    let lo = max(range.lowerBound, 0), hi = min(range.upperBound, x.count)
    if lo >= hi { return 0 }
    return x.withUnsafeBufferPointer { p in
        var sum = 0.0
        for i in lo..<hi { sum += p[i] * p[i] }
        return sum
    }
}
