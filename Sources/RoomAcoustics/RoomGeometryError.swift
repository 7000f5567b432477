/// Why a room's geometry or a position in it is invalid. The text names the offending key or item.
public struct RoomGeometryError: Error, CustomStringConvertible, Equatable {
    /// The key or item at fault ("floor", "faces[3]", "dimensions", "source").
    public var key: String
    public var message: String

    public init(key: String, _ message: String) {
        self.key = key
        self.message = message
    }

    public var description: String { "\(key): \(message)" }
}
