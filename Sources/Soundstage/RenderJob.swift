import AudioFiles
import Binaural
import Evaluation
import Foundation
import Reports
import RoomAcoustics
import SceneFiles
import SoundstageDSP
import SpatialChain

/// `soundstage render`: a stereo programme through chain, device and room to one seat's two ears.
public struct RenderJob {
    public var inputFile: String
    public var roomFile: String
    public var seat: Vector3
    public var mode: ChainMode = .spatial
    /// A filter-set file (see ``FilterSetFile``); when given, it drives the device instead of `mode`.
    public var filtersFile: String?
    public var headFile: String?
    public var chainFile: String?
    public var yawDegrees: Double?
    /// Seconds of silence rendered after the programme and the chain's own response (its filters'
    /// length) so the room's decay is heard; nil: the room simulation's length (1.5 × its longest
    /// Eyring RT60, the decay to below −60 dB), at least 0.3 s.
    public var tailSeconds: Double?

    public init(inputFile: String, roomFile: String, seat: Vector3) {
        self.inputFile = inputFile
        self.roomFile = roomFile
        self.seat = seat
    }

    /// The binaural rendering, at the input's sample rate.
    public func run() throws -> AudioBuffer {
        let input = try AudioFile.read(path: inputFile)
        guard input.channels.count == 1 || input.channels.count == 2 else {
            throw InputError(inputFile, "expected a mono or stereo programme, got \(input.channels.count) channels")
        }
        guard input.frameCount > 0 else { throw InputError(inputFile, "the file holds no samples") }
        let left = input.channels[0], right = input.channels.count == 2 ? input.channels[1] : input.channels[0]
        let contents = try RoomFile.load(roomFile)
        var options = contents.options
        options.sampleRate = input.sampleRate
        let head = try headFile.map { try HeadFile.load($0, sampleRate: input.sampleRate) } ?? SphereHead()
        let configuration = try chainFile.map(ChainFile.load) ?? ChainConfiguration()
        let device = try contents.place(DeviceFile.load(DeviceFile.defaultName))
        try contents.requireSeat(seat)
        try RoomFile.Contents.requireClear(seat, of: device)
        if mode == .reference {
            // Checked before the (slower) chain design, so bad placements fail at once.
            _ = try contents.place(
                ReferencePair.device(configuration: configuration, placedLike: device), at: device.position,
                yawRadians: device.yawRadians)
        }
        let scene = try ChainScene(
            room: contents.room, options: options, device: device, head: head, configuration: configuration,
            designHead: ChainFile.designHead(configuration, listener: head, sampleRate: input.sampleRate))
        let pose =
            yawDegrees.map { ListenerPose(position: seat, yawRadians: $0 * Double.pi / 180) }
            ?? .facing(device.position, from: seat)
        let mode =
            try filtersFile.map {
                ChainMode(
                    name: URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent,
                    filters: try FilterSetFile.load($0, drivers: device.drivers.count, sampleRate: input.sampleRate))
            } ?? self.mode
        // After the programme: the chain's own response (its filter set's length; the reference pair's
        // latency) and then the room's decay.
        let chainLength: Int
        switch mode.kind {
        case .filters(let set): chainLength = set.length
        case .builtIn(let builtIn): chainLength = scene.processor.filterSet(builtIn)?.length ?? scene.processor.latency
        }
        let tail = tailSeconds ?? max(0.3, scene.renderer.simulator.duration)
        let silence = [Double](repeating: 0, count: Int((tail * input.sampleRate).rounded()) + chainLength)
        let ears = scene.render(mode: mode, left: left + silence, right: right + silence, pose: pose)
        return AudioBuffer(sampleRate: input.sampleRate, channels: [ears.left, ears.right])
    }
}
