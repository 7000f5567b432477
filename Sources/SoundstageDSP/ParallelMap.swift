import Dispatch
import Foundation

/// Write-once result slots filled from concurrent workers (each index written by one worker).
public final class ParallelResults<Value>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = NSLock()

    public init(count: Int) { storage = Array(repeating: nil, count: count) }

    public subscript(index: Int) -> Value {
        get {
            lock.lock()
            defer { lock.unlock() }
            guard let value = storage[index] else { preconditionFailure("slot \(index) read before it was written") }
            return value
        }
        set {
            lock.lock()
            storage[index] = newValue
            lock.unlock()
        }
    }

    /// All values in index order (every slot must have been written).
    public var values: [Value] {
        lock.lock()
        defer { lock.unlock() }
        return storage.enumerated().map { index, value in
            guard let value else { preconditionFailure("slot \(index) read before it was written") }
            return value
        }
    }

    /// `body(i)` for i in 0..<count on up to `jobs` threads, results in index order. Workers take
    /// the next index as they finish one, so uneven items balance out; the values do not depend on
    /// the number of jobs.
    public static func map(count: Int, jobs: Int, _ body: @Sendable (Int) -> Value) -> [Value] where Value: Sendable {
        let results = ParallelResults<Value>(count: count)
        concurrentForEach(count: count, jobs: jobs) { results[$0] = body($0) }
        return results.values
    }
}

/// `body(i)` once for each i in 0..<count, on up to `jobs` threads. Workers take the next index as
/// they finish one, so uneven items balance out.
public func concurrentForEach(count: Int, jobs: Int, _ body: @Sendable (Int) -> Void) {
    let next = SharedCounter()
    DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, count))) { _ in
        while true {
            let i = next.increment() - 1
            guard i < count else { return }
            body(i)
        }
    }
}

/// A counter shared by threads (e.g. the next item to take, or items done for a progress report).
public final class SharedCounter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    public init() {}
    /// Adds one and returns the new value.
    public func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}

/// A flag shared by threads, set once (e.g. a worker's failure, so the others start no new item).
public final class SharedFlag: @unchecked Sendable {
    private var value = false
    private let lock = NSLock()
    public init() {}
    public var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
    public func set() {
        lock.lock()
        value = true
        lock.unlock()
    }
}
