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

    /// Parses YAML text; the root must be a mapping.
    public static func parse(yaml: String, file: String) throws -> SceneNode {
        let loaded: Any?
        do { loaded = try Yams.load(yaml: yaml) } catch {
            throw InputError(file, "not valid YAML: \(error)")
        }
        guard let root = loaded as? [String: Any] else {
            throw InputError(file, "the top level must be a mapping of keys to values")
        }
        return SceneNode(file: file, path: "", value: root)
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
        let allowed = s.unicodeScalars.allSatisfy {
            ($0.isASCII && (CharacterSet.alphanumerics.contains($0))) || "._-".unicodeScalars.contains($0)
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
