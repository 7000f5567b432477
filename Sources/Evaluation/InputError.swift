/// A problem with something the user gave: a file, a key, a value. The CLI prints it and exits 2.
public struct InputError: Error, CustomStringConvertible, Equatable {
    /// The file (or command-line option) at fault.
    public var source: String
    /// What is wrong and what would be accepted.
    public var message: String

    public init(_ source: String, _ message: String) {
        self.source = source
        self.message = message
    }

    public var description: String { "\(source): \(message)" }
}
