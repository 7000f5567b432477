import Foundation
import SoundstageDSP

/// Binaural room impulse responses of several emitters (a device's drivers) at one listener, as one
/// AES69-2022 SOFA file in the `SingleRoomMIMOSRIR` 1.0 convention (SOFA 2.1; the convention that
/// replaces the deprecated `MultiSpeakerBRIR`).
///
/// Layout: `Data.IR` is M × R × E × N = 1 measurement × 2 receivers (left ear, right ear) × E emitters
/// (the drivers, in the device's order) × N samples. Coordinates are Cartesian, metres:
/// `ListenerPosition`/`View`/`Up` and `SourcePosition`/`View`/`Up` in the room frame;
/// `ReceiverPosition` (the ears) in the listener's frame (x nose, y left ear, z up);
/// `EmitterPosition`/`View` (the drivers and their axes) in the source's (device's) frame.
/// The emitters' names are in the global `EmitterDescription` attribute, comma-separated.
public struct SOFARoomResponses: Sendable {
    public var sampleRate: Double
    public var listenerPosition: Vector3
    public var listenerView: Vector3
    /// Ear positions in the listener's frame, metres: left, right.
    public var receiverPositions: [Vector3]
    public var sourcePosition: Vector3
    public var sourceView: Vector3
    public var emitterNames: [String]
    public var emitterPositions: [Vector3]
    public var emitterViews: [Vector3]
    /// Responses [receiver][emitter][sample], all the same length.
    public var responses: [[[Double]]]
    /// Shoebox rooms: two opposite corners, metres (`RoomType` shoebox); nil: `RoomType` dae with
    /// `RoomGeometry` naming the room file.
    public var shoeboxCorners: (Vector3, Vector3)?
    public var roomFile: String
    public var title: String
    public var applicationVersion: String

    public init(
        sampleRate: Double, listenerPosition: Vector3, listenerView: Vector3, receiverPositions: [Vector3],
        sourcePosition: Vector3, sourceView: Vector3, emitterNames: [String], emitterPositions: [Vector3],
        emitterViews: [Vector3], responses: [[[Double]]], shoeboxCorners: (Vector3, Vector3)?, roomFile: String,
        title: String, applicationVersion: String
    ) {
        self.sampleRate = sampleRate
        self.listenerPosition = listenerPosition
        self.listenerView = listenerView
        self.receiverPositions = receiverPositions
        self.sourcePosition = sourcePosition
        self.sourceView = sourceView
        self.emitterNames = emitterNames
        self.emitterPositions = emitterPositions
        self.emitterViews = emitterViews
        self.responses = responses
        self.shoeboxCorners = shoeboxCorners
        self.roomFile = roomFile
        self.title = title
        self.applicationVersion = applicationVersion
    }

    /// Writes the file to `path` (atomically: a temporary file renamed into place). `DateCreated` and
    /// `DateModified` are fixed (1970-01-01 00:00:00) so that the same inputs give the same data;
    /// HDF5 itself still writes no time stamps into netCDF-4 files.
    public func write(to path: String) throws {
        let (receivers, emitters) = (responses.count, emitterNames.count)
        let samples = responses.first?.first?.count ?? 0
        guard receivers == receiverPositions.count, emitters == emitterPositions.count, samples > 0,
            responses.allSatisfy({ $0.count == emitters && $0.allSatisfy { $0.count == samples } })
        else { throw AudioFileError.unwritable(path: path, reason: "responses do not match receivers × emitters") }
        var file = try NetCDFFile(creating: path)
        do {
            try define(in: &file, receivers: receivers, emitters: emitters, samples: samples)
            try file.commit()
        } catch {
            file.abandon()
            throw error
        }
    }

    private func define(in file: inout NetCDFFile, receivers: Int, emitters: Int, samples: Int) throws {
        for (name, length) in [("I", 1), ("C", 3), ("M", 1), ("R", receivers), ("E", emitters), ("N", samples)] {
            try file.defineDimension(name, length: length)
        }
        try file.setSOFAAttributes(
            convention: "SingleRoomMIMOSRIR", version: "1.0", dataType: "FIR-E",
            roomType: shoeboxCorners == nil ? "dae" : "shoebox", title: title,
            applicationVersion: applicationVersion, extra: globalAttributes())
        let cartesian = [("Type", "cartesian"), ("Units", "metre")]
        func xyz(_ vectors: [Vector3]) -> [Double] { vectors.flatMap { [$0.x, $0.y, $0.z] } }
        let up = Vector3(0, 0, 1)
        try file.defineVariable(
            "ListenerPosition", dimensions: ["M", "C"], values: xyz([listenerPosition]), attributes: cartesian)
        try file.defineVariable(
            "ListenerView", dimensions: ["M", "C"], values: xyz([listenerView]), attributes: cartesian)
        try file.defineVariable("ListenerUp", dimensions: ["M", "C"], values: xyz([up]))
        try file.defineVariable(
            "SourcePosition", dimensions: ["M", "C"], values: xyz([sourcePosition]), attributes: cartesian)
        try file.defineVariable("SourceView", dimensions: ["M", "C"], values: xyz([sourceView]), attributes: cartesian)
        try file.defineVariable("SourceUp", dimensions: ["M", "C"], values: xyz([up]))
        try file.defineVariable(
            "ReceiverPosition", dimensions: ["R", "C", "I"], values: xyz(receiverPositions), attributes: cartesian)
        try file.defineVariable(
            "EmitterPosition", dimensions: ["E", "C", "I"], values: xyz(emitterPositions), attributes: cartesian)
        try file.defineVariable(
            "EmitterView", dimensions: ["E", "C", "I"], values: xyz(emitterViews), attributes: cartesian)
        try file.defineVariable(
            "EmitterUp", dimensions: ["E", "C", "I"], values: xyz(Array(repeating: up, count: emitters)))
        if let (a, b) = shoeboxCorners {
            try file.defineVariable("RoomCornerA", dimensions: ["I", "C"], values: xyz([a]))
            try file.defineVariable("RoomCornerB", dimensions: ["I", "C"], values: xyz([b]))
            try file.defineVariable("RoomCorners", dimensions: ["I"], values: [0], attributes: cartesian)
        }
        try file.defineVariable(
            "Data.IR", dimensions: ["M", "R", "E", "N"], values: responses.flatMap { $0.flatMap { $0 } })
        try file.defineVariable(
            "Data.SamplingRate", dimensions: ["I"], values: [sampleRate], attributes: [("Units", "hertz")])
        try file.defineVariable(
            "Data.Delay", dimensions: ["M", "R", "E"], values: [Double](repeating: 0, count: receivers * emitters))
    }

    /// The convention's own global attributes (the common ones come from
    /// ``NetCDFFile/setSOFAAttributes(convention:version:dataType:roomType:title:applicationVersion:extra:)``).
    private func globalAttributes() -> [(String, String)] {
        var attributes = [
            ("DatabaseName", "Soundstage simulations"),
            ("Comment", "Simulated binaural room impulse responses (image sources, late tail, head model)."),
            ("ListenerShortName", "listener"), ("ReceiverDescription", "left ear, right ear"),
            ("SourceShortName", "device"), ("EmitterDescription", emitterNames.joined(separator: ", ")),
            ("RoomShortName", (roomFile as NSString).lastPathComponent),
        ]
        if shoeboxCorners == nil { attributes.append(("RoomGeometry", roomFile)) }
        return attributes
    }
}
