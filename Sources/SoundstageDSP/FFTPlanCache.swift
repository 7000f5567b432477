import CFFTW
import Foundation

/// Process-wide cache of FFTW plans, one per (kind, size).
///
/// FFTW's planner is not thread safe, so every plan is created under one lock; executing a plan is
/// thread safe, and all execution goes through FFTW's new-array functions (`fftw_execute_dft_r2c`
/// and friends) on caller-owned buffers, so one cached plan serves any number of threads at once.
/// Plans use `FFTW_ESTIMATE`: planning is cheap and, unlike `FFTW_MEASURE`, picks the same
/// algorithm on every run, which keeps results bit-identical between runs.
/// Plans live for the life of the process (they are small and sizes repeat).
final class FFTPlanCache: @unchecked Sendable {
    static let shared = FFTPlanCache()

    private let lock = NSLock()
    private var realPlans: [Int: RealFFT] = [:]
    private var complexPlans: [Int: ComplexFFT] = [:]

    func real(size: Int) -> RealFFT {
        lock.lock()
        defer { lock.unlock() }
        if let plan = realPlans[size] { return plan }
        let plan = RealFFT(plannedUnderLockWithSize: size)
        realPlans[size] = plan
        return plan
    }

    func complex(size: Int) -> ComplexFFT {
        lock.lock()
        defer { lock.unlock() }
        if let plan = complexPlans[size] { return plan }
        let plan = ComplexFFT(plannedUnderLockWithSize: size)
        complexPlans[size] = plan
        return plan
    }
}

/// A pair of plans for one transform: one for SIMD-aligned buffers and one for any alignment.
///
/// FFTW's new-array execute requires buffers with the alignment the plan was made for
/// (`fftw_alignment_of`). Swift arrays are usually but not always aligned like `fftw_malloc`
/// memory, so execution picks the aligned plan when both buffers allow it and the
/// `FFTW_UNALIGNED` plan otherwise.
struct AlignmentPair: @unchecked Sendable {
    let aligned: OpaquePointer
    let unaligned: OpaquePointer

    @inline(__always)
    func plan(for input: UnsafeRawPointer, _ output: UnsafeRawPointer) -> OpaquePointer {
        let inOffset = fftw_alignment_of(UnsafeMutablePointer(mutating: input.assumingMemoryBound(to: Double.self)))
        let outOffset = fftw_alignment_of(UnsafeMutablePointer(mutating: output.assumingMemoryBound(to: Double.self)))
        return inOffset == 0 && outOffset == 0 ? aligned : unaligned
    }
}

let plannerFlagsAligned = UInt32(FFTW_ESTIMATE)
let plannerFlagsUnaligned = UInt32(FFTW_ESTIMATE) | UInt32(FFTW_UNALIGNED)
