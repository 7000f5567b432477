import Foundation

/// Values computed once per key and shared by every thread for the life of the process (filter gains
/// on FFT bins, kernel spectra, filterbanks). A value is computed outside the lock, so two threads
/// asking for the same new key at once may both compute it; the values are equal (computing them is
/// deterministic) and the first one stored is the one every caller gets from then on. With a `limit`,
/// keys beyond the first `limit` are computed every time and not stored (callers with unbounded keys).
public final class ComputedCache<Key: Hashable, Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var values = [Key: Value]()
    private let limit: Int

    public init(limit: Int = .max) { self.limit = limit }

    /// The value for `key`, from `compute` the first time.
    public func value(_ key: Key, compute: () -> Value) -> Value {
        lock.lock()
        if let hit = values[key] {
            lock.unlock()
            return hit
        }
        lock.unlock()
        let value = compute()
        lock.lock()
        defer { lock.unlock() }
        if let first = values[key] { return first }
        if values.count < limit { values[key] = value }
        return value
    }
}
