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

    /// One coefficient per band of ``bands``.
    public init(coefficients: [Double]) {
        precondition(coefficients.count == Absorption.bands.count)
        self.coefficients = coefficients
    }

    /// Coefficients for the octave bands starting at `firstBand` Hz (63 or 125), extended flat at both ends.
    public init(values: [Double], firstBand: Double = 125) {
        precondition(!values.isEmpty)
        let offset = Absorption.bands.firstIndex { abs($0.nominal - firstBand) < 1 } ?? 1
        coefficients = Absorption.bands.indices.map { b in values[min(max(b - offset, 0), values.count - 1)] }
    }

    /// Reflection amplitude factor per band, √(1 − α).
    public var reflectionAmplitudes: [Double] { coefficients.map { (1 - $0).squareRoot() } }
}

/// Random-incidence scattering coefficients of a surface per octave band (ISO 17497-1): the share
/// s of the *reflected* energy that leaves the surface diffusely instead of specularly, 63 Hz … 16 kHz
/// (the bands of ``Absorption/bands``). Fewer values extend flat like ``Absorption``'s.
public struct Scattering: Sendable, Equatable {
    /// One coefficient per band, each in [0, 1].
    public var coefficients: [Double]

    /// No scattering: a purely specular surface.
    public static let none = Scattering(uniform: 0)

    /// The same coefficient in every band.
    public init(uniform s: Double) { coefficients = Array(repeating: s, count: Absorption.bands.count) }

    /// One coefficient per band of ``Absorption/bands``.
    public init(coefficients: [Double]) {
        precondition(coefficients.count == Absorption.bands.count)
        self.coefficients = coefficients
    }

    /// Coefficients for the octave bands starting at `firstBand` Hz (63 or 125), extended flat at both ends.
    public init(values: [Double], firstBand: Double = 125) {
        coefficients = Absorption(values: values, firstBand: firstBand).coefficients
    }

    /// Whether every band is 0.
    public var isZero: Bool { coefficients.allSatisfy { $0 == 0 } }
}

/// How one reflection splits the energy arriving at a surface (per band): α is absorbed, the rest
/// reflected, and of the reflected part s leaves diffusely (ISO 17497-1's definition of s).
public enum ReflectionEnergy {
    /// Energy kept by the specular reflection, (1 − α)(1 − s), per unit incident energy.
    @inlinable public static func specular(absorption a: Double, scattering s: Double) -> Double { (1 - a) * (1 - s) }

    /// Energy scattered diffusely, (1 − α)·s, per unit incident energy.
    @inlinable public static func scattered(absorption a: Double, scattering s: Double) -> Double { (1 - a) * s }
}

/// Named surface materials with typical random-incidence absorption coefficients for 125 Hz – 8 kHz.
///
/// Absorption from M. Vorländer, *Auralization* (Springer 2008), Appendix A, as tabulated in the
/// pyroomacoustics material database; each entry names its original description. Scattering: these
/// surfaces are smooth at room-acoustic wavelengths, so they carry 0.05 in every band, the upper value
/// of "smooth surfaces in general" (0.02–0.05 at 707 Hz) in the ODEON manual's table of recommended
/// scattering coefficients (C. L. Christensen, *ODEON Room Acoustics Software User's Manual*); the
/// upholstered seating carries Vorländer's "theatre audience" profile (Appendix B). Scattering-only
/// profiles for furniture and diffusers are in ``ScatteringLibrary``.
public enum MaterialLibrary {
    /// The scattering of the smooth surfaces.
    static let smooth = Scattering(uniform: 0.05)
    /// The scattering of upholstered seating (Vorländer's theatre audience).
    static let seating = Scattering(values: [0.3, 0.5, 0.6, 0.6, 0.7, 0.7, 0.7])

    public struct Entry: Sendable {
        public let name: String
        public let description: String
        public let absorption: Absorption
        /// Mid-frequency scattering applied in every band, or a per-band profile (see ``MaterialLibrary``).
        public let scattering: Scattering
    }

    public static let entries: [Entry] = [
        Entry(
            name: "plaster", description: "Walls, hard surfaces average (brick walls, plaster, hard floors)",
            absorption: Absorption(values: [0.02, 0.02, 0.03, 0.03, 0.04, 0.05, 0.05]), scattering: smooth),
        Entry(
            name: "plasterboard", description: "2 × 13 mm plasterboard on steel frame, mineral wool in cavity, painted",
            absorption: Absorption(values: [0.15, 0.10, 0.06, 0.04, 0.04, 0.05, 0.05]), scattering: smooth),
        Entry(
            name: "concrete", description: "Rough concrete",
            absorption: Absorption(values: [0.02, 0.03, 0.03, 0.03, 0.04, 0.07, 0.07]), scattering: smooth),
        Entry(
            name: "brick", description: "Walls, rendered brickwork",
            absorption: Absorption(values: [0.01, 0.02, 0.02, 0.03, 0.03, 0.04, 0.04]), scattering: smooth),
        Entry(
            name: "ceramic-tiles", description: "Ceramic tiles with a smooth surface",
            absorption: Absorption(values: [0.01, 0.01, 0.01, 0.02, 0.02, 0.02, 0.02]), scattering: smooth),
        Entry(
            name: "glass", description: "Glass window, 0.68 kg/m²",
            absorption: Absorption(values: [0.10, 0.05, 0.04, 0.03, 0.03, 0.03, 0.03]), scattering: smooth),
        Entry(
            name: "wood-floor", description: "Wood, stage floor, 2 layers, 27 mm over airspace",
            absorption: Absorption(values: [0.10, 0.07, 0.06, 0.06, 0.06, 0.06]), scattering: smooth),
        Entry(
            name: "wood-panel", description: "16 mm wood on 40 mm studs",
            absorption: Absorption(values: [0.18, 0.12, 0.10, 0.09, 0.08, 0.07, 0.07]), scattering: smooth),
        Entry(
            name: "wooden-door", description: "Solid wooden door",
            absorption: Absorption(values: [0.14, 0.10, 0.06, 0.08, 0.10, 0.10, 0.10]), scattering: smooth),
        Entry(
            name: "carpet", description: "Cotton carpet",
            absorption: Absorption(values: [0.07, 0.31, 0.49, 0.81, 0.66, 0.54, 0.48]), scattering: smooth),
        Entry(
            name: "carpet-thin", description: "6 mm pile carpet bonded to closed-cell foam underlay",
            absorption: Absorption(values: [0.03, 0.09, 0.25, 0.31, 0.33, 0.44, 0.44]), scattering: smooth),
        Entry(
            name: "curtains", description: "Cotton curtains (0.5 kg/m²) draped to 3/4 area approx. 130 mm from wall",
            absorption: Absorption(values: [0.30, 0.45, 0.65, 0.56, 0.59, 0.71, 0.71]), scattering: smooth),
        Entry(
            name: "sofa", description: "Empty chairs upholstered with cloth cover (per m² of seating)",
            absorption: Absorption(values: [0.44, 0.60, 0.77, 0.89, 0.82, 0.70, 0.70]), scattering: seating),
        Entry(
            name: "absorber-panel", description: "Rockwool 50 mm, 80 kg/m³",
            absorption: Absorption(values: [0.22, 0.60, 0.92, 0.90, 0.88, 0.88, 0.88]), scattering: smooth),
    ]

    /// The entry named `name`, or nil.
    public static func absorption(named name: String) -> Absorption? {
        entries.first { $0.name == name }?.absorption
    }

    /// The entry named `name`, or nil.
    public static func entry(named name: String) -> Entry? { entries.first { $0.name == name } }
}

/// Named scattering profiles for surfaces and what stands in front of them (furniture, shelving,
/// diffusers), usable in a room file's `scattering:` keys.
///
/// Per-band profiles from M. Vorländer, *Auralization* (Springer 2008), Appendix B, as tabulated in the
/// pyroomacoustics material database (125 Hz – 8 kHz, extended flat); flat mid-frequency values from
/// the ODEON manual's table of recommended scattering coefficients (C. L. Christensen).
public enum ScatteringLibrary {
    public struct Entry: Sendable {
        public let name: String
        public let description: String
        public let scattering: Scattering
    }

    public static let entries: [Entry] = [
        Entry(
            name: "classroom-tables", description: "Rows of classroom tables and persons on chairs (Vorländer)",
            scattering: Scattering(values: [0.2, 0.3, 0.4, 0.5, 0.5, 0.6, 0.6])),
        Entry(
            name: "theatre-audience", description: "Theatre audience (Vorländer)",
            scattering: Scattering(values: [0.3, 0.5, 0.6, 0.6, 0.7, 0.7, 0.7])),
        Entry(
            name: "amphitheatre-steps", description: "Amphitheatre steps, 82 cm long, 30 cm high (Vorländer)",
            scattering: Scattering(values: [0.05, 0.45, 0.75, 0.9, 0.9])),
        Entry(
            name: "rect-prism-boxes",
            description: "Rectangular and prism boxes, studio wall, Round Robin III (Vorländer)",
            scattering: Scattering(values: [0.50, 0.90, 0.95, 0.95, 0.95, 0.95])),
        Entry(
            name: "trapezoidal-boxes", description: "Trapezoidal boxes, studio ceiling, Round Robin III (Vorländer)",
            scattering: Scattering(values: [0.13, 0.56, 0.95, 0.95, 0.95, 0.95])),
        Entry(
            name: "rpg-skyline", description: "RPG Skyline diffuser (Vorländer)",
            scattering: Scattering(values: [0.01, 0.08, 0.45, 0.82, 1.0])),
        Entry(
            name: "rpg-qrd", description: "RPG QRD diffuser (Vorländer)",
            scattering: Scattering(values: [0.06, 0.15, 0.45, 0.95, 0.88, 0.91])),
        Entry(
            name: "bookshelf", description: "Bookshelf with some books, 0.3 at mid frequencies (ODEON)",
            scattering: Scattering(uniform: 0.3)),
        Entry(
            name: "rough-structures", description: "Rough building structures 0.3–0.5 m deep, 0.4 (ODEON)",
            scattering: Scattering(uniform: 0.4)),
    ]

    /// The profile named `name`, or nil.
    public static func scattering(named name: String) -> Scattering? {
        entries.first { $0.name == name }?.scattering
    }
}
