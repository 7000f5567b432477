/// The pre-screens of ``SceneNode/parse(yaml:file:)``, with byte scans that spare ordinary files the
/// regular expressions.
///
/// The pre-screens (comments out, then anchors and complex keys refused) are regular expressions,
/// which Swift compiles at run time on first use: about 2 ms of a 25 ms `rir` run (perf). The scans
/// give the same answers without them: comments are stripped by hand when the text around each `#`
/// is plain ASCII (``asciiUncommented(_:)``), and the other two checks first ask whether a match is
/// possible at all (``mayHoldAnchor(_:)``, ``mayHoldComplexKey(_:)``: the characters it needs); only
/// then do the expressions run. Tests compare the scans with the expressions.
public enum ScenePrescreen {
    /// `yaml` without comments, as `yaml.replacing(/(?m)(^|\s)#.*$/, with: "")` gives it: a `#` at a
    /// line's start or after whitespace (which goes with it), up to the line's end.
    public static func uncommented(_ yaml: String) -> String {
        asciiUncommented(yaml) ?? yaml.replacing(/(?m)(^|\s)#.*$/, with: "")
    }

    /// The same by hand, for text where the expression's `\s`, `.`, `^` and `$` have their byte
    /// meanings around every `#`: no line breaks but newlines (no `\r`, vertical tab, form feed, NEL,
    /// U+2028/9, other ASCII controls than tab), and only ASCII within two bytes before and one after
    /// each `#` (so the `#` and the whitespace before it are characters of their own, not joined with
    /// a combining or prepended mark, and no Unicode space precedes a `#`); nil for other text.
    public static func asciiUncommented(_ yaml: String) -> String? {
        let bytes = Array(yaml.utf8)
        let hash = UInt8(ascii: "#"), newline = UInt8(ascii: "\n"), space = UInt8(ascii: " ")
        let tab = UInt8(ascii: "\t")
        for (p, byte) in bytes.enumerated() {
            if byte < space && byte != tab && byte != newline || byte == 0x7F { return nil }
            // NEL (C2 85), U+2028 and U+2029 (E2 80 A8/A9) are line breaks to the expression.
            if byte == 0x85 && p > 0 && bytes[p - 1] == 0xC2 { return nil }
            if (byte == 0xA8 || byte == 0xA9) && p > 1 && bytes[p - 1] == 0x80 && bytes[p - 2] == 0xE2 { return nil }
            if byte == hash && (max(0, p - 2)...min(bytes.count - 1, p + 1)).contains(where: { bytes[$0] >= 0x80 }) {
                return nil
            }
        }
        guard bytes.contains(hash) else { return yaml }
        var kept = [UInt8]()
        kept.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            // The expression's leftmost match: a comment starts at i if i starts a line and holds '#',
            // or if i holds whitespace followed by '#'.
            let startsLine = i == 0 || bytes[i - 1] == newline
            let isSpace = bytes[i] == space || bytes[i] == tab || bytes[i] == newline
            if (startsLine && bytes[i] == hash) || (isSpace && i + 1 < bytes.count && bytes[i + 1] == hash) {
                i += 1
                while i < bytes.count && bytes[i] != newline { i += 1 }
                continue
            }
            kept.append(bytes[i])
            i += 1
        }
        return String(decoding: kept, as: UTF8.self)
    }

    /// The first anchor or alias (`&name`, `*name`) in comment-free `text`, with the character before it.
    public static func firstAnchor(in text: String) -> Substring? {
        guard mayHoldAnchor(text) else { return nil }
        return text.firstMatch(of: /(?m)(^|[\s\[\x7B,:-])[&*][A-Za-z0-9_-]+/)?.output.0
    }

    /// Whether comment-free `text` uses a list or mapping as a key: an explicit key ('? ') or a flow
    /// collection before ':', quoted strings aside.
    public static func hasComplexKey(_ text: String) -> Bool {
        guard mayHoldComplexKey(text) else { return false }
        return text.replacing(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'/, with: "''")
            .contains(/(?m)^[ \t-]*\?(?:[ \t]|$)|[\[{,][ \t]*\?(?:[ \t]|$)|[\]}][ \t]*:(?:[ \t]|$)/)
    }

    /// False when `text` cannot hold an anchor or alias (`&name`, `*name`): it has neither character.
    public static func mayHoldAnchor(_ text: String) -> Bool {
        text.utf8.contains { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "*") }
    }

    /// False when `text` cannot hold a complex key ('? ' or a flow collection before ':'): it has no
    /// '?' and no ']' or '}' followed by spaces or tabs and ':'. (Replacing quoted strings by `''`
    /// before the check cannot create either.)
    public static func mayHoldComplexKey(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        for (i, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "?") { return true }
            guard byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") else { continue }
            var j = i + 1
            while j < bytes.count && (bytes[j] == UInt8(ascii: " ") || bytes[j] == UInt8(ascii: "\t")) { j += 1 }
            if j < bytes.count && bytes[j] == UInt8(ascii: ":") { return true }
        }
        return false
    }
}
