import Binaural
import Evaluation
import Foundation
import Reports
import RoomAcoustics
import SceneFiles
import Soundstage
import SpatialChain
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("Chain end to end, anechoic, nominal seat")
struct ChainEndToEndTests {
    /// The device 1.2 m high in the free field (Rooms/anechoic.yaml); the nominal seat 2 m in front
    /// with the ears 0.2 m higher (the geometry the filters are designed for), facing the device.
    static let results: [ChainMode: SeatMetrics] = {
        let study = try! StudyFile.parse(
            SceneNode.parse(
                yaml: """
                    rooms: [../Rooms/anechoic.yaml]
                    seats: {seats: [[2.0, 0.0]], ear_height: 1.4}
                    modes: [reference, matrix, ctc, beam, spatial]
                    """, file: StudyTests.root.appendingPathComponent("Studies/end-to-end.yaml").path))
        let evaluator = SeatEvaluator(
            room: study.rooms[0], modes: study.modes, signals: try! StudySignals(study: study))
        return Dictionary(
            uniqueKeysWithValues: zip(study.modes, evaluator.evaluate(study.pose(room: 0, seat: 0))).map { ($0, $1) })
    }()

    @Test("Channel separation (250 Hz–4 kHz): ≥ 15 dB for ctc and spatial, < 6 dB for matrix")
    func separation() {
        let r = ChainEndToEndTests.results
        #expect(
            r[.ctc]![.separation]! >= 15 && r[.spatial]![.separation]! >= 15,
            "ctc \(r[.ctc]![.separation]!) dB, spatial \(r[.spatial]![.separation]!) dB")
        #expect(r[.matrix]![.separation]! < 6)
    }

    @Test("Width: ≈ 60° for the reference pair (±5°), ≥ 45° for spatial, ≤ 20° for matrix")
    func width() {
        let r = ChainEndToEndTests.results
        #expect(abs(r[.reference]![.width]! - 60) < 5, "reference \(r[.reference]![.width]!)°")
        #expect(r[.spatial]![.width]! >= 45, "spatial \(r[.spatial]![.width]!)°")
        #expect(r[.matrix]![.width]! <= 20)
    }

    @Test("Phantom-centre error ≤ 3° in every mode")
    func centre() {
        for (mode, image) in ChainEndToEndTests.results {
            #expect(abs(image[.centerError]!) <= 3, "\(mode): \(image[.centerError]!)°")
        }
    }
}

@Suite("Chain files and design plots")
struct DesignTests {
    @Test("Chain files set the configuration and refuse bad values with the key named")
    func chainFile() throws {
        let c = try ChainFile.parse(
            SceneNode.parse(yaml: "virtualizer_deg: 0\nctc_depth_db: 15\nfilter_taps: 2048", file: "chain.yaml"))
        #expect(c.virtualizerAngleDegrees == 0 && c.target.depthDB == 15 && c.filterLength == 2048)
        do {
            _ = try ChainFile.parse(SceneNode.parse(yaml: "filter_taps: 1000", file: "chain.yaml"))
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "chain.yaml: key 'filter_taps': must be 256, 512, 1024, 2048 or 4096, got 1000")
        }
    }

    @Test("Every design plot is well-formed SVG")
    func plotsParse() throws {
        let report = try DesignReport(
            device: DeviceFile.load("echo-studio"), head: SphereHead(), configuration: ChainConfiguration())
        for (name, text) in report.files() where name.hasSuffix(".svg") {
            let parser = XMLParser(data: Data(text.utf8))
            #expect(parser.parse(), "\(name) does not parse: \(parser.parserError as Any)")
            #expect(text.contains("<svg"))
        }
    }
}
