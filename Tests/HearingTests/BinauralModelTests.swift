import Binaural
import Foundation
import Hearing
import SoundstageDSP
import Testing

private let fs = PlaneWaveScene.sampleRate
private let sphere = SphereHead()
private let sphereModel = BinauralModel(head: sphere, sampleRate: fs)

/// The measured KEMAR head (MIT, normal pinna) shipped with Debian's libmysofa.
private func kemar() throws -> SOFAHead {
    try SOFAHead(path: "/usr/share/libmysofa/MIT_KEMAR_normal_pinna.sofa", sampleRate: fs)
}

private func single(_ azimuth: Double, head: any HeadModel) -> EarSignals {
    PlaneWaveScene.response([.init(azimuthDegrees: azimuth, gain: 1, delaySeconds: 0)], head: head)
}

/// The lateral angle, failing the test when the model finds the image not localizable.
private func lateral(_ prediction: ImagePrediction) throws -> Double {
    try #require(prediction.lateralDegrees, "not localizable: \(prediction.notes)")
}

@Suite("Binaural model: single sources, summing localization, precedence, rooms")
struct BinauralModelTests {
    /// Stimulus and criterion as in the issue: a 200 ms pink-noise burst in free field; a listener
    /// points within a few degrees of a real source up to 60° (real-loudspeaker errors −4.6…+2.9°,
    /// Wierstorf et al. 2013, AMT data_wierstorf2013 'fig6'), and lateral blur grows to ~10° near 90°.
    @Test("Free-field sources 0–60° are predicted within 5°, 80° within 70–90° (sphere and KEMAR)")
    func singleSources() throws {
        let heads: [any HeadModel] = [sphere, try kemar()]
        for head in heads {
            let model = head is SphereHead ? sphereModel : BinauralModel(head: head, sampleRate: fs)
            for azimuth in [0.0, 10, 20, 30, 45, 60] {
                let left = try lateral(model.predictBurst(response: single(azimuth, head: head)))
                let right = try lateral(model.predictBurst(response: single(-azimuth, head: head)))
                #expect(abs(left - azimuth) <= 5, "\(head.name) \(azimuth)°: \(left)°")
                #expect(abs(right + azimuth) <= 5, "\(head.name) −\(azimuth)°: \(right)°")
            }
            let at80 = try lateral(model.predictBurst(response: single(80, head: head)))
            #expect((70...90).contains(at80), "\(head.name) 80°: \(at80)°")
        }
    }

    @Test("Recorded bursts (three noise seeds) give the expected-cue prediction within 2°")
    func signalModeAgrees() throws {
        for azimuth in [0.0, 30, 60] {
            let response = single(azimuth, head: sphere)
            let expected = try lateral(sphereModel.predictBurst(response: response))
            for seed: UInt64 in [1, 2, 3] {
                let heard = sphereModel.predictSignal(PlaneWaveScene.burst(through: response, seed: seed))
                #expect(abs(try lateral(heard) - expected) <= 2, "\(azimuth)°, seed \(seed)")
            }
        }
    }

    /// Level panning of a ±30° pair, pink noise: the band spanned by Lee's MARRS function (Lee,
    /// Johnson & Mironovs 2017, from Lee & Rumsey 2013, JAES 61:978) and Simonsen (1984, via Wittek &
    /// Theile 2002), ±4°, with the tangent law as the lower bound (broadband images are heard more
    /// lateral than it: Pulkki & Karjalainen 2001, JAES 49:739).
    @Test("Level panning 3–15 dB: inside the published summing-localization band and monotonic")
    func levelPanning() throws {
        let published: [(db: Double, low: Double, high: Double)] = [
            (3, 5, 10), (6, 10, 18), (9, 14, 23), (12, 17, 26), (15, 20, 28),
        ]
        var previous = try lateral(
            sphereModel.predictBurst(response: PlaneWaveScene.pair(levelDB: 0, leadSeconds: 0, head: sphere)))
        #expect(abs(previous) < 0.5)
        for (db, low, high) in published {
            let angle = try lateral(
                sphereModel.predictBurst(response: PlaneWaveScene.pair(levelDB: db, leadSeconds: 0, head: sphere)))
            let g = pow(10, db / 20)
            let tangentLaw = atan(tan(Double.pi / 6) * (g - 1) / (g + 1)) * 180 / Double.pi
            #expect(angle >= low - 4 && angle <= high + 4, "\(db) dB: \(angle)°")
            #expect(angle >= tangentLaw - 1, "\(db) dB: \(angle)° below the tangent law's \(tangentLaw)°")
            #expect(angle > previous, "\(db) dB: \(angle)° not above \(previous)°")
            let mirrored = try lateral(
                sphereModel.predictBurst(response: PlaneWaveScene.pair(levelDB: -db, leadSeconds: 0, head: sphere)))
            #expect(abs(mirrored + angle) < 1, "−\(db) dB mirrors \(db) dB")
            previous = angle
        }
    }

    /// Time panning, same pair: Lee's MARRS 8 / 16 / 22 / 26 / 30° (Lee, Johnson & Mironovs 2017, from
    /// Lee & Rumsey 2013) and Simonsen's 9.7 / 17.9 / 23.3 / 25.5 / 27.8° (1984, via Wittek & Theile 2002)
    /// at 0.2 / 0.4 / 0.6 / 0.8 / 1.0 ms, ±4° as for level panning; beyond about 1.1 ms listeners hear the
    /// leading loudspeaker itself (Simonsen's 30° point is 1.12 ms).
    @Test("Time panning 0.2–1.0 ms: inside the published band and monotonic; the lead's speaker beyond")
    func timePanning() throws {
        let published: [(ms: Double, low: Double, high: Double)] = [
            (0.2, 8, 10), (0.4, 16, 18), (0.6, 22, 23), (0.8, 25, 26), (1.0, 28, 30),
        ]
        var previous = 0.0
        for (ms, low, high) in published {
            let angle = try lateral(
                sphereModel.predictBurst(
                    response: PlaneWaveScene.pair(levelDB: 0, leadSeconds: ms / 1000, head: sphere)))
            #expect(angle >= low - 4 && angle <= high + 4, "\(ms) ms: \(angle)°")
            #expect(angle > previous, "\(ms) ms: \(angle)° not above \(previous)°")
            let mirrored = try lateral(
                sphereModel.predictBurst(
                    response: PlaneWaveScene.pair(levelDB: 0, leadSeconds: -ms / 1000, head: sphere)))
            #expect(abs(mirrored + angle) < 1, "−\(ms) ms mirrors \(ms) ms")
            previous = angle
        }
        for ms in [1.2, 1.5] {
            let angle = try lateral(
                sphereModel.predictBurst(
                    response: PlaneWaveScene.pair(levelDB: 0, leadSeconds: ms / 1000, head: sphere)))
            #expect(abs(angle - 30) <= 4, "\(ms) ms: \(angle)°")
        }
    }

    /// The onset frames read each band's output ITD-aligned; for one source in front of a rigid sphere
    /// they must give the cues of the whole response (read by ``BinauralCues`` from the whole response,
    /// as ``HeadCueMap`` reads the head). 60 µs is about 4–5° of lateral angle near the front, inside the
    /// model's 5° accuracy for a real source. Read with both ears truncated together, the far ear's share
    /// is cut: at 80° the 1–5 kHz bands' ITD came out 380–420 µs instead of 620–650 µs. (Measured KEMAR
    /// HRIRs are left out: their pinna and torso echoes make the first half millisecond of a band differ
    /// from the whole HRIR by design — 39 of 168 band cues differ by more than 100 µs — and the
    /// single-source test checks KEMAR's images.)
    @Test("Onset cues of one source in front of a sphere equal its whole-response cues, 0–80°")
    func onsetCuesOfOneSource() throws {
        let bank = AuditoryFilterbank(sampleRate: fs, fftSize: PlaneWaveScene.length, pinkWeighting: true)
        let fft = RealFFT.plan(size: PlaneWaveScene.length)
        for azimuth in [0.0, 30, 60, 80] {
            let response = single(azimuth, head: sphere)
            let l = fft.forward(response.left), r = fft.forward(response.right)
            let spectrum = l.withUnsafeBufferPointer { lp in
                r.withUnsafeBufferPointer {
                    CrossSpectrum(left: lp.baseAddress!, right: $0.baseAddress!, bins: 0..<fft.binCount)
                }
            }
            let whole = bank.bands.map { BinauralCues.band($0, spectrum: spectrum, binHz: fs / Double(fft.size)) }
            for frame in sphereModel.onsetCues(response: response) {
                for (b, band) in bank.bands.enumerated() where band.centreHz >= 1000 {
                    let onset = try #require(frame[b]), reference = try #require(whole[b])
                    let label = "\(azimuth)° \(Int(band.centreHz)) Hz"
                    #expect(abs(onset.itdSeconds - reference.itdSeconds) <= 60e-6, "\(label): ITD \(onset.itdSeconds)")
                    #expect(abs(onset.ildDB - reference.ildDB) <= 1.5, "\(label): ILD \(onset.ildDB) dB")
                }
            }
        }
    }

    /// Two loudspeakers 1 ms apart: a band whose impulse response peaks within 0.9 ms (from 4.5 kHz up)
    /// hears the leading one nearly alone in its first onset frame, so its onset cues are those of the
    /// lead played alone (within 50 µs, about 5°, and 1 dB). Lower bands ring longer and mix the two.
    @Test("Onset cues of a time-panned pair (1 ms) are the lead's alone from 4.5 kHz up")
    func onsetCuesOfTimePannedPair() throws {
        let pair = sphereModel.onsetCues(response: PlaneWaveScene.pair(levelDB: 0, leadSeconds: 0.001, head: sphere))
        let lead = sphereModel.onsetCues(response: single(30, head: sphere))
        let (pairCues, leadCues) = (try #require(pair.first), try #require(lead.first))
        for (b, hz) in sphereModel.map.centresHz.enumerated() where hz >= 4500 {
            let p = try #require(pairCues[b]), l = try #require(leadCues[b])
            #expect(abs(p.itdSeconds - l.itdSeconds) <= 50e-6, "\(Int(hz)) Hz: ITD \(p.itdSeconds) vs \(l.itdSeconds)")
            #expect(abs(p.ildDB - l.ildDB) <= 1, "\(Int(hz)) Hz: ILD \(p.ildDB) vs \(l.ildDB) dB")
        }
    }

    /// Precedence: a lag within 2–20 ms, equal or a few dB louder, does not move the image from the
    /// lead (Haas 1951; Litovsky et al. 1999, JASA 106:1633); a lag 15 dB louder takes it
    /// (Litovsky et al. 1999; Pastore & Braasch 2015, JASA 138).
    @Test("Lead +30° and lag −30°: the image stays with the lead unless the lag is 15 dB louder")
    func precedence() throws {
        func image(delayMs: Double, lagDB: Double) throws -> Double {
            try lateral(
                sphereModel.predictBurst(
                    response: PlaneWaveScene.response(
                        [
                            .init(azimuthDegrees: 30, gain: 1, delaySeconds: 0),
                            .init(azimuthDegrees: -30, gain: pow(10, lagDB / 20), delaySeconds: delayMs / 1000),
                        ], head: sphere)))
        }
        for delay in [2.0, 5, 10, 20] {
            for lag in [0.0, 3] {
                let angle = try image(delayMs: delay, lagDB: lag)
                #expect(abs(angle - 30) <= 5, "lag \(delay) ms, \(lag) dB: \(angle)°")
            }
        }
        for delay in [2.0, 5, 10] {
            let angle = try image(delayMs: delay, lagDB: 15)
            #expect(angle < -20, "lag \(delay) ms, +15 dB: \(angle)°")
        }
    }

    /// A source at +30° in a diffuse reverberant field (independent exponentially decaying noise at
    /// the two ears, T60 0.5 s) at DRR −6 dB, with a strong early reflection from −50° 4 ms later.
    @Test("A source in a diffuse tail at DRR −6 dB with an opposite early reflection is found within 8°")
    func reverberantSource() throws {
        var response = PlaneWaveScene.response(
            [
                .init(azimuthDegrees: 30, gain: 1, delaySeconds: 0),
                .init(azimuthDegrees: -50, gain: 0.7, delaySeconds: 0.004),
            ], head: sphere)
        let direct = single(30, head: sphere)
        let directEnergy = direct.left.reduce(0) { $0 + $1 * $1 } + direct.right.reduce(0) { $0 + $1 * $1 }
        let start = Int(0.010 * fs), decay = 6.91 / 0.5
        let tails = [
            TestSignals.whiteNoise(count: response.left.count, seed: 11),
            TestSignals.whiteNoise(count: response.left.count, seed: 12),
        ]
        var tailEnergy = 0.0
        var shaped = tails
        for ear in 0..<2 {
            for n in 0..<response.left.count {
                shaped[ear][n] = n < start ? 0 : tails[ear][n] * exp(-decay * Double(n - start) / fs)
                tailEnergy += shaped[ear][n] * shaped[ear][n]
            }
        }
        let scale = (directEnergy * pow(10, 0.6) / tailEnergy).squareRoot()  // DRR = −6 dB
        for n in 0..<response.left.count {
            response.left[n] += scale * shaped[0][n]
            response.right[n] += scale * shaped[1][n]
        }
        let angle = try lateral(sphereModel.predictBurst(response: response))
        #expect(abs(angle - 30) <= 8, "\(angle)°")
    }

    /// Phantom centre of a ±30° pair at 2.89 m (speakers at x = ±1.4434 m, 2.5 m ahead), listener moved
    /// sideways by x. Wierstorf's (2014) binaural model puts the image within 5° of the centre up to
    /// 0.10 m and 15° toward the nearer speaker at 0.30 m; listeners hear it in the nearer speaker
    /// from about 1.0–1.2 ms of ICTD (0.35–0.45 m). It never leaves the loudspeaker span.
    @Test(
        "Off-centre phantom centre: near the centre up to 0.1 m off, toward the nearer speaker from 0.2 m, in the span"
    )
    func offCentrePhantom() throws {
        func scene(_ x: Double) -> (image: Double?, speakers: [Double]) {
            let arrivals = [-1.4434, 1.4434].map { sx -> PlaneWaveScene.Arrival in
                let r = ((sx - x) * (sx - x) + 2.5 * 2.5).squareRoot()
                return .init(azimuthDegrees: atan2(x - sx, 2.5) * 180 / Double.pi, gain: 1 / r, delaySeconds: r / 343)
            }
            let image = sphereModel.predictBurst(response: PlaneWaveScene.response(arrivals, head: sphere))
            return (image.lateralDegrees, arrivals.map(\.azimuthDegrees))
        }
        for x in [0.0, 0.05, 0.1] {
            let angle = try #require(scene(x).image)
            #expect(abs(angle) <= 8, "x = \(x) m: \(angle)°")
        }
        for x in [0.2, 0.3, 0.4, 0.5, 0.75, 1.0] {
            let (image, speakers) = scene(x)
            let angle = try #require(image)
            // At least halfway from straight ahead toward the nearer (right) speaker.
            #expect(angle <= 0.5 * speakers.min()!, "x = \(x) m: \(angle)° not pulled to the right speaker")
            #expect(angle >= speakers.min()! - 2, "x = \(x) m: \(angle)° outside the span \(speakers)")
        }
    }

    @Test("Silence and fully diffuse sound are not localizable, with the reason")
    func notLocalizable() {
        let silent = EarSignals(
            left: [Double](repeating: 0, count: 4096), right: [Double](repeating: 0, count: 4096), sampleRate: fs)
        let quiet = sphereModel.predictBurst(response: silent)
        #expect(quiet.lateralDegrees == nil && quiet.notes.first?.contains("silent") == true)
        // Two independent pink noises at the ears: a perfectly diffuse field heard for 0.5 s.
        let diffuse = EarSignals(
            left: TestSignals.pinkNoise(count: 24000, seed: 1), right: TestSignals.pinkNoise(count: 24000, seed: 2),
            sampleRate: fs)
        let prediction = sphereModel.predictSignal(diffuse)
        #expect(
            prediction.lateralDegrees == nil,
            "\(String(describing: prediction.lateralDegrees)) \(prediction.confidence)")
        #expect(prediction.notes.first?.contains("diffuse") == true, "\(prediction.notes)")
    }
}
