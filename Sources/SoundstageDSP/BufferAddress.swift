/// The first element's address of a buffer the caller knows is not empty, for the numeric kernels
/// that take raw pointers: a precondition with a message in place of a force unwrap of
/// `baseAddress` (which is nil only for an empty buffer).
extension UnsafeBufferPointer {
    /// The address of element 0; traps on an empty buffer, as indexing it would.
    @inlinable public var address: UnsafePointer<Element> {
        guard let first = baseAddress else { preconditionFailure("an empty buffer has no element 0") }
        return first
    }
}

extension UnsafeMutableBufferPointer {
    /// The address of element 0; traps on an empty buffer, as indexing it would.
    @inlinable public var address: UnsafeMutablePointer<Element> {
        guard let first = baseAddress else { preconditionFailure("an empty buffer has no element 0") }
        return first
    }
}
