import Dispatch
import Foundation
import SoundstageDSP
import Testing

/// Direct O(N²) DFT of interleaved complex input, the independent reference.
func directDFT(_ x: [Double], sign: Double = -1) -> [Double] {
    let n = x.count / 2
    var out = [Double](repeating: 0, count: 2 * n)
    for k in 0..<n {
        var re = 0.0, im = 0.0
        for j in 0..<n {
            let angle = sign * 2 * Double.pi * Double(k * j % n) / Double(n)
            re += x[2 * j] * cos(angle) - x[2 * j + 1] * sin(angle)
            im += x[2 * j] * sin(angle) + x[2 * j + 1] * cos(angle)
        }
        out[2 * k] = re
        out[2 * k + 1] = im
    }
    return out
}

func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}

@Suite("FFT")
struct FFTTests {
    @Test("Real FFT inverse undoes forward to 1e-12", arguments: [1, 2, 7, 64, 1000, 4096, 48000])
    func realRoundTrip(size: Int) {
        let x = TestSignals.whiteNoise(count: size, seed: 7)
        let fft = RealFFT.plan(size: size)
        #expect(maxAbsDifference(fft.inverse(fft.forward(x)), x) < 1e-12)
    }

    @Test("Complex FFT inverse undoes forward to 1e-12", arguments: [1, 3, 64, 1000])
    func complexRoundTrip(size: Int) {
        let x = TestSignals.whiteNoise(count: 2 * size, seed: 8)
        let fft = ComplexFFT.plan(size: size)
        #expect(maxAbsDifference(fft.inverse(fft.forward(x)), x) < 1e-12)
    }

    @Test("Parseval: Σx² = (1/N)·Σ|X|² over the full spectrum", arguments: [256, 1000, 1023])
    func parseval(size: Int) {
        let x = TestSignals.whiteNoise(count: size, seed: 9)
        let fft = RealFFT.plan(size: size)
        let spectrum = fft.forward(x)
        var spectralEnergy = 0.0
        for k in 0..<fft.binCount {
            let power = spectrum[2 * k] * spectrum[2 * k] + spectrum[2 * k + 1] * spectrum[2 * k + 1]
            // Bins other than DC and (even N) Nyquist stand for themselves and their mirror image.
            let isSelfMirrored = k == 0 || (size % 2 == 0 && k == size / 2)
            spectralEnergy += isSelfMirrored ? power : 2 * power
        }
        let timeEnergy = x.reduce(0) { $0 + $1 * $1 }
        #expect(abs(spectralEnergy / Double(size) - timeEnergy) < 1e-9 * timeEnergy)
    }

    @Test("A cosine of k cycles lands in bin k with amplitude N/2 and nowhere else")
    func sinusoidBin() {
        let n = 1024, cycles = 37
        let x = (0..<n).map { cos(2 * Double.pi * Double(cycles * $0) / Double(n)) }
        let spectrum = RealFFT.plan(size: n).forward(x)
        for k in 0...(n / 2) {
            let magnitude = hypot(spectrum[2 * k], spectrum[2 * k + 1])
            #expect(abs(magnitude - (k == cycles ? Double(n) / 2 : 0)) < 1e-9)
        }
    }

    @Test("Real and complex FFTs equal the direct DFT for small sizes", arguments: Array(1...16) + [30])
    func matchesDirectDFT(size: Int) {
        let real = TestSignals.whiteNoise(count: size, seed: UInt64(size))
        let complexInput = real.flatMap { [$0, 0.0] }
        let reference = directDFT(complexInput)
        let realSpectrum = RealFFT.plan(size: size).forward(real)
        #expect(maxAbsDifference(realSpectrum, Array(reference.prefix(realSpectrum.count))) < 1e-10)

        let z = TestSignals.whiteNoise(count: 2 * size, seed: UInt64(100 + size))
        #expect(maxAbsDifference(ComplexFFT.plan(size: size).forward(z), directDFT(z)) < 1e-10)
        #expect(
            maxAbsDifference(
                ComplexFFT.plan(size: size).inverse(z),
                directDFT(z, sign: 1).map { $0 / Double(size) }) < 1e-10)
    }

    /// The committed wisdom (`FFTWisdom`) decides these sizes' algorithms in every process; a wrong or
    /// corrupted wisdom would show here. Bins sampled across the spectrum are summed directly (O(N) each);
    /// the input is also transformed from a buffer one double off FFTW's alignment (the unaligned plan).
    /// Tolerance: the direct sums' rounding, about N·ε of Σ|x|, is below 1e-11 of it at these sizes.
    @Test("Transforms at the wisdom's sizes equal direct DFT sums, aligned and not", arguments: [16000, 21600, 86400])
    func wisdomSizesMatchDirectSums(size: Int) {
        let x = TestSignals.whiteNoise(count: size, seed: UInt64(size))
        let fft = RealFFT.plan(size: size)
        let aligned = fft.forward(x)
        var shifted = [Double](repeating: 0, count: size + 1), unaligned = [Double](repeating: 0, count: size + 2)
        shifted.replaceSubrange(1..., with: x)
        shifted.withUnsafeBufferPointer { input in
            unaligned.withUnsafeMutableBufferPointer { fft.forward(input.baseAddress! + 1, into: $0.baseAddress!) }
        }
        let scale = x.reduce(0) { $0 + abs($1) }
        for k in [0, 1, 7, size / 5 + 3, size / 3, size / 2] {
            var re = 0.0, im = 0.0
            for (j, value) in x.enumerated() {
                let angle = -2 * Double.pi * Double(k * j % size) / Double(size)
                re += value * cos(angle)
                im += value * sin(angle)
            }
            for spectrum in [aligned, unaligned] {
                #expect(abs(spectrum[2 * k] - re) < 1e-11 * scale && abs(spectrum[2 * k + 1] - im) < 1e-11 * scale)
            }
        }
        #expect(maxAbsDifference(fft.inverse(aligned), x) < 1e-12)
    }

    @Test("Many threads planning and executing at once give the serial answers bit for bit")
    func concurrentUse() {
        let sizes = [96, 250, 512, 729, 1001, 2048, 3000, 4500]
        let inputs = sizes.map { TestSignals.whiteNoise(count: $0, seed: UInt64($0)) }
        let serial = zip(sizes, inputs).map { RealFFT.plan(size: $0).forward($1) }
        let results = ResultSlots(count: sizes.count * 4)
        DispatchQueue.concurrentPerform(iterations: sizes.count * 4) { i in
            let j = i % sizes.count
            results.set(i, RealFFT.plan(size: sizes[j]).forward(inputs[j]))
        }
        for i in 0..<(sizes.count * 4) { #expect(results.get(i) == serial[i % sizes.count]) }
    }

    @Test("Fast sizes have only the prime factors 2, 3 and 5")
    func fastSizes() {
        #expect(FFTSize.fast(atLeast: 7) == 8)
        #expect(FFTSize.fast(atLeast: 1001) == 1024)
        #expect(FFTSize.fast(atLeast: 1025) == 1080)
        #expect(FFTSize.powerOfTwo(atLeast: 1025) == 2048)
    }
}

/// Lock-protected result slots for concurrent tests.
final class ResultSlots: @unchecked Sendable {
    private var slots: [[Double]]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: [], count: count) }
    func set(_ i: Int, _ value: [Double]) {
        lock.lock()
        slots[i] = value
        lock.unlock()
    }
    func get(_ i: Int) -> [Double] {
        lock.lock()
        defer { lock.unlock() }
        return slots[i]
    }
}
