import Evaluation
import Foundation
import SceneFiles
import Soundstage
import SpatialChain
import Testing

@Suite("Scene-file YAML: what the parser refuses")
struct SceneParsingTests {
    @Test("A chain written by ChainFile.yaml parses back to the same configuration; tune parameters are checked")
    func chainRoundTrip() throws {
        var c = ChainConfiguration()
        (c.boostCapDB, c.target.depthDB, c.virtualizerAngleDegrees, c.nominalDistance) = (9.5, 17.25, 22, 2.5)
        (c.ctcRegularization, c.ctcRadiationCapDB, c.robustCTC, c.filterLength) = (.radiatedPower, 8, true, 2048)
        c.target.lowStart = 120
        let parsed = try ChainFile.parse(SceneNode.parse(yaml: ChainFile.yaml(c), file: "chain.yaml"))
        #expect(parsed == c)
        let p = try TuneJob.Parameter(parsing: "ctc_boost_cap_db=6:22")
        #expect(p.key.name == "ctc_boost_cap_db" && p.low == 6 && p.high == 22)
        for bad in ["ctc_boost_cap_db=22:6", "ctc_boost_cap_db=6:50", "no_such_key=1:2", "ctc_boost_cap_db"] {
            #expect(throws: InputError.self) { try TuneJob.Parameter(parsing: bad) }
        }
    }

    /// Found by fuzzing (Tests/Fixtures/fuzz/corpus/finding-*): Yams' constructor traps on a mapping
    /// key that is a list or a mapping; anchors, aliases and deep nesting would exhaust memory or stack.
    @Test("Non-text keys, anchors and aliases, deep nesting and huge files are input errors, not traps")
    func refusals() throws {
        let refused = [
            ("[a]: 1\n", "plain text"),
            ("? {a: 1}\n: b\n", "plain text"),
            ("a: &x [1, 2]\nb: *x\n", "anchors and aliases"),
            ("a: " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "\n", "nested"),
            ("a: 1\na: 2\n", "duplicated key"),
            // Complex keys are refused before Yams compares them (fuzzing: minutes for 2.8 kB).
            ("{a: 1}: 2\n", "plain text"), ("x: {? [a]: 1}\n", "plain text"),
            ("a: '" + String(repeating: "x", count: SceneNode.maximumBytes) + "'\n", "at most"),
        ]
        for (yaml, message) in refused {
            let error = #expect(throws: InputError.self) { try SceneNode.parse(yaml: yaml, file: "f.yaml") }
            #expect(
                error?.description.contains(message) == true, "\(String(yaml.prefix(40))): \(String(describing: error))"
            )
        }
        // A seat grid 1.4e15 m long: counted in floating point, an error (found by fuzzing: an Int overflow).
        let huge = try SceneNode.parse(yaml: "grid: {x: [0, 4.5], y: [-1.4e15, 1.75], spacing: 0.25}\n", file: "s.yaml")
        #expect(throws: InputError.self) { try SeatSetFile.parse(huge) }
        // An overflowing sexagesimal integer is text, not a trap in Yams' integer constructor (fuzzing).
        let sexagesimal = try SceneNode.parse(yaml: "x: 333333330000000514:6\n", file: "c.yaml")
        #expect(throws: InputError.self) { try sexagesimal.required("x").number() }
        // Quoted text may hold what would be a complex key outside quotes.
        let quoted = try SceneNode.parse(yaml: "d: 'a [b]: c'\ne: \"{x}: ? y\"\n", file: "q.yaml")
        #expect(try quoted.required("d").string() == "a [b]: c")
        // Comments may mention '*' and '&'; plain values parse as before.
        let root = try SceneNode.parse(
            yaml: "# *note* &c\nx: 1.5 # &k\ny: [1, two]\nz: '7'\nt: true\nn: 2\n", file: "f.yaml")
        #expect(try root.required("x").number() == 1.5)
        #expect(try root.required("z").string() == "7" && root.required("t").bool())
        #expect(try root.required("n").integer() == 2)
        #expect(try root.required("y").sequence().count == 2)
    }
}

@Suite("Study identity")
struct StudyIdentityTests {
    /// The gate study and the degraded-chain fixture differ only in `chain`; a seat-set change is a
    /// different scene. FNV-1a 64 of "a" is af63dc4c8601ec8c (the published test vector).
    @Test("Same scene and setup hash the same; a changed chain changes only the setup, changed seats the scene")
    func identities() throws {
        #expect(StudyIdentity.hash("a") == "af63dc4c8601ec8c")
        let root = ListenerFileTests.root
        let gate = try StudyFile.load(root.appendingPathComponent("Studies/gate.yaml").path)
        let again = try StudyFile.load(root.appendingPathComponent("Studies/gate.yaml").path)
        let degraded = try StudyFile.load(root.appendingPathComponent("Tests/Fixtures/gate-without-ctc.yaml").path)
        let a = StudyIdentity(gate, imageModel: "m"), b = StudyIdentity(again, imageModel: "m")
        let c = StudyIdentity(degraded, imageModel: "m")
        #expect(a == b)
        #expect(a.scene == c.scene && a.setup != c.setup)
        var moved = gate
        moved.seats.points[0].x += 0.01
        #expect(StudyIdentity(moved, imageModel: "m").scene != a.scene)
        #expect(StudyIdentity(gate, imageModel: "other").setup != a.setup)
    }
}
