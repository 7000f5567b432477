import Foundation
import Hearing
import SoundstageDSP
import Testing

@Suite("Auditory filterbank and band cues")
struct BinauralCuesTests {
    @Test("ERB(1 kHz) = 132.6 Hz and ERB-number(1 kHz) = 15.62 Cams (Glasberg & Moore 1990); the two invert")
    func erbScale() {
        #expect(abs(AuditoryFilterbank.erb(1000) - 132.639) < 1e-3)
        #expect(abs(AuditoryFilterbank.erbNumber(1000) - 15.6214) < 1e-3)
        for f in [100.0, 1000, 12000] {
            #expect(abs(AuditoryFilterbank.frequency(erbNumber: AuditoryFilterbank.erbNumber(f)) - f) < 1e-9 * f)
        }
        let centres = AuditoryFilterbank.centres(lowHz: 100, highHz: 12000, sampleRate: 48000)
        // 100 Hz = 3.36 Cams, 12 kHz = 36.98 Cams: 34 bands one Cam apart.
        #expect(centres.count == 34 && abs(centres[0] - 100) < 1e-9)
    }

    /// Right ear = left ear delayed by τ and scaled by g (white noise spectrum): every band reads ITD τ
    /// (fine structure or envelope), ILD −20·log10 g and coherence 1.
    @Test("A pure interaural delay and gain are read back in every band")
    func pureDelayAndGain() throws {
        let size = 8192, fs = 48000.0
        let fft = RealFFT.plan(size: size)
        let bank = AuditoryFilterbank(sampleRate: fs, fftSize: size)
        for (tau, gain) in [(300e-6, 0.5), (-450e-6, 1.0), (650e-6, 2.0)] {
            var left = [Double](repeating: 0, count: 2 * fft.binCount), right = left
            for k in 0..<fft.binCount {
                left[2 * k] = 1
                let phase = -2 * Double.pi * Double(k) * fs / Double(size) * tau
                right[2 * k] = gain * cos(phase)
                right[2 * k + 1] = gain * sin(phase)
            }
            let spectrum = left.withUnsafeBufferPointer { l in
                right.withUnsafeBufferPointer {
                    CrossSpectrum(left: l.baseAddress!, right: $0.baseAddress!, bins: 0..<(left.count / 2))
                }
            }
            for band in bank.bands {
                let cue = try #require(BinauralCues.band(band, spectrum: spectrum, binHz: fs / Double(size)))
                #expect(abs(cue.itdSeconds - tau) < 2e-6, "\(band.centreHz) Hz: \(cue.itdSeconds)")
                #expect(abs(cue.ildDB + 20 * log10(gain)) < 1e-9)
                #expect(abs(cue.coherence - 1) < 1e-6)
            }
        }
    }
}
