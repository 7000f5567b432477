import SoundstageDSP

/// One number `summary.json` reports per room × mode: its key, how to read it, which way is better
/// and by how much it may move before the regression gate calls it worse.
///
/// Aggregates are declared with their metric (``SeatMetricDescriptor/aggregates``); ``all`` lists
/// them in report order: by ``Section``, then in column order.
public struct SummaryAggregate: Sendable {
    public enum Better: String, Sendable { case higher, lower, neither }

    /// Where an aggregate stands in the report.
    public enum Section: Int, Sendable, Comparable {
        case nominalSeat, zone, overSeats, signalCoherence, roomParameters
        public static func < (a: Section, b: Section) -> Bool { a.rawValue < b.rawValue }
    }

    /// How the aggregate is computed from the values of its metric over one room × mode's seats.
    public enum Statistic: Sendable {
        case atNominalSeat, magnitudeAtNominalSeat
        case percentile(Double), magnitudePercentile(Double), standardDeviation
        /// Where the DRR crosses 0 dB, fitted over the seats on the device's axis.
        case criticalDistanceOnAxis
        /// The slope of that fit, dB per decade of distance.
        case drrSlopeOnAxis
        case zoneArea, zoneFraction
        /// The fraction of seats where the metric has a value.
        case presentFraction
    }

    public var key: String
    public var label: String
    public var better: Better
    /// Worse than the baseline by more than this (in the metric's unit) is a regression.
    public var tolerance: Double
    public var section: Section
    public var statistic: Statistic
    /// The metric it summarizes (set by ``all`` from the descriptor declaring it); nil for the zone.
    public var metric: SeatMetric?

    /// Every aggregate in report order. Tolerances sit above the run-to-run spread of a change that
    /// should not matter (a different FFT size, a resampled head), below a change anyone would hear.
    public static let all: [SummaryAggregate] = {
        let declared =
            SeatMetric.allCases.flatMap { metric in
                metric.descriptor.aggregates.map { aggregate in
                    var bound = aggregate
                    bound.metric = metric
                    return bound
                }
            } + [
                SummaryAggregate(
                    key: "zone_area_m2", label: "listening-zone area (m²)", better: .higher, tolerance: 0.25,
                    section: .zone, statistic: .zoneArea),
                SummaryAggregate(
                    key: "zone_fraction", label: "seats in the listening zone (fraction)", better: .higher,
                    tolerance: 0.03, section: .zone, statistic: .zoneFraction),
            ]
        // A stable sort: within a section, column order.
        return declared.enumerated()
            .sorted { ($0.element.section, $0.offset) < ($1.element.section, $1.offset) }
            .map(\.element)
    }()

    /// The aggregate of `input`, nil when it has no value (e.g. no zone area for a seat list).
    public func value(_ input: SummaryInput) -> Double? {
        let values = metric.map { metric in input.rows.compactMap { $0[metric] } } ?? []
        switch statistic {
        case .atNominalSeat: return metric.flatMap { input.nominal?[$0] }
        case .magnitudeAtNominalSeat: return metric.flatMap { input.nominal?[$0] }.map(abs)
        case .percentile(let p): return Statistics.percentile(values, p)
        case .magnitudePercentile(let p): return Statistics.percentile(values.map(abs), p)
        case .standardDeviation: return Statistics.standardDeviation(values)
        case .criticalDistanceOnAxis: return input.drrFitOnAxis()?.criticalDistance
        case .drrSlopeOnAxis: return input.drrFitOnAxis()?.slopeDBPerDecade
        case .zoneArea: return input.zoneArea
        case .zoneFraction: return Double(input.zoneCount) / Double(max(input.rows.count, 1))
        case .presentFraction: return Double(values.count) / Double(max(input.rows.count, 1))
        }
    }
}

extension SummaryAggregate {
    init(
        _ key: String, _ label: String, _ better: Better, _ tolerance: Double, _ section: Section,
        _ statistic: Statistic
    ) {
        self.init(key: key, label: label, better: better, tolerance: tolerance, section: section, statistic: statistic)
    }

    /// The metric's value at the nominal seat.
    static func atNominalSeat(_ key: String, _ label: String, _ better: Better, tolerance: Double) -> Self {
        Self(key, label, better, tolerance, .nominalSeat, .atNominalSeat)
    }

    /// The magnitude of the metric's value at the nominal seat.
    static func magnitudeAtNominalSeat(_ key: String, _ label: String, _ better: Better, tolerance: Double) -> Self {
        Self(key, label, better, tolerance, .nominalSeat, .magnitudeAtNominalSeat)
    }

    /// The median over the seats that have a value.
    static func median(
        _ key: String, _ label: String, _ better: Better, tolerance: Double = 0, section: Section = .overSeats
    ) -> Self {
        Self(key, label, better, tolerance, section, .percentile(50))
    }

    /// The p-th percentile over the seats that have a value.
    static func percentile(_ p: Double, _ key: String, _ label: String, _ better: Better, tolerance: Double) -> Self {
        Self(key, label, better, tolerance, .overSeats, .percentile(p))
    }

    /// The p-th percentile of the magnitude over the seats.
    static func magnitudePercentile(
        _ p: Double, _ key: String, _ label: String, _ better: Better, tolerance: Double
    ) -> Self {
        Self(key, label, better, tolerance, .overSeats, .magnitudePercentile(p))
    }

    /// The sample standard deviation over the seats.
    static func standardDeviation(_ key: String, _ label: String, _ better: Better, tolerance: Double) -> Self {
        Self(key, label, better, tolerance, .overSeats, .standardDeviation)
    }

    /// The fraction of seats where the metric has a value.
    static func presentFraction(_ key: String, _ label: String, _ better: Better, tolerance: Double) -> Self {
        Self(key, label, better, tolerance, .zone, .presentFraction)
    }

    /// The DRR-based critical distance fitted on the device's axis.
    static func criticalDistanceOnAxis(_ key: String, _ label: String, _ better: Better, tolerance: Double) -> Self {
        Self(key, label, better, tolerance, .overSeats, .criticalDistanceOnAxis)
    }

    /// The DRR-against-distance slope of that fit.
    static func drrSlopeOnAxis(_ key: String, _ label: String, _ better: Better, tolerance: Double) -> Self {
        Self(key, label, better, tolerance, .overSeats, .drrSlopeOnAxis)
    }
}
