import Evaluation
import Foundation
import SceneFiles
import Testing

@Suite("Scene-file YAML: what the parser refuses")
struct SceneParsingTests {
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
            ("a: '" + String(repeating: "x", count: SceneNode.maximumBytes) + "'\n", "at most"),
        ]
        for (yaml, message) in refused {
            let error = #expect(throws: InputError.self) { try SceneNode.parse(yaml: yaml, file: "f.yaml") }
            #expect(
                error?.description.contains(message) == true, "\(String(yaml.prefix(40))): \(String(describing: error))"
            )
        }
        // Comments may mention '*' and '&'; plain values parse as before.
        let root = try SceneNode.parse(yaml: "# *note* &c\nx: 1.5 # &k\ny: [1, two]\n", file: "f.yaml")
        #expect(try root.required("x").number() == 1.5)
        #expect(try root.required("y").sequence().count == 2)
    }
}
