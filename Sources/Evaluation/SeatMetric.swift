/// The metrics computed for one mode at one seat: each is one column of `results.csv`, and its
/// ``descriptor`` is the one place that says how it is written, summarized, mapped and gated.
///
/// Adding a metric: a case here (in column order), its descriptor below, and its computation in
/// ``SeatEvaluator``. The CSV writer and reader, the summary, the maps and the gate read the
/// descriptors and need no change.
public enum SeatMetric: Int, CaseIterable, Sendable {
    case width, centerError
    case leftImage, rightImage, centerImage
    case leftImageSpread, rightImageSpread, centerImageSpread
    case leftImageConfidence, rightImageConfidence, centerImageConfidence
    case separation, lagLead, lateralFraction, earlyReflection, earlyReflectionAzimuth
    case iaccE3, iaccL3, coherence, drr, sourceDistance, criticalDistance, coloration, t30, c80

    /// "left", "right" or "center" for the image metrics.
    var imageName: String {
        switch self {
        case .leftImage, .leftImageSpread, .leftImageConfidence: "left"
        case .rightImage, .rightImageSpread, .rightImageConfidence: "right"
        default: "center"
        }
    }

    /// The test signal behind an image metric.
    var imageSignal: String {
        switch imageName {
        case "left": "hard-left"
        case "right": "hard-right"
        default: "centre-panned"
        }
    }

    /// How this metric is written, summarized and mapped.
    public var descriptor: SeatMetricDescriptor {
        switch self {
        case .width:
            SeatMetricDescriptor(
                column: "width_deg",
                meaning: "image width: left_image_deg − right_image_deg, degrees; empty when either image is not"
                    + " localizable",
                decimals: 2,
                isOptional: true,
                aggregates: [
                    .atNominalSeat("nominal_width_deg", "width at the nominal seat (°)", .higher, tolerance: 2),
                    .median("width_median_deg", "width, median over localizable seats (°)", .higher, tolerance: 2),
                    .percentile(10, "width_p10_deg", "width, 10th percentile (°)", .higher, tolerance: 3),
                    .presentFraction(
                        "width_localizable_fraction", "seats with both images localizable (fraction)", .higher,
                        tolerance: 0.03),
                ],
                map: MapScale(key: "width", title: "image width", unit: "°", range: 0...90))
        case .centerError:
            SeatMetricDescriptor(
                column: "center_error_deg",
                meaning:
                    "phantom-centre error: center_image_deg minus the device's direction from the seat, degrees"
                    + " (positive: to the listener's left); empty when the centre image is not localizable",
                decimals: 2,
                isOptional: true,
                aggregates: [
                    .magnitudeAtNominalSeat(
                        "nominal_abs_center_error_deg", "|centre error| at the nominal seat (°)", .lower, tolerance: 2),
                    .standardDeviation(
                        "center_error_sd_deg", "centre error, standard deviation (°)", .lower, tolerance: 1),
                    .magnitudePercentile(
                        95, "center_error_p95_deg", "|centre error|, 95th percentile (°)", .lower, tolerance: 2),
                ],
                map: MapScale(key: "center-error", title: "phantom-centre error", unit: "°", range: -30...30))
        case .leftImage, .rightImage, .centerImage:
            SeatMetricDescriptor(
                column: "\(imageName)_image_deg",
                meaning: "lateral angle of the \(imageSignal) image (auditory model), degrees, positive to the"
                    + " listener's left; empty when not localizable",
                decimals: 2,
                isOptional: true)
        case .leftImageSpread, .rightImageSpread, .centerImageSpread:
            SeatMetricDescriptor(
                column: "\(imageName)_image_spread_deg",
                meaning: "spread of the \(imageSignal) image: weighted SD of the selected band/frame angles, degrees",
                decimals: 2)
        case .leftImageConfidence, .rightImageConfidence, .centerImageConfidence:
            SeatMetricDescriptor(
                column: "\(imageName)_image_confidence",
                meaning: "share 0–1 of the \(imageSignal) signal's audible band/frame cues that passed the model's"
                    + " coherence and precedence tests",
                decimals: 3)
        case .separation:
            SeatMetricDescriptor(
                column: "separation_db",
                meaning: "channel separation at the ears for hard-left/right pink noise (expected spectra of the first"
                    + " 210 ms), 250 Hz–4 kHz, dB (higher is better; virtualizer bypassed)",
                decimals: 2,
                aggregates: [
                    .atNominalSeat(
                        "nominal_separation_db", "separation at the nominal seat (dB)", .higher, tolerance: 1),
                    .median("separation_median_db", "separation, median (dB)", .higher, tolerance: 1),
                ],
                map: MapScale(key: "separation", title: "channel separation", unit: "dB", range: -5...25))
        case .lagLead:
            SeatMetricDescriptor(
                column: "lag_lead_db",
                meaning: "room response 1–30 ms after the direct sound relative to the direct sound, 500 Hz–2 kHz,"
                    + " summed over the hard-left, hard-right and centre signals, dB (model-free: above about"
                    + " +10 dB reflections can take the image)",
                decimals: 2,
                isOptional: true,
                aggregates: [
                    .median("lag_lead_median_db", "lag/lead energy 1–30 ms, median (dB)", .lower, tolerance: 0.5)
                ])
        case .lateralFraction:
            SeatMetricDescriptor(
                column: "jlf",
                meaning: "early lateral energy fraction J_LF (ISO 3382-1): figure-of-eight along the ears 5–80 ms over"
                    + " omni 0–80 ms at the listener's position, 125 Hz–1 kHz octaves, summed over the hard-left,"
                    + " hard-right and centre signals, 0–1 (0: nothing from the sides)",
                decimals: 4,
                isOptional: true,
                aggregates: [
                    .atNominalSeat("nominal_jlf", "J_LF at the nominal seat", .neither, tolerance: 0.02),
                    .median("jlf_median", "J_LF, median", .neither, tolerance: 0.02),
                ])
        case .earlyReflection:
            SeatMetricDescriptor(
                column: "early_reflection_db",
                meaning: "the strongest early reflection (2 ms window, 1–80 ms after the direct sound, 500 Hz–2 kHz,"
                    + " omni, over the three signals) relative to the direct sound, dB",
                decimals: 2,
                isOptional: true,
                aggregates: [
                    .atNominalSeat(
                        "nominal_early_reflection_db", "strongest early reflection at the nominal seat (dB re direct)",
                        .lower, tolerance: 1),
                    .median(
                        "early_reflection_median_db", "strongest early reflection, median (dB re direct)", .lower,
                        tolerance: 1),
                ])
        case .earlyReflectionAzimuth:
            SeatMetricDescriptor(
                column: "early_reflection_azimuth_deg",
                meaning:
                    "where that reflection comes from: azimuth of its intensity, degrees from the listener's front,"
                    + " positive to the left",
                decimals: 1,
                isOptional: true)
        case .iaccE3:
            SeatMetricDescriptor(
                column: "iacc_e3",
                meaning: "IACC_E3 of the centre path (mean 0–80 ms IACC, 500/1000/2000 Hz octaves), 0–1",
                decimals: 4,
                aggregates: [.median("iacc_e3_median", "IACC_E3, median", .neither, section: .roomParameters)])
        case .iaccL3:
            SeatMetricDescriptor(
                column: "iacc_l3",
                meaning: "IACC_L3 of the centre path (mean 80 ms–end IACC, same octaves), 0–1",
                decimals: 4)
        case .coherence:
            SeatMetricDescriptor(
                column: "coherence",
                meaning:
                    "interaural coherence of centre-panned pink noise, mean of the 500 Hz–2 kHz third octaves, 0–1",
                decimals: 4,
                aggregates: [
                    .median(
                        "coherence_median", "centre coherence 0.5–2 kHz, median", .neither, section: .signalCoherence)
                ])
        case .drr:
            SeatMetricDescriptor(
                column: "drr_db",
                meaning:
                    "direct-to-reverberant ratio of the centre path at the listener's position (omni), 500 Hz–2 kHz"
                    + " octaves, with the simulator's exact direct sound (no time window), dB",
                decimals: 2,
                isOptional: true,
                aggregates: [.median("drr_median_db", "DRR, median (dB)", .higher, tolerance: 0.5)])
        case .sourceDistance:
            SeatMetricDescriptor(
                column: "source_distance_m",
                meaning: "distance from the listener to the mode's sources, one number: (Σ w/Σ w·r⁻²)^½ over the"
                    + " sources' direct energies w (each speaker of the reference pair at its own distance), metres",
                decimals: 3,
                isOptional: true)
        case .criticalDistance:
            SeatMetricDescriptor(
                column: "critical_distance_m",
                meaning: "critical distance 0.057·√(Q·V/T30) with the mode's measured centre-path Q (500 Hz–2 kHz;"
                    + " for the reference pair one speaker's Q) and this seat's T30, metres",
                decimals: 3,
                isOptional: true,
                aggregates: [
                    .median(
                        "critical_distance_m", "critical distance, theory with measured Q and T (m)", .higher,
                        tolerance: 0.05),
                    .criticalDistanceOnAxis(
                        "critical_distance_measured_m", "critical distance, measured from DRR on the axis (m)", .higher,
                        tolerance: 0.15),
                    .drrSlopeOnAxis(
                        "drr_slope_db_per_decade", "DRR slope of that fit (dB per decade of distance; −20 is ideal)",
                        .neither, tolerance: 3),
                ])
        case .coloration:
            SeatMetricDescriptor(
                column: "coloration_db",
                meaning: "RMS over 100 Hz–10 kHz third octaves of the centre path's summed-ear level re the reference"
                    + " pair's at the same seat, mean removed, dB",
                decimals: 2,
                aggregates: [
                    .median("coloration_median_db", "coloration re reference, median (dB)", .lower, tolerance: 0.5)
                ])
        case .t30:
            SeatMetricDescriptor(
                column: "t30_s",
                meaning: "T30 of the centre path, mean of the 500 Hz and 1 kHz octaves, seconds",
                decimals: 3,
                isOptional: true,
                aggregates: [.median("t30_median_s", "T30, median (s)", .neither, section: .roomParameters)])
        case .c80:
            SeatMetricDescriptor(
                column: "c80_db",
                meaning: "C80 of the centre path, mean of the 500 Hz and 1 kHz octaves, dB",
                decimals: 2,
                isOptional: true,
                aggregates: [.median("c80_median_db", "C80, median (dB)", .neither, section: .roomParameters)])
        }
    }
}

/// How a per-seat metric is written to `results.csv`, summarized and mapped.
public struct SeatMetricDescriptor: Sendable {
    /// Column name in `results.csv` (unit as its suffix).
    public var column: String
    /// What the number is, with its unit (README's column table says the same).
    public var meaning: String
    /// Decimals written; values are read back at this precision.
    public var decimals: Int
    /// Whether the value may be missing (a field left empty: e.g. no T30 in the free field).
    public var isOptional: Bool
    /// The aggregates `summary.json` reports (and the gate checks) for this metric.
    public var aggregates: [SummaryAggregate]
    /// The colour scale of its listening-zone maps; nil: not mapped.
    public var map: MapScale?

    public init(
        column: String, meaning: String, decimals: Int, isOptional: Bool = false, aggregates: [SummaryAggregate] = [],
        map: MapScale? = nil
    ) {
        self.column = column
        self.meaning = meaning
        self.decimals = decimals
        self.isOptional = isOptional
        self.aggregates = aggregates
        self.map = map
    }
}

/// A listening-zone map's look: file-name key, title, unit and the fixed colour range.
public struct MapScale: Sendable {
    public var key: String
    public var title: String
    public var unit: String
    public var range: ClosedRange<Double>
}

/// The metrics of one mode at one seat (one row of `results.csv`), one value per ``SeatMetric``.
public struct SeatMetrics: Sendable, Equatable {
    private var values: [Double?]

    /// Every metric missing.
    public init() { values = Array(repeating: nil, count: SeatMetric.allCases.count) }

    /// The given metrics; the others missing.
    public init(_ given: [SeatMetric: Double]) {
        self.init()
        for (metric, value) in given { self[metric] = value }
    }

    /// The value of `metric`, nil when it cannot exist at this seat.
    public subscript(metric: SeatMetric) -> Double? {
        get { values[metric.rawValue] }
        set {
            precondition(newValue?.isFinite ?? true, "non-finite \(metric.descriptor.column)")
            values[metric.rawValue] = newValue
        }
    }
}
