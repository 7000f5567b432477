import Foundation
import SceneFiles
import SoundstageDSP
import Testing

/// The byte scans of ``ScenePrescreen`` against the regular expressions they stand in for (the second
/// method): the same text without comments, and never "no match possible" where an expression matches.
@Suite("Scene-file pre-screens: byte scans agree with the regular expressions")
struct ScenePrescreenTests {
    static func regexUncommented(_ text: String) -> String { text.replacing(/(?m)(^|\s)#.*$/, with: "") }
    static func regexHasAnchor(_ text: String) -> Bool {
        text.firstMatch(of: /(?m)(^|[\s\[\x7B,:-])[&*][A-Za-z0-9_-]+/) != nil
    }
    static func regexHasComplexKey(_ text: String) -> Bool {
        text.replacing(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'/, with: "''")
            .contains(/(?m)^[ \t-]*\?(?:[ \t]|$)|[\[{,][ \t]*\?(?:[ \t]|$)|[\]}][ \t]*:(?:[ \t]|$)/)
    }

    /// Seeded texts over the characters the expressions care about (ASCII only, then with line breaks
    /// and marks that are not ASCII), and the shipped scene files.
    static func texts() throws -> (random: [String], shipped: [String]) {
        var generator = SeededGenerator(seed: 17)
        func random(_ alphabet: [Character], count: Int) -> [String] {
            (0..<count).map { _ in
                String(
                    (0..<Int.random(in: 0...60, using: &generator)).map { _ in
                        alphabet.randomElement(using: &generator)!
                    })
            }
        }
        let ascii = Array("##  \t\n\n\na:-[]{},&*?\"'x1_")
        let other: [Character] = ["é", "≈", "\u{301}", "\u{A0}", "\u{600}", "\r", "\u{2028}", "\u{85}", "\u{3000}"]
        var shipped = [String]()
        for folder in ["Rooms", "Studies", "Chains", "Listeners"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".yaml") {
                shipped.append(try String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8))
            }
        }
        return (random(ascii, count: 4000) + random(ascii + other, count: 4000), shipped)
    }

    @Test("Comments come out as the expression takes them out; the shipped files need no expression")
    func uncommented() throws {
        let (random, shipped) = try ScenePrescreenTests.texts()
        #expect(shipped.count >= 10)
        var byHandCount = 0
        for text in random + shipped {
            if let byHand = ScenePrescreen.asciiUncommented(text) {
                byHandCount += 1
                #expect(byHand == ScenePrescreenTests.regexUncommented(text), "\(text.debugDescription)")
            } else {
                #expect(ScenePrescreen.uncommented(text) == ScenePrescreenTests.regexUncommented(text))
            }
        }
        // Every ASCII text and shipped file, and some of the others, are stripped by hand.
        #expect(byHandCount > 4000 + shipped.count)
        #expect(shipped.allSatisfy { ScenePrescreen.asciiUncommented($0) != nil })
        for text in ["a: 1 \u{A0}# c\n", "a: 1\r\n# c\r\nb: 2", "a:\u{0B}# c", "a: #\u{301} c", "\u{600} # c"] {
            #expect(ScenePrescreen.asciiUncommented(text) == nil)
        }
    }

    @Test("'No anchor or complex key possible' is never said of text the expressions match; both occur")
    func necessaryConditions() throws {
        var anchors = 0, keys = 0
        let (random, shipped) = try ScenePrescreenTests.texts()
        for text in (random + shipped).map(ScenePrescreen.uncommented) {
            if ScenePrescreenTests.regexHasAnchor(text) {
                anchors += 1
                #expect(ScenePrescreen.mayHoldAnchor(text), "\(text.debugDescription)")
            }
            if ScenePrescreenTests.regexHasComplexKey(text) {
                keys += 1
                #expect(ScenePrescreen.mayHoldComplexKey(text), "\(text.debugDescription)")
            }
        }
        #expect(anchors > 100 && keys > 100)
        // The shipped rooms need neither expression.
        let rooms = shipped.filter { $0.contains("\nshape:") }.map(ScenePrescreen.uncommented)
        #expect(!rooms.isEmpty && rooms.allSatisfy { !ScenePrescreen.mayHoldAnchor($0) })
        #expect(rooms.allSatisfy { !ScenePrescreen.mayHoldComplexKey($0) })
    }
}
