import Evaluation
import Foundation
import RoomMetrics
import SoundstageDSP

/// The analysis `soundstage metrics` prints: room parameters (per ear for stereo) and, for a
/// stereo file, the binaural block.
public struct MetricsReport: Sendable {
    public var sampleRate: Double
    public var broadband: RoomParameters
    public var octaves: [(band: FrequencyBand, parameters: RoomParameters)]
    /// For stereo input, the right ear's parameters (`broadband`/`octaves` are the left ear's).
    public var right: (broadband: RoomParameters, octaves: [(band: FrequencyBand, parameters: RoomParameters)])?
    public var binaural: BinauralParameters?
    /// Why a stereo file has no binaural block (an ear is silent); nil otherwise.
    public var binauralNote: String?

    /// Analyses a mono impulse response or a stereo (left ear, right ear) binaural response.
    /// - Throws: ``InputError`` for other channel counts or responses too short to analyse.
    public init(audio: AudioBuffer, source: String) throws {
        guard audio.channels.count == 1 || audio.channels.count == 2 else {
            throw InputError(
                source,
                "expected a mono impulse response or a stereo (left ear, right ear) pair, got \(audio.channels.count) "
                    + "channels"
            )
        }
        guard (8000...384_000).contains(audio.sampleRate) else {
            throw InputError(source, "sample rate \(audio.sampleRate) Hz: room metrics need 8–384 kHz")
        }
        guard audio.frameCount >= Int(0.01 * audio.sampleRate) else {
            throw InputError(source, "the response is \(audio.frameCount) samples long; at least 10 ms is needed")
        }
        guard audio.channels[0].contains(where: { $0 != 0 }) else {
            throw InputError(
                source, audio.channels.count == 1 ? "every sample is zero" : "the left ear (channel 1) is silent")
        }
        sampleRate = audio.sampleRate
        broadband = RoomParameterAnalysis.broadband(audio.channels[0], sampleRate: sampleRate)
        octaves = RoomParameterAnalysis.octaves(audio.channels[0], sampleRate: sampleRate)
        if audio.channels.count == 2 && !audio.channels[1].contains(where: { $0 != 0 }) {
            binauralNote =
                "the right ear is silent: no right-ear parameters, and ITD, ILD, IACC and coherence do not"
                + " exist"
        } else if audio.channels.count == 2 {
            right = (
                RoomParameterAnalysis.broadband(audio.channels[1], sampleRate: sampleRate),
                RoomParameterAnalysis.octaves(audio.channels[1], sampleRate: sampleRate)
            )
            binaural = BinauralParameters(
                EarSignals(left: audio.channels[0], right: audio.channels[1], sampleRate: sampleRate))
        }
    }

    /// The JSON document of the metrics command.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("sample_rate_hz", .number(sampleRate))]
        members += MetricsReport.roomMembers(broadband, octaves)
        if let right {
            members.append(("right", .object(MetricsReport.roomMembers(right.broadband, right.octaves))))
        }
        if let binauralNote {
            members += [("binaural", .null), ("notes", .array([.string(binauralNote)]))]
        }
        if let b = binaural {
            members.append(
                (
                    "binaural",
                    .object([
                        ("iacc_e", .number(b.iaccEarly)), ("iacc_l", .number(b.iaccLate)),
                        ("iacc", .number(b.iaccFull)),
                        ("iacc_e3", .number(b.iaccEarly3)), ("iacc_l3", .number(b.iaccLate3)),
                        ("itd_us", .number(b.itdSeconds * 1e6)), ("ild_db", .number(b.ildDB)),
                        (
                            "octaves",
                            .object(
                                b.octaves.map { o in
                                    (
                                        o.band.label,
                                        .object([
                                            ("iacc_e", .number(o.iaccEarly)), ("iacc_l", .number(o.iaccLate)),
                                            ("iacc", .number(o.iaccFull)), ("ild_db", .number(o.ildDB)),
                                        ])
                                    )
                                })
                        ),
                        ("coherence", .object(b.coherence.map { ($0.band.label, .number($0.value)) })),
                    ])
                ))
        }
        return .object(members)
    }

    private static func roomMembers(
        _ broadband: RoomParameters,
        _ octaves: [(band: FrequencyBand, parameters: RoomParameters)]
    ) -> [(String, JSONValue)] {
        [
            ("broadband", roomObject(broadband)),
            ("octaves", .object(octaves.map { ($0.band.label, roomObject($0.parameters)) })),
        ]
    }

    private static func roomObject(_ p: RoomParameters) -> JSONValue {
        .object([
            ("edt_s", .optional(p.edt)), ("t20_s", .optional(p.t20)), ("t30_s", .optional(p.t30)),
            ("c50_db", .optional(p.c50)), ("c80_db", .optional(p.c80)), ("d50", .optional(p.d50)),
            ("ts_ms", .optional(p.tsMs)), ("drr_db", .optional(p.drr)),
            ("notes", .array(p.notes.map { .string($0) })),
        ])
    }

    /// An aligned plain-text table with units.
    public var table: String {
        var out = ""
        func roomTable(
            _ title: String, _ broadband: RoomParameters, _ octaves: [(band: FrequencyBand, parameters: RoomParameters)]
        ) {
            out += title + "\n"
            let rows: [(String, (RoomParameters) -> Double?, String)] = [
                ("EDT", { $0.edt }, "s"), ("T20", { $0.t20 }, "s"), ("T30", { $0.t30 }, "s"),
                ("C50", { $0.c50 }, "dB"), ("C80", { $0.c80 }, "dB"), ("D50", { $0.d50 }, ""),
                ("Ts", { $0.tsMs }, "ms"), ("DRR", { $0.drr }, "dB"),
            ]
            let columns = ["broadband"] + octaves.map { $0.band.label + " Hz" }
            out += TextTable.pad("", 10) + columns.map { TextTable.pad($0, 10, right: true) }.joined() + "\n"
            for (name, value, unit) in rows {
                let label = unit.isEmpty ? name : "\(name) [\(unit)]"
                let cells = ([broadband] + octaves.map(\.parameters)).map { p in
                    TextTable.pad(
                        value(p).map { String(format: unit == "ms" ? "%.1f" : "%.3f", $0) } ?? "—", 10, right: true)
                }
                out += TextTable.pad(label, 10) + cells.joined() + "\n"
            }
            let notes =
                broadband.notes.map { "broadband: \($0)" }
                + octaves.flatMap { o in o.parameters.notes.map { "\(o.band.label) Hz: \($0)" } }
            for note in notes { out += "  note — \(note)\n" }
        }
        roomTable(
            right == nil ? "Room parameters (ISO 3382-1)" : "Room parameters, left ear (ISO 3382-1)", broadband, octaves
        )
        if let right {
            out += "\n"
            roomTable("Room parameters, right ear", right.broadband, right.octaves)
        }
        if let binauralNote { out += "\nnote — \(binauralNote)\n" }
        if let b = binaural {
            out += "\nBinaural\n"
            out += String(
                format: "  IACC early / late / full   %.3f / %.3f / %.3f\n", b.iaccEarly, b.iaccLate, b.iaccFull)
            out += String(format: "  IACC_E3 / IACC_L3          %.3f / %.3f\n", b.iaccEarly3, b.iaccLate3)
            out += String(
                format: "  ITD                        %.1f µs (positive: right ear lags)\n", b.itdSeconds * 1e6)
            out += String(format: "  ILD                        %.2f dB (positive: left louder)\n", b.ildDB)
            out +=
                "  " + TextTable.pad("octave", 10)
                + ["IACC_E", "IACC_L", "IACC", "ILD [dB]"].map { TextTable.pad($0, 10, right: true) }.joined() + "\n"
            for o in b.octaves {
                out +=
                    "  " + TextTable.pad(o.band.label + " Hz", 10)
                    + [o.iaccEarly, o.iaccLate, o.iaccFull].map {
                        TextTable.pad(String(format: "%.3f", $0), 10, right: true)
                    }.joined()
                    + TextTable.pad(String(format: "%.2f", o.ildDB), 10, right: true) + "\n"
            }
        }
        return out
    }
}

/// Column padding for plain-text tables.
enum TextTable {
    static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let count = s.count
        if count >= width { return right ? " " + s : s + " " }
        let fill = String(repeating: " ", count: width - count)
        return right ? fill + s : s + fill
    }
}
