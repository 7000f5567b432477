import Evaluation
import Foundation
import Yams

/// A value read from a YAML scene file, with its file and key path for error messages.
///
/// Accessors throw ``InputError`` naming the file, the key and what was expected.
public struct SceneNode {
    public let file: String
    /// Dotted key path, e.g. `surfaces.floor` or `faces[2].vertices`.
    public let path: String
    public let value: Any

    public init(file: String, path: String, value: Any) {
        self.file = file
        self.path = path
        self.value = value
    }

    /// The largest scene file accepted, bytes (the biggest shipped file is a few kB).
    public static let maximumBytes = 1 << 20

    /// The deepest nesting accepted (scene files need 4; deeper input could exhaust the parser's stack).
    static let maximumDepth = 64

    /// Parses YAML text; the root must be a mapping.
    ///
    /// Anchors and aliases are refused (scene files never need them, and a few hundred bytes of nested
    /// aliases expand to gigabytes), as is nesting deeper than ``maximumDepth``. The text is composed
    /// into nodes and converted here rather than by `Yams.load`, whose constructor traps on a mapping
    /// key that is not plain text (`[a]: 1`, found by fuzzing).
    public static func parse(yaml: String, file: String) throws -> SceneNode {
        guard yaml.utf8.count <= maximumBytes else {
            throw InputError(file, "\(yaml.utf8.count) bytes: scene files may hold at most \(maximumBytes)")
        }
        let uncommented = ScenePrescreen.uncommented(yaml)
        if let anchor = ScenePrescreen.firstAnchor(in: uncommented) {
            throw InputError(
                file,
                "YAML anchors and aliases ('\(anchor.trimmingCharacters(in: .whitespaces))') are not accepted"
                    + " in scene files: write the values out")
        }
        // A list or mapping as a key ('? ' explicit keys, or a flow collection before ':') is refused
        // before Yams composes the file: its duplicate-key check compares such keys recursively, which
        // took minutes on a 2.8 kB file (found by fuzzing); scene files only have plain-text keys.
        if ScenePrescreen.hasComplexKey(uncommented) {
            throw InputError(
                file, "a list or mapping used as a key ('? …' or '[…]:' / '{…}:'): keys must be plain text")
        }
        guard nestingEstimate(uncommented) <= maximumDepth else {
            throw InputError(file, "nested more than \(maximumDepth) levels deep")
        }
        let composed: Node?
        // No tag resolution: scalars are resolved below, and Yams' default resolver compiles a dozen
        // ICU regular expressions on first use (a tenth of a short `rir` run's time).
        do { composed = try Yams.compose(yaml: yaml, .basic) } catch {
            throw InputError(file, "not valid YAML: \(error)")
        }
        guard let composed, case .mapping = composed, let root = try plain(composed, file: file) as? [String: Any]
        else {
            throw InputError(file, "the top level must be a mapping of keys to values")
        }
        return SceneNode(file: file, path: "", value: root)
    }

    /// A YAML node as plain values: `[String: Any]`, `[Any]` and the scalars Yams resolves (Int,
    /// Double, Bool, String, NSNull).
    private static func plain(_ node: Node, file: String, depth: Int = 0) throws -> Any {
        guard depth <= maximumDepth else { throw InputError(file, "nested more than \(maximumDepth) levels deep") }
        switch node {
        case .scalar(let scalar): return plainScalar(scalar)
        case .sequence(let sequence): return try sequence.map { try plain($0, file: file, depth: depth + 1) }
        case .mapping(let mapping):
            var out = [String: Any]()
            for (key, value) in mapping {
                guard case .scalar(let scalar) = key else {
                    throw InputError(file, "a mapping key must be plain text, got a list or mapping")
                }
                out[scalar.string] = try plain(value, file: file, depth: depth + 1)
            }
            return out
        case .alias: throw InputError(file, "YAML aliases are not accepted in scene files")
        }
    }

    /// A scalar's value: quoted text stays text; plain text is null (`~`, `null`, empty), a boolean
    /// (`true`, `false`), a decimal integer that fits an Int, a decimal number, or else text. Resolved
    /// here rather than by Yams, whose integer constructor traps on an overflowing sexagesimal or hex
    /// value (`1:20:3333333330000`, found by fuzzing).
    private static func plainScalar(_ scalar: Node.Scalar) -> Any {
        let text = scalar.string
        guard scalar.style == .plain || scalar.style == .any else { return text }
        switch text {
        case "", "~", "null", "Null", "NULL": return NSNull()
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: break
        }
        if let integer = Int(text) { return integer }
        if text.contains(where: \.isNumber), !text.contains("_"), let number = Double(text) { return number }
        return text
    }

    /// An upper bound on the text's nesting: per line, half its leading run of spaces and block markers
    /// ('-', '?'), plus the flow brackets ('[', '{') open at that point.
    static func nestingEstimate(_ text: String) -> Int {
        var deepest = 0, open = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            // Leading spaces and block markers ("- ", "? ") open block levels.
            let depth = line.prefix { $0 == " " || $0 == "-" || $0 == "?" }.count
            for character in line {
                if character == "[" || character == "{" { open += 1 }
                if character == "]" || character == "}" { open = max(0, open - 1) }
                deepest = max(deepest, depth / 2 + open)
            }
            deepest = max(deepest, depth / 2 + open)
        }
        return deepest
    }

    /// Reads and parses a YAML file.
    public static func load(file: String) throws -> SceneNode {
        try parse(yaml: TextFile.read(file), file: file)
    }

    func fail(_ message: String) -> InputError {
        InputError(file, path.isEmpty ? message : "key '\(path)': \(message)")
    }

    private func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The mapping at this node.
    public func mapping() throws -> [String: Any] {
        guard let m = value as? [String: Any] else { throw fail("expected a mapping of keys to values") }
        return m
    }

    /// Throws if the mapping has a key outside `allowed` (catches typos).
    public func requireKeys(in allowed: Set<String>) throws {
        for key in try mapping().keys.sorted() where !allowed.contains(key) {
            throw InputError(file, "unknown key '\(child(key))' (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    /// The child at `key`, or nil if absent (or null).
    public func optional(_ key: String) throws -> SceneNode? {
        guard let v = try mapping()[key], !(v is NSNull) else { return nil }
        return SceneNode(file: file, path: child(key), value: v)
    }

    /// The child at `key`; throws if missing.
    public func required(_ key: String) throws -> SceneNode {
        guard let node = try optional(key) else { throw InputError(file, "missing key '\(child(key))'") }
        return node
    }

    /// Whether the mapping has `key`.
    public func has(_ key: String) throws -> Bool { try optional(key) != nil }

    /// A finite number.
    public func number() throws -> Double {
        let x: Double
        switch value {
        case let v as Double: x = v
        case let v as Int: x = Double(v)
        default: throw fail("expected a number, got \(SceneNode.describe(value))")
        }
        guard x.isFinite else { throw fail("expected a finite number") }
        return x
    }

    /// A number within `range`; `unit` is named in the message.
    public func number(in range: ClosedRange<Double>, unit: String = "") throws -> Double {
        let x = try number()
        guard range.contains(x) else {
            throw fail(
                "\(x)\(unit.isEmpty ? "" : " " + unit) is outside the allowed range "
                    + "\(range.lowerBound)…\(range.upperBound)"
            )
        }
        return x
    }

    /// A whole number.
    public func integer() throws -> Int {
        guard let v = value as? Int else { throw fail("expected a whole number, got \(SceneNode.describe(value))") }
        return v
    }

    /// A string.
    public func string() throws -> String {
        guard let s = value as? String else { throw fail("expected text, got \(SceneNode.describe(value))") }
        return s
    }

    /// A name that becomes part of file names and CSV fields: 1–64 letters, digits, '.', '_' or '-',
    /// not starting with '.' (so no '/', ',', '..' or hidden files).
    public func safeName() throws -> String {
        let s = try string()
        // ASCII letters and digits by range: CharacterSet's first use loads ICU's tables (a few
        // milliseconds of CPU in a one-response `rir`).
        let allowed = s.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || "._-".unicodeScalars.contains($0)
        }
        guard (1...64).contains(s.count), allowed, !s.hasPrefix(".") else {
            throw fail(
                "'\(s)' is not a usable name: use 1–64 letters, digits, '.', '_' or '-', not starting with '.'"
                    + " (names become file names and CSV fields)")
        }
        return s
    }

    /// A boolean.
    public func bool() throws -> Bool {
        guard let b = value as? Bool else { throw fail("expected true or false, got \(SceneNode.describe(value))") }
        return b
    }

    /// The elements of a sequence.
    public func sequence() throws -> [SceneNode] {
        guard let items = value as? [Any] else { throw fail("expected a list, got \(SceneNode.describe(value))") }
        return items.enumerated().map { SceneNode(file: file, path: "\(path)[\($0.offset)]", value: $0.element) }
    }

    /// A list of `count` numbers (any count when nil).
    public func numbers(count: Int? = nil) throws -> [Double] {
        let items = try sequence()
        if let count, items.count != count { throw fail("expected a list of \(count) numbers, got \(items.count)") }
        return try items.map { try $0.number() }
    }

    static func describe(_ value: Any) -> String {
        switch value {
        case is String: return "text '\(value)'"
        case is [Any]: return "a list"
        case is [String: Any]: return "a mapping"
        case is Bool: return "\(value)"
        default: return "'\(value)'"
        }
    }
}
