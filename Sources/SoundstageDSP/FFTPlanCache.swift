import CFFTW
import Foundation

/// Process-wide cache of FFTW plans, one per (kind, size).
///
/// FFTW's planner is not thread safe, so every plan is created under one lock (``planner``); executing
/// a plan is thread safe, and all execution goes through FFTW's new-array functions (`fftw_execute_dft_r2c`
/// and friends) on caller-owned buffers, so one cached plan serves any number of threads at once.
/// Plans use `FFTW_ESTIMATE`: planning measures nothing and, unlike `FFTW_MEASURE`, picks the same
/// algorithm on every run, which keeps results bit-identical between runs. Before the first plan the
/// process imports ``FFTWisdom/measured``, the plans FFTW measured on this project's machine for the sizes of
/// the default and gate studies: FFTW's estimate planner uses wisdom of equal or greater rigour where it
/// has it, so those sizes get the measured algorithm (still the same on every run), and every other
/// size, or every size where that wisdom does not import (another FFTW version), the estimated one.
/// ``FFTPlanning`` regenerates the wisdom (`make wisdom`).
/// Plans are made on first use (``AlignmentPair``) and live for the life of the process (they are small
/// and sizes repeat).
final class FFTPlanCache: @unchecked Sendable {
    static let shared = FFTPlanCache()
    /// Held while FFTW plans (its planner is not thread safe).
    static let planner = NSLock()

    private let realPlans = ComputedCache<Int, RealFFT>()
    private let complexPlans = ComputedCache<Int, ComplexFFT>()

    // Making a transform plans nothing (its variants are planned on first use), so a transform two
    // threads make at once for a new size costs nothing; the first stored is the one every caller uses.
    func real(size: Int) -> RealFFT { realPlans.value(size) { RealFFT(size: size) } }

    func complex(size: Int) -> ComplexFFT { complexPlans.value(size) { ComplexFFT(size: size) } }
}

/// The two plans of one transform, one for SIMD-aligned buffers and one for any alignment, each
/// made on its first use (under ``FFTPlanCache/planner``).
///
/// FFTW's new-array execute requires buffers with the alignment the plan was made for
/// (`fftw_alignment_of`). Swift arrays are usually but not always aligned like `fftw_malloc`
/// memory, so execution picks the aligned plan when both buffers allow it and the
/// `FFTW_UNALIGNED` plan otherwise. Planning even with `FFTW_ESTIMATE` costs 1–15 ms per plan at
/// the lengths of room responses (measured with FFTW 3.3.10 here, 10–70 executions' worth), so a
/// transform plans only the variants a process executes: a one-shot command that runs one FFT
/// of a length in one alignment plans once, not four times.
final class AlignmentPair: @unchecked Sendable {
    private var aligned: OpaquePointer?
    private var unaligned: OpaquePointer?
    private let lock = NSLock()
    /// Makes the plan with the given planner flags; called with the planner lock held.
    private let make: (UInt32) -> OpaquePointer?

    init(_ make: @escaping (UInt32) -> OpaquePointer?) { self.make = make }

    @inline(__always)
    func plan(for input: UnsafeRawPointer, _ output: UnsafeRawPointer) -> OpaquePointer {
        let inOffset = fftw_alignment_of(UnsafeMutablePointer(mutating: input.assumingMemoryBound(to: Double.self)))
        let outOffset = fftw_alignment_of(UnsafeMutablePointer(mutating: output.assumingMemoryBound(to: Double.self)))
        let isAligned = inOffset == 0 && outOffset == 0
        lock.lock()
        let made = isAligned ? aligned : unaligned
        lock.unlock()
        return made ?? planned(aligned: isAligned)
    }

    private func planned(aligned isAligned: Bool) -> OpaquePointer {
        FFTPlanCache.planner.lock()
        defer { FFTPlanCache.planner.unlock() }
        lock.lock()
        defer { lock.unlock() }
        if let made = isAligned ? aligned : unaligned { return made }
        FFTPlanning.prepareOnce()
        let flags = UInt32(FFTPlanning.measuring ? FFTW_MEASURE : FFTW_ESTIMATE)
        guard let plan = make(isAligned ? flags : flags | UInt32(FFTW_UNALIGNED)) else {
            fatalError("FFTW could not make a plan")
        }
        if isAligned { aligned = plan } else { unaligned = plan }
        return plan
    }
}

/// How this process plans its transforms: with the committed wisdom (the default), or measuring and
/// recording new wisdom (the maintainers' `make wisdom`, through `soundstage-bench fftw-wisdom`).
///
/// FFTW's wisdom records which algorithm its planner chose for a transform; it is specific to the
/// machine's instruction set and to the FFTW version, and a plan made from it is the same on every run.
/// See FFTW's manual, "Words of Wisdom—Saving Plans".
public enum FFTPlanning {
    nonisolated(unsafe) private static var prepared = false
    nonisolated(unsafe) fileprivate static var measuring = false

    /// From now on plans are measured (`FFTW_MEASURE`: seconds per size), starting from no wisdom, so
    /// that ``wisdom()`` afterwards holds this machine's fastest algorithms for the sizes planned.
    /// Call before the process makes its first transform; measured plans can differ from run to run.
    public static func measure() {
        FFTPlanCache.planner.lock()
        defer { FFTPlanCache.planner.unlock() }
        precondition(!prepared, "FFTPlanning.measure() must come before the first plan")
        (prepared, measuring) = (true, true)
    }

    /// The wisdom of every plan this process has made, in FFTW's text format.
    public static func wisdom() -> String {
        FFTPlanCache.planner.lock()
        defer { FFTPlanCache.planner.unlock() }
        guard let text = fftw_export_wisdom_to_string() else { return "" }
        defer { free(text) }
        return String(cString: text)
    }

    /// Imports ``FFTWisdom/measured`` before the first plan, unless measuring; called with the planner
    /// lock held. A wisdom that does not import (another FFTW version) leaves estimated plans.
    fileprivate static func prepareOnce() {
        guard !prepared else { return }
        prepared = true
        _ = fftw_import_wisdom_from_string(FFTWisdom.measured)
    }
}
