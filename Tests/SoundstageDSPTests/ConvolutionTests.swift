import SoundstageDSP
import Testing

@Suite("Convolution")
struct ConvolutionTests {
    @Test(
        "FFT overlap-add equals direct convolution within 1e-9 relative",
        arguments: [(1, 1), (5, 3), (100, 65), (1000, 81), (20000, 513), (70000, 4000), (300, 2000)])
    func fftMatchesDirect(sizes: (Int, Int)) {
        let x = TestSignals.whiteNoise(count: sizes.0, seed: 1)
        let h = TestSignals.whiteNoise(count: sizes.1, seed: 2)
        let reference = Convolution.direct(x, h)
        let fast = FIRConvolver(kernel: h).convolve(x)
        let chosen = Convolution.convolve(x, h)
        let scale = reference.reduce(0) { max($0, abs($1)) }
        #expect(fast.count == sizes.0 + sizes.1 - 1)
        #expect(maxAbsDifference(fast, reference) <= 1e-9 * scale)
        #expect(maxAbsDifference(chosen, reference) <= 1e-9 * scale)
    }

    @Test("Convolving with a delayed unit impulse delays the signal")
    func impulseDelays() {
        let x = TestSignals.whiteNoise(count: 500, seed: 3)
        var h = [Double](repeating: 0, count: 100)
        h[17] = 1
        let y = FIRConvolver(kernel: h).convolve(x)
        #expect(maxAbsDifference(Array(y[17..<517]), x) < 1e-12)
    }
}
