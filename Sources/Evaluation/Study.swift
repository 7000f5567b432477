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
/// zone: {max_center_error_deg: 10, min_width_deg: 40, max_width_deg: 120}
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

    /// Listening-zone thresholds: a seat is in the zone when its images are localizable,
    /// |centre error| ≤ `maxCenterErrorDegrees` and `minWidthDegrees` ≤ width ≤ `maxWidthDegrees`.
    public struct ZoneThresholds: Sendable, Equatable {
        public var maxCenterErrorDegrees = 10.0
        public var minWidthDegrees = 40.0
        /// A wider image is not a better one: beyond about ±60° per side the images have left the
        /// frontal stage (and widths above this come from images torn apart, not from a wide stage).
        public var maxWidthDegrees = 120.0
        public init() {}

        /// Whether a seat with these metrics is in the listening zone.
        public func contains(_ metrics: SeatMetrics) -> Bool {
            guard let width = metrics[.width], let centerError = metrics[.centerError] else { return false }
            return abs(centerError) <= maxCenterErrorDegrees && width >= minWidthDegrees && width <= maxWidthDegrees
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
    /// The head the chain is designed on (the chain's `design_head`: the structural model unless it says otherwise).
    public var designHead: any HeadModel
    public var configuration: ChainConfiguration
    /// Length of each pink-noise test signal in seconds and its seed.
    public var signalSeconds: Double, seed: UInt64
    public var zone: ZoneThresholds
    public var sampleRate: Double
    /// Deprecated spellings the study file used, one message each (the command line warns).
    public var deprecations: [String] = []

    public init(
        name: String, file: String, description: String, rooms: [RoomEntry], seats: SeatSet, modes: [ChainMode],
        head: any HeadModel, headName: String, configuration: ChainConfiguration, signalSeconds: Double, seed: UInt64,
        zone: ZoneThresholds, sampleRate: Double, designHead: (any HeadModel)? = nil
    ) {
        self.designHead = designHead ?? head
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
        self.zone = zone
        self.sampleRate = sampleRate
    }

    /// Every (room, seat) pair in sweep order: rooms in study order, seats in seat-set order.
    public var seatCount: Int { rooms.count * seats.points.count }

    /// The listener pose of seat `seat` in room `room`.
    public func pose(room: Int, seat: Int) -> ListenerPose { seats.pose(seat: seat, device: rooms[room].device) }
}
