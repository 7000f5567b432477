/// Order statistics used by the summary.
public enum Statistics {
    /// The p-th percentile (0…100) by linear interpolation between order statistics (Hyndman & Fan
    /// type 7, numpy's default); nil for no values.
    public static func percentile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let h = Double(sorted.count - 1) * p / 100
        let i = Int(h.rounded(.down)), w = h - Double(i)
        return i + 1 < sorted.count ? sorted[i] + w * (sorted[i + 1] - sorted[i]) : sorted[i]
    }

    public static func median(_ values: [Double]) -> Double? { percentile(values, 50) }

    /// Sample standard deviation (n − 1); 0 for one value, nil for none.
    public static func standardDeviation(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        guard values.count > 1 else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
    }
}
