import Foundation

/// Octave and third-octave bands with IEC 61260-1 base-10 mid-band frequencies.
///
/// Exact mid-band frequencies are f_m = 1000·G^(x/b) Hz with G = 10^(3/10) and b = 1 (octave) or
/// 3 (third octave); band edges are f_m·G^(∓1/(2b)). Nominal centres (31.5, 63, 125, … 16000) are
/// the rounded labels IEC 61260-1 Annex E assigns to them.
public struct FrequencyBand: Sendable, Hashable {
    /// Exact mid-band frequency in Hz.
    public let centre: Double
    /// Nominal label in Hz (e.g. 63 for the band whose exact centre is 63.0957 Hz).
    public let nominal: Double
    /// Lower and upper band edges in Hz.
    public let lower: Double, upper: Double

    public init(centre: Double, nominal: Double, lower: Double, upper: Double) {
        self.centre = centre
        self.nominal = nominal
        self.lower = lower
        self.upper = upper
    }

    /// Nominal centre as printed in tables and used as a JSON key: "63", "1000", "31.5".
    public var label: String {
        nominal == nominal.rounded() ? String(Int(nominal)) : String(nominal)
    }
}

public enum FrequencyBands {
    /// The nine octave bands 63 Hz … 16 kHz that rooms, materials and head tables are given in.
    public static let simulationOctaves = octaves(from: 63, to: 16000)

    private static let g = pow(10.0, 0.3)
    private static let thirdOctaveNominal: [Double] = [
        10, 12.5, 16, 20, 25, 31.5, 40, 50, 63, 80, 100, 125, 160, 200, 250, 315, 400, 500, 630, 800,
        1000, 1250, 1600, 2000, 2500, 3150, 4000, 5000, 6300, 8000, 10000, 12500, 16000, 20000,
    ]

    /// The band of fractional-octave bandwidth 1/`fraction` (1 or 3) with index `x` from 1 kHz.
    public static func band(index x: Int, fraction b: Int) -> FrequencyBand {
        precondition(b == 1 || b == 3, "only octave (1) and third-octave (3) bands are supported")
        let centre = 1000 * pow(g, Double(x) / Double(b))
        let half = pow(g, 1 / (2 * Double(b)))
        let thirdIndex = x * (3 / b) + 20  // position of this centre in `thirdOctaveNominal`
        let nominal = thirdOctaveNominal.indices.contains(thirdIndex) ? thirdOctaveNominal[thirdIndex] : centre
        return FrequencyBand(centre: centre, nominal: nominal, lower: centre / half, upper: centre * half)
    }

    /// Octave bands whose nominal centres lie in `lowest…highest` Hz (e.g. 63…16000).
    public static func octaves(from lowest: Double = 63, to highest: Double = 16000) -> [FrequencyBand] {
        bands(fraction: 1, from: lowest, to: highest)
    }

    /// Third-octave bands whose nominal centres lie in `lowest…highest` Hz.
    public static func thirdOctaves(from lowest: Double = 50, to highest: Double = 16000) -> [FrequencyBand] {
        bands(fraction: 3, from: lowest, to: highest)
    }

    private static func bands(fraction: Int, from lowest: Double, to highest: Double) -> [FrequencyBand] {
        (-30...13).map { band(index: $0, fraction: fraction) }
            .filter { $0.nominal >= lowest * 0.99 && $0.nominal <= highest * 1.01 }
    }
}
