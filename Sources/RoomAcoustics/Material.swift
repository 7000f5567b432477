import SoundstageDSP

/// Energy absorption coefficients of a surface per octave band, 63 Hz … 16 kHz (9 bands).
///
/// Fewer values extend flat: a single number applies to every band; values given for 125 Hz …
/// 8 kHz (the usual tables) repeat their first value at 63 Hz and their last at 16 kHz.
public struct Absorption: Sendable, Equatable {
    /// The nine octave bands, 63 Hz … 16 kHz.
    public static let bands = FrequencyBands.simulationOctaves

    /// One coefficient per band in ``bands``, each in [0, 1].
    public var coefficients: [Double]

    /// The same coefficient in every band.
    public init(uniform alpha: Double) { coefficients = Array(repeating: alpha, count: Absorption.bands.count) }

    /// Coefficients for the octave bands starting at `firstBand` Hz (63 or 125), extended flat at both ends.
    public init(values: [Double], firstBand: Double = 125) {
        precondition(!values.isEmpty)
        let offset = Absorption.bands.firstIndex { abs($0.nominal - firstBand) < 1 } ?? 1
        coefficients = Absorption.bands.indices.map { b in values[min(max(b - offset, 0), values.count - 1)] }
    }

    /// Reflection amplitude factor per band, √(1 − α).
    public var reflectionAmplitudes: [Double] { coefficients.map { (1 - $0).squareRoot() } }
}

/// Named surface materials with typical random-incidence absorption coefficients for 125 Hz – 8 kHz.
///
/// Values from M. Vorländer, *Auralization* (Springer 2008), Appendix A, as tabulated in the
/// pyroomacoustics material database; each entry names its original description.
public enum MaterialLibrary {
    public struct Entry: Sendable {
        public let name: String
        public let description: String
        public let absorption: Absorption
    }

    public static let entries: [Entry] = [
        Entry(
            name: "plaster", description: "Walls, hard surfaces average (brick walls, plaster, hard floors)",
            absorption: Absorption(values: [0.02, 0.02, 0.03, 0.03, 0.04, 0.05, 0.05])),
        Entry(
            name: "plasterboard", description: "2 × 13 mm plasterboard on steel frame, mineral wool in cavity, painted",
            absorption: Absorption(values: [0.15, 0.10, 0.06, 0.04, 0.04, 0.05, 0.05])),
        Entry(
            name: "concrete", description: "Rough concrete",
            absorption: Absorption(values: [0.02, 0.03, 0.03, 0.03, 0.04, 0.07, 0.07])),
        Entry(
            name: "brick", description: "Walls, rendered brickwork",
            absorption: Absorption(values: [0.01, 0.02, 0.02, 0.03, 0.03, 0.04, 0.04])),
        Entry(
            name: "ceramic-tiles", description: "Ceramic tiles with a smooth surface",
            absorption: Absorption(values: [0.01, 0.01, 0.01, 0.02, 0.02, 0.02, 0.02])),
        Entry(
            name: "glass", description: "Glass window, 0.68 kg/m²",
            absorption: Absorption(values: [0.10, 0.05, 0.04, 0.03, 0.03, 0.03, 0.03])),
        Entry(
            name: "wood-floor", description: "Wood, stage floor, 2 layers, 27 mm over airspace",
            absorption: Absorption(values: [0.10, 0.07, 0.06, 0.06, 0.06, 0.06])),
        Entry(
            name: "wood-panel", description: "16 mm wood on 40 mm studs",
            absorption: Absorption(values: [0.18, 0.12, 0.10, 0.09, 0.08, 0.07, 0.07])),
        Entry(
            name: "wooden-door", description: "Solid wooden door",
            absorption: Absorption(values: [0.14, 0.10, 0.06, 0.08, 0.10, 0.10, 0.10])),
        Entry(
            name: "carpet", description: "Cotton carpet",
            absorption: Absorption(values: [0.07, 0.31, 0.49, 0.81, 0.66, 0.54, 0.48])),
        Entry(
            name: "carpet-thin", description: "6 mm pile carpet bonded to closed-cell foam underlay",
            absorption: Absorption(values: [0.03, 0.09, 0.25, 0.31, 0.33, 0.44, 0.44])),
        Entry(
            name: "curtains", description: "Cotton curtains (0.5 kg/m²) draped to 3/4 area approx. 130 mm from wall",
            absorption: Absorption(values: [0.30, 0.45, 0.65, 0.56, 0.59, 0.71, 0.71])),
        Entry(
            name: "sofa", description: "Empty chairs upholstered with cloth cover (per m² of seating)",
            absorption: Absorption(values: [0.44, 0.60, 0.77, 0.89, 0.82, 0.70, 0.70])),
        Entry(
            name: "absorber-panel", description: "Rockwool 50 mm, 80 kg/m³",
            absorption: Absorption(values: [0.22, 0.60, 0.92, 0.90, 0.88, 0.88, 0.88])),
    ]

    /// The entry named `name`, or nil.
    public static func absorption(named name: String) -> Absorption? {
        entries.first { $0.name == name }?.absorption
    }
}
