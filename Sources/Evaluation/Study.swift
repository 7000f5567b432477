import Binaural
import Foundation
import RoomAcoustics
import SpatialChain

/// A study: which rooms, device, listeners, chain and modes a sweep evaluates, read from a study
/// file (YAML) and validated completely before any work starts. See README "Study files".
///
/// ```yaml
/// name: default
/// rooms:                                   # room files, relative to this file
///   - ../Rooms/living-room.yaml            # device where the room file's 'device' key says
///   - {file: ../Rooms/live-room.yaml, device: {position: [1, 4, 1], yaw_deg: 0}, brir_seconds: 2}
/// seats: ../Listeners/sofa-grid.yaml       # a seat-set file, the seat set inline, or a list of them
/// modes: [reference, matrix, ctc, beam, spatial]
/// device: echo-studio                      # or a device file
/// head: ../Listeners/sphere.yaml           # optional, default the 8.75 cm sphere
/// chain: ../Chains/default.yaml            # optional: a chain file or its keys inline
/// signals: {seconds: 0.5, seed: 1}         # seeded pink-noise test signals
/// localization_window_ms: 30               # room response the image metrics hear after the direct sound
/// zone: {max_centre_error_deg: 10, min_width_deg: 40}
/// ```
public struct Study: Sendable {
    /// One room of the study with the device placed in it.
    public struct RoomEntry: Sendable {
        public var name: String
        /// The room file as the study names it (relative to the study file), so `study.json` is
        /// the same wherever the sweep runs.
        public var file: String
        public var room: Room
        /// Simulation options with the study's response length.
        public var options: SimulationOptions
        /// The device and the ±30° reference pair, placed in the room.
        public var device: Device, reference: Device

        public init(
            name: String, file: String, room: Room, options: SimulationOptions, device: Device, reference: Device
        ) {
            self.name = name
            self.file = file
            self.room = room
            self.options = options
            self.device = device
            self.reference = reference
        }
    }

    /// Listening-zone thresholds: a seat is in the zone when |centre error| ≤ `maxCenterErrorDegrees`
    /// and width ≥ `minWidthDegrees`.
    public struct ZoneThresholds: Sendable, Equatable {
        public var maxCenterErrorDegrees = 10.0
        public var minWidthDegrees = 40.0
        public init() {}

        /// Whether a seat with these metrics is in the listening zone.
        public func contains(_ metrics: SeatMetrics) -> Bool {
            guard let width = metrics[.width], let centerError = metrics[.centerError] else { return false }
            return abs(centerError) <= maxCenterErrorDegrees && width >= minWidthDegrees
        }
    }

    public var name: String
    public var file: String
    public var description: String
    public var rooms: [RoomEntry]
    public var seats: SeatSet
    public var modes: [ChainMode]
    public var head: any HeadModel
    public var headName: String
    public var configuration: ChainConfiguration
    /// Length of each pink-noise test signal in seconds and its seed.
    public var signalSeconds: Double, seed: UInt64
    /// How much of each room response after its direct sound the image metrics (width, centre
    /// error, separation) hear, seconds: the precedence effect fuses reflections within a few tens
    /// of milliseconds into the first wavefront's direction (Litovsky et al., JASA 106, 1999), while
    /// later reverberation makes the image diffuse rather than moving it. Coherence, IACC, DRR, T30,
    /// C80 and coloration use the whole response.
    public var localizationWindowSeconds: Double
    public var zone: ZoneThresholds
    public var sampleRate: Double
    /// Deprecated spellings the study file used, one message each (the command line warns).
    public var deprecations: [String] = []

    public init(
        name: String, file: String, description: String, rooms: [RoomEntry], seats: SeatSet, modes: [ChainMode],
        head: any HeadModel, headName: String, configuration: ChainConfiguration, signalSeconds: Double, seed: UInt64,
        localizationWindowSeconds: Double, zone: ZoneThresholds, sampleRate: Double
    ) {
        self.name = name
        self.file = file
        self.description = description
        self.rooms = rooms
        self.seats = seats
        self.modes = modes
        self.head = head
        self.headName = headName
        self.configuration = configuration
        self.signalSeconds = signalSeconds
        self.seed = seed
        self.localizationWindowSeconds = localizationWindowSeconds
        self.zone = zone
        self.sampleRate = sampleRate
    }

    /// Every (room, seat) pair in sweep order: rooms in study order, seats in seat-set order.
    public var seatCount: Int { rooms.count * seats.points.count }

    /// The listener pose of seat `seat` in room `room`.
    public func pose(room: Int, seat: Int) -> ListenerPose { seats.pose(seat: seat, device: rooms[room].device) }
}
