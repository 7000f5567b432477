import Binaural
import Foundation
import RoomAcoustics
import SoundstageDSP

/// A way of driving the speakers that Soundstage compares: one of the built-in modes of its own chain,
/// or a user's filter set under a name of the user's choosing. Two modes are the same mode when their
/// names are equal.
public struct ChainMode: Hashable, Sendable, CustomStringConvertible {
    /// The modes of Soundstage's own chain.
    public enum BuiltIn: String, CaseIterable, Sendable {
        /// Two ordinary loudspeakers at ±30°, equilateral with the nominal seat, fed L and R: the
        /// stereo reference the device tries to mirror.
        case reference
        /// Plain matrix mixing: left midrange L, right midrange R, top midrange, woofer and tweeter the
        /// crossover-filtered sum.
        case matrix
        /// Virtualizer + crosstalk cancellation of L and R on the midranges, no upmix.
        case ctc
        /// Upmix; the centre through the midrange beamformer, L′ and R′ plain on the side midranges.
        case beam
        /// The full chain: upmix; L′ and R′ through virtualizer + CTC; C through the beamformer.
        case spatial
    }

    /// What drives the speakers.
    public enum Kind: Sendable {
        case builtIn(BuiltIn)
        /// Fixed FIR filters from the inputs to the device's drivers (see ``FilterSet``).
        case filters(FilterSet)
    }

    /// The name reports, maps and the gate use.
    public let name: String
    public let kind: Kind

    public init(_ builtIn: BuiltIn) {
        name = builtIn.rawValue
        kind = .builtIn(builtIn)
    }

    /// A filter-set mode; `name` must not be a built-in mode's.
    public init(name: String, filters: FilterSet) {
        self.name = name
        kind = .filters(filters)
    }

    /// The built-in mode called `name`, if any.
    public init?(builtInNamed name: String) {
        guard let builtIn = BuiltIn(rawValue: name) else { return nil }
        self.init(builtIn)
    }

    public static let reference = ChainMode(.reference)
    public static let matrix = ChainMode(.matrix)
    public static let ctc = ChainMode(.ctc)
    public static let beam = ChainMode(.beam)
    public static let spatial = ChainMode(.spatial)
    /// The built-in modes in report order.
    public static let builtIns = BuiltIn.allCases.map(ChainMode.init)

    /// The built-in mode, or nil for a filter set.
    public var builtIn: BuiltIn? {
        if case .builtIn(let b) = kind { return b }
        return nil
    }

    public static func == (a: ChainMode, b: ChainMode) -> Bool { a.name == b.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
    public var description: String { name }
}

/// The head a chain is designed on.
public enum DesignHead: Sendable, Equatable {
    /// Brown & Duda's structural model (8.75 cm), the virtualizer's own head: the default, so a chain
    /// is not designed on the listener it is evaluated with.
    case structural
    /// The study's (or command's) listener head: design and evaluation on one model.
    case listener
    /// A head file (a resolved path).
    case file(String)
}

/// Parameters of the chain (the chain file's keys).
public struct ChainConfiguration: Sendable, Equatable {
    public var crossover = Crossover()
    public var target = CancellationTarget()
    /// Cap on the CTC filters' boost over plain in-phase driving, dB.
    public var boostCapDB = 22.0
    /// What the canceller's regularization penalizes: drive effort or the power radiated into the room.
    public var ctcRegularization = CrosstalkCanceller.Regularization.effort
    /// Cap on the canceller's radiated power over plain driving's, dB (with radiated-power
    /// regularization); nil: none.
    public var ctcRadiationCapDB: Double?
    /// FIR length of the CTC and beamformer filters, taps (modelling delay: half of it).
    public var filterLength = 1024
    /// Virtual speaker angle of the virtualizer, degrees; 0 bypasses the virtualizer (the CTC then
    /// delivers L only to the left ear and R only to the right).
    public var virtualizerAngleDegrees = 30.0
    /// Whether the canceller is designed jointly over seats around the nominal one (±`robustSpread`
    /// metres sideways and in depth) instead of the nominal seat alone.
    public var robustCTC = false
    public var robustSpread = 0.1
    /// Driver tolerances the canceller is designed to withstand (jointly over 32 seeded draws of each
    /// midrange's gain within ±`ctcToleranceDB` and phase within ±`ctcToleranceDegrees`); 0: none.
    public var ctcToleranceDB = 0.0
    public var ctcToleranceDegrees = 0.0
    /// Smoothing of the upmix's cross-spectra, seconds.
    public var upmixSmoothingSeconds = 0.2
    /// White-noise-gain floor of the beamformer, dB.
    public var beamWNGFloorDB = -10.0
    /// Where the beamformer's design objective looks: the whole sphere, or the horizontal plane only.
    public var beamObjective = CentreBeamformer.Objective.sphere
    /// Nominal listening geometry the filters are designed for: distance in front of the device and
    /// ear height above the device centre, metres.
    public var nominalDistance = 2.0
    public var nominalEarHeight = 0.2
    /// The head the canceller is designed on, so a study evaluates on another head than the one its
    /// chain was designed on (the virtualizer always uses the structural model).
    public var designHead = DesignHead.structural

    public init() {}
}

/// The reference stereo pair: two loudspeakers at ±30° seen from the nominal seat, 2 m from it, at
/// the device's height, aimed at the seat (4″ pistons). Positions in the device frame.
public enum ReferencePair {
    public static func device(configuration: ChainConfiguration, placedLike device: Device) -> Device {
        let seat = Vector3(configuration.nominalDistance, 0, 0)
        let speakers = [30.0, -30.0].map { angle -> Driver in
            let a = angle * Double.pi / 180
            // From the seat, looking back at the device (−x), a speaker at +30° is to the seat's left,
            // which is the device's right... so mirror: the listener's left is the device frame's −y.
            let position = seat + configuration.nominalDistance * Vector3(-cos(a), -sin(a), 0)
            return Driver(
                name: angle > 0 ? "reference-left" : "reference-right", position: position,
                axis: (seat - position).normalized, directivity: .piston(radius: 0.05))
        }
        return Device(
            name: "reference-pair", drivers: speakers, position: device.position, yawRadians: device.yawRadians)
    }
}
