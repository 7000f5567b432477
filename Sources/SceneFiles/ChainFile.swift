import Binaural
import Evaluation
import Foundation
import SpatialChain

/// Reads chain files (YAML); every key is optional and defaults to the built-in design.
///
/// ```yaml
/// crossover_low_hz: 200          # woofer / midrange
/// crossover_high_hz: 5000        # midrange / tweeter
/// ctc_depth_db: 20               # target cancellation between the corners below
/// ctc_band_hz: [150, 500, 4000, 12000]   # none below, full from, full to, none above
/// ctc_boost_cap_db: 22           # cap on the canceller's boost over plain driving
/// ctc_robust: false              # design over seats ±0.1 m around the nominal one
/// ctc_tolerance_db: 0            # design over 32 draws of the midranges' gain within ±this (dB)
/// ctc_tolerance_deg: 0           # … and phase within ±this (degrees)
/// ctc_regularization: effort     # effort (drive power), radiated-power (into the room) or side-power
///                                # (toward the side walls: azimuth 45–135° either side, elevation ±30°)
/// ctc_radiation_cap_db: 6        # with radiated- or side-power: at most this much more power there than plain driving
/// filter_taps: 1024              # CTC and beamformer FIR length (modelling delay: half)
/// virtualizer_deg: 30            # virtual speaker angle; 0 bypasses the virtualizer
/// upmix_smoothing_s: 0.2
/// beam_wng_floor_db: -10
/// beam_objective: sphere         # the beam's design objective: the whole sphere, or horizontal
/// nominal_distance_m: 2.0        # design seat: distance in front of the device
/// nominal_ear_height_m: 0.2      # and ear height above the device centre
/// design_head: structural       # the canceller's design head: structural (default), listener or a head file
/// ```
public enum ChainFile {
    public static func load(_ file: String) throws -> ChainConfiguration { try parse(SceneNode.load(file: file)) }

    /// A chain key that is one number: its name, allowed range, unit and field.
    public struct NumericKey: @unchecked Sendable {  // key paths are immutable values
        public let name: String
        public let range: ClosedRange<Double>
        public let unit: String
        public let path: WritableKeyPath<ChainConfiguration, Double>
    }

    /// The chain's one-number keys (also what `soundstage tune` can search).
    public static let numericKeys: [NumericKey] = [
        NumericKey(name: "crossover_low_hz", range: 40...1000, unit: "Hz", path: \.crossover.lowHz),
        NumericKey(name: "crossover_high_hz", range: 1000...16000, unit: "Hz", path: \.crossover.highHz),
        NumericKey(name: "ctc_depth_db", range: 0...40, unit: "dB", path: \.target.depthDB),
        NumericKey(name: "ctc_boost_cap_db", range: 0...40, unit: "dB", path: \.boostCapDB),
        NumericKey(name: "ctc_tolerance_db", range: 0...6, unit: "dB", path: \.ctcToleranceDB),
        NumericKey(name: "ctc_tolerance_deg", range: 0...90, unit: "°", path: \.ctcToleranceDegrees),
        NumericKey(name: "virtualizer_deg", range: 0...90, unit: "°", path: \.virtualizerAngleDegrees),
        NumericKey(name: "upmix_smoothing_s", range: 0.005...5, unit: "s", path: \.upmixSmoothingSeconds),
        NumericKey(name: "beam_wng_floor_db", range: -40...10, unit: "dB", path: \.beamWNGFloorDB),
        NumericKey(name: "nominal_distance_m", range: 0.5...10, unit: "m", path: \.nominalDistance),
        NumericKey(name: "nominal_ear_height_m", range: -2...2, unit: "m", path: \.nominalEarHeight),
    ]

    /// `configuration` as a chain file that parses back to it (`design_head` as its resolved path).
    public static func yaml(_ c: ChainConfiguration) -> String {
        var text = ""
        for key in numericKeys { text += "\(key.name): \(c[keyPath: key.path])\n" }
        let t = c.target
        text += "ctc_band_hz: [\(t.lowStart), \(t.lowFull), \(t.highFull), \(t.highEnd)]\n"
        text += "ctc_robust: \(c.robustCTC)\nctc_regularization: \(c.ctcRegularization.rawValue)\n"
        if let cap = c.ctcRadiationCapDB { text += "ctc_radiation_cap_db: \(cap)\n" }
        text += "filter_taps: \(c.filterLength)\n"
        text += "beam_objective: \(c.beamObjective.rawValue)\n"
        switch c.designHead {
        case .structural: text += "design_head: structural\n"
        case .listener: text += "design_head: listener\n"
        case .file(let path): text += "design_head: \(path)\n"
        }
        return text
    }

    /// The head `configuration` is designed on: the structural model, the `listener`, or a head file.
    public static func designHead(
        _ configuration: ChainConfiguration, listener: any HeadModel, sampleRate: Double
    ) throws -> any HeadModel {
        switch configuration.designHead {
        case .structural: return StructuralHead()
        case .listener: return listener
        case .file(let path): return try HeadFile.load(path, sampleRate: sampleRate)
        }
    }

    public static func parse(_ root: SceneNode) throws -> ChainConfiguration {
        try root.requireKeys(in: [
            "crossover_low_hz", "crossover_high_hz", "ctc_depth_db", "ctc_band_hz", "ctc_boost_cap_db", "ctc_robust",
            "ctc_regularization", "ctc_radiation_cap_db", "ctc_tolerance_db", "ctc_tolerance_deg",
            "filter_taps",
            "virtualizer_deg", "upmix_smoothing_s", "beam_wng_floor_db", "nominal_distance_m", "nominal_ear_height_m",
            "beam_objective", "design_head",
            "description",
        ])
        var c = ChainConfiguration()
        for key in numericKeys {
            if let n = try root.optional(key.name) {
                c[keyPath: key.path] = try n.number(in: key.range, unit: key.unit)
            }
        }
        guard c.crossover.lowHz < c.crossover.highHz else {
            throw InputError(root.file, "crossover_low_hz must be below crossover_high_hz")
        }
        try parseCanceller(root, into: &c)
        if let n = try root.optional("filter_taps") {
            let taps = try n.integer()
            guard [256, 512, 1024, 2048, 4096].contains(taps) else {
                throw n.fail("must be 256, 512, 1024, 2048 or 4096, got \(taps)")
            }
            c.filterLength = taps
        }
        if let n = try root.optional("beam_objective") {
            let name = try n.string()
            guard let value = CentreBeamformer.Objective(rawValue: name) else {
                throw n.fail("unknown beam objective '\(name)' (allowed: sphere, horizontal)")
            }
            c.beamObjective = value
        }
        if let n = try root.optional("design_head") {
            let path = try n.string()
            let folder = URL(fileURLWithPath: root.file).deletingLastPathComponent()
            switch path {
            case "structural": c.designHead = .structural
            case "listener": c.designHead = .listener
            default:
                c.designHead = .file(
                    path.hasPrefix("/") ? path : folder.appendingPathComponent(path).standardizedFileURL.path)
            }
        }
        return c
    }

    /// Reads the canceller's keys: target depth and band, boost cap, robustness, regularization and
    /// radiation cap.
    private static func parseCanceller(_ root: SceneNode, into c: inout ChainConfiguration) throws {
        if let n = try root.optional("ctc_band_hz") {
            let b = try n.numbers(count: 4)
            guard b[0] > 0, b[0] < b[1], b[1] <= b[2], b[2] < b[3] else {
                throw n.fail("expected four ascending frequencies [none below, full from, full to, none above]")
            }
            (c.target.lowStart, c.target.lowFull, c.target.highFull, c.target.highEnd) = (b[0], b[1], b[2], b[3])
        }
        if let n = try root.optional("ctc_robust") { c.robustCTC = try n.bool() }
        if let n = try root.optional("ctc_regularization") {
            let name = try n.string()
            guard let value = CrosstalkCanceller.Regularization(rawValue: name) else {
                throw n.fail(
                    "unknown regularization '\(name)' (allowed: "
                        + "\(CrosstalkCanceller.Regularization.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            c.ctcRegularization = value
        }
        if let n = try root.optional("ctc_radiation_cap_db") {
            guard c.ctcRegularization != .effort else {
                throw n.fail("a radiation cap needs 'ctc_regularization: radiated-power' or 'side-power'")
            }
            c.ctcRadiationCapDB = try n.number(in: -20...40, unit: "dB")
        }
    }
}
