import Foundation
import SoundstageDSP

/// Reading the text files users and runs write (scene files, summaries, results).
public enum TextFile {
    /// The UTF-8 text of `file`, or an ``InputError`` naming it and what is wrong.
    public static func read(_ file: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw InputError(file, FileProblem.reading(file, CocoaError(.fileReadUnknown)))
        }
        guard let text = String(data: data, encoding: .utf8) else { throw InputError(file, "is not UTF-8 text") }
        return text
    }
}
