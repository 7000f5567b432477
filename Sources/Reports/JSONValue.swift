import Evaluation
import Foundation

/// A JSON value with ordered object keys, written deterministically (same value, same bytes).
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.rendered() == b.rendered() }

    /// An optional number: `null` when nil. Non-finite values are a programming error.
    public static func optional(_ value: Double?) -> JSONValue {
        guard let value else { return .null }
        precondition(value.isFinite, "non-finite value in a result")
        return .number(value)
    }

    /// Compact or indented JSON text. Numbers keep up to 10 significant digits.
    public func rendered(indent: Int? = 2) -> String {
        var out = ""
        write(into: &out, indent: indent, level: 0)
        return out
    }

    private func write(into out: inout String, indent: Int?, level: Int) {
        let newline = indent == nil ? "" : "\n"
        let pad = { (l: Int) in String(repeating: " ", count: (indent ?? 0) * l) }
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let x): out += JSONValue.format(x)
        case .string(let s): out += JSONValue.quote(s)
        case .array(let items):
            if items.isEmpty {
                out += "[]"
                return
            }
            out += "[" + newline
            for (i, item) in items.enumerated() {
                out += pad(level + 1)
                item.write(into: &out, indent: indent, level: level + 1)
                out += (i < items.count - 1 ? "," : "") + newline
            }
            out += pad(level) + "]"
        case .object(let members):
            if members.isEmpty {
                out += "{}"
                return
            }
            out += "{" + newline
            for (i, (key, value)) in members.enumerated() {
                out += pad(level + 1) + JSONValue.quote(key) + (indent == nil ? ":" : ": ")
                value.write(into: &out, indent: indent, level: level + 1)
                out += (i < members.count - 1 ? "," : "") + newline
            }
            out += pad(level) + "}"
        }
    }

    static func format(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        var text = String(format: "%.10g", x)
        if text.contains("e") { return text }
        if text.contains(".") { while text.hasSuffix("0") { text.removeLast() } }
        return text
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension JSONValue {
    /// The member `key` of an object (nil for other values or a missing key).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// Parses JSON text (object keys come back sorted; numbers as doubles).
    public static func parse(_ text: String, file: String) throws -> JSONValue {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) } catch {
            throw InputError(file, "not valid JSON: \(error.localizedDescription)")
        }
        return convert(object)
    }

    private static func convert(_ value: Any) -> JSONValue {
        switch value {
        case let dictionary as [String: Any]:
            return .object(dictionary.sorted { $0.key < $1.key }.map { ($0.key, convert($0.value)) })
        case let array as [Any]: return .array(array.map(convert))
        case let string as String: return .string(string)
        case let flag as Bool where !(value is Int) && !(value is Double): return .bool(flag)
        case let number as NSNumber: return .number(number.doubleValue)
        default: return .null
        }
    }
}
