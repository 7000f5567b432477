import Binaural
import BinauralRoom
import Dispatch
import Evaluation
import Foundation
import Hearing
import Reports
import RoomAcoustics
import SceneFiles
import Soundstage
import SoundstageDSP
import SpatialChain

// soundstage-bench: release-build benchmarks. Each case prints one JSON line with its timings so
// scripts (Benchmarks/bench.py, `make bench`) can compare against peers in the same run.
//
//   swift run -c release soundstage-bench [case ...]
//   cases: fft-convolution, rir-one, rir-grid, brir-seat, brir-seat-kemar, sweep-seat, hearing-burst,
//   cross-correlation, all (default); and `fftw-wisdom`, which regenerates the committed FFTW wisdom

/// Median wall time in seconds of `repeats` runs of `body` (after one warm-up run).
func measure(repeats: Int, _ body: () -> Void) -> (median: Double, min: Double) {
    body()
    var times = [Double]()
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    times.sort()
    return (times[times.count / 2], times[0])
}

func report(_ name: String, _ fields: [(String, Any)]) {
    let body = fields.map { key, value in
        if let d = value as? Double { return "\"\(key)\": \(String(format: "%.6g", d))" }
        return "\"\(key)\": \(value is String ? "\"\(value)\"" : "\(value)")"
    }.joined(separator: ", ")
    print("{\"case\": \"\(name)\", \(body)}")
}

/// The peers' benchmark room: 6 × 4.5 × 2.7 m, uniform α from Sabine RT60 0.5 s, one band
/// (no air, omni), all images within 0.5 s, 81-tap fractional delay, no tail.
func benchmarkSimulator() throws -> RoomSimulator {
    let dims = Vector3(6, 4.5, 2.7)
    let alpha = try ReverberationTheory.inverseSabine(rt60: 0.5, volume: 72.9, surfaceArea: 110.7)
    let room = try RoomShapes.shoebox(
        name: "bench", dimensions: dims, absorption: Array(repeating: Absorption(uniform: alpha), count: 6))
    var options = SimulationOptions()
    options.duration = 0.5
    options.lateTail = false
    options.airAbsorption = false
    return RoomSimulator(room: room, options: options)
}

let source = SoundSource(position: Vector3(2.0, 1.5, 1.5))
let jobs = ProcessInfo.processInfo.activeProcessorCount

func fftConvolution() {
    let x = TestSignals.whiteNoise(count: 480_000, seed: 1)
    let h = TestSignals.whiteNoise(count: 24_000, seed: 2)
    let convolver = FIRConvolver(kernel: h)
    let t = measure(repeats: 5) { _ = convolver.convolve(x) }
    report(
        "fft-convolution",
        [
            ("signal_samples", 480_000), ("kernel_taps", 24_000), ("median_s", t.median), ("min_s", t.min),
            ("msamples_per_s", 480_000 / t.median / 1e6),
        ])
}

func rirOne() throws {
    let sim = try benchmarkSimulator()
    let receiver = Vector3(4.1, 3.2, 1.2)
    var images = 0
    let t = measure(repeats: 7) { _ = try! sim.impulseResponses(source: source, receivers: [receiver], jobs: jobs) }
    let prepared = sim.prepare(source: source)
    let tPrepare = measure(repeats: 7) { _ = sim.prepare(source: source) }
    // The stored route's stages (taken with a late tail or scattering; this case streams its arrivals).
    let tArrivals = measure(repeats: 7) { _ = sim.arrivals(prepared, receiver: receiver) }
    let set = sim.arrivals(prepared, receiver: receiver).arrivals
    images = set.count
    let tRender = measure(repeats: 7) {
        var trains = BandTrains(bandCount: set.bandCount, length: sim.length)
        sim.renderer.accumulate(set, into: &trains)
    }
    report(
        "rir-one",
        [
            ("images", images), ("median_s", t.median), ("min_s", t.min), ("prepare_s", tPrepare.median),
            ("stored_arrivals_s", tArrivals.median), ("stored_accumulate_s", tRender.median),
        ])
}

func rirGrid() throws {
    let sim = try benchmarkSimulator()
    let receivers = (0..<100).map { i in Vector3(0.5 + 0.5 * Double(i % 10) + 0.05, 0.4 + 0.37 * Double(i / 10), 1.2) }
    let t = measure(repeats: 3) { _ = try! sim.impulseResponses(source: source, receivers: receivers, jobs: jobs) }
    report("rir-grid", [("receivers", 100), ("jobs", jobs), ("median_s", t.median), ("min_s", t.min)])
}

/// All five Echo-like drivers × two ears at one seat of the furnished living room (sphere head,
/// late tail on). The head table is built once per head, outside the per-seat timing.
func brirSeat(head: any HeadModel, label: String) throws {
    let contents = try RoomFile.load("Rooms/living-room.yaml")
    var device = try DeviceFile.load(DeviceFile.defaultName)
    (device.position, device.yawRadians) = (contents.devicePosition!, contents.deviceYawRadians)
    let tableStart = DispatchTime.now().uptimeNanoseconds
    let table = HeadResponseTable(head: head)
    let tableSeconds = Double(DispatchTime.now().uptimeNanoseconds - tableStart) / 1e9
    let renderer = BinauralRenderer(
        simulator: RoomSimulator(room: contents.room, options: contents.options), table: table)
    let seat = Vector3(2.6, 2.7, 1.1)
    let pose = ListenerPose.facing(device.position, from: seat)
    let sources = device.drivers.map { device.source($0) }
    let t = measure(repeats: 5) {
        for source in sources { _ = renderer.render(renderer.simulator.prepare(source: source), listener: pose) }
    }
    var firstOrder = renderer
    firstOrder.exactOrder = 1
    let tFirst = measure(repeats: 5) {
        for source in sources { _ = firstOrder.render(firstOrder.simulator.prepare(source: source), listener: pose) }
    }
    report(
        "brir-seat-\(label)",
        [
            ("drivers", sources.count), ("median_s", t.median), ("min_s", t.min), ("head_table_s", tableSeconds),
            ("exact_first_order_median_s", tFirst.median),
        ])
}

/// One seat of the default study in each of its rooms: the per-room set-up (sources enumerated,
/// feeds transformed, Q measured) and the per-seat evaluation of every mode (BRIRs of the device and
/// the reference pair, ear signals of every test signal, every metric), on one thread.
func sweepSeat() throws {
    let start = DispatchTime.now().uptimeNanoseconds
    let study = try StudyFile.load(StudyFile.defaultPath)
    let signals = try StudySignals(study: study)
    let designSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    for (r, room) in study.rooms.enumerated() {
        let setupStart = DispatchTime.now().uptimeNanoseconds
        let evaluator = SeatEvaluator(room: room, modes: study.modes, signals: signals)
        let setupSeconds = Double(DispatchTime.now().uptimeNanoseconds - setupStart) / 1e9
        let pose = study.pose(room: r, seat: study.seats.points.count / 2)
        let t = measure(repeats: 3) { _ = evaluator.evaluate(pose) }
        report(
            "sweep-seat-\(room.name)",
            [
                ("modes", study.modes.count), ("brir_s", Double(evaluator.room.options.duration ?? 0)),
                ("study_setup_s", designSeconds), ("room_setup_s", setupSeconds), ("median_s", t.median),
                ("min_s", t.min),
            ])
    }
}

/// The auditory model on one 250 ms binaural response (a source at 30° plus a reflection and a noise
/// tail): the per-call cost the sweep pays 15 times per seat (5 modes × 3 test signals).
func hearingBurst() {
    let fs = 48000.0, n = 12000
    let model = BinauralModel(head: SphereHead(), sampleRate: fs)
    let (l, r) = HRIR.pair(
        head: SphereHead(), direction: HeadDirection.vector(azimuth: Double.pi / 6, elevation: 0), sampleRate: fs,
        length: 1024)
    let tailLeft = TestSignals.whiteNoise(count: n, seed: 1, rms: 0.01)
    let tailRight = TestSignals.whiteNoise(count: n, seed: 2, rms: 0.01)
    var left = [Double](repeating: 0, count: n), right = left
    for i in 0..<1024 {
        left[240 + i] += l[i]
        right[240 + i] += r[i]
    }
    for i in 480..<n {
        let decay = exp(-13.8 * Double(i - 480) / fs)
        left[i] += tailLeft[i] * decay
        right[i] += tailRight[i] * decay
    }
    let ears = EarSignals(left: left, right: right, sampleRate: fs)
    let t = measure(repeats: 20) { _ = model.predictBurst(response: ears) }
    report("hearing-burst", [("calls_per_seat", 15), ("median_s", t.median), ("min_s", t.min)])
}

/// The IACC's late window (1.5 s at 12 kHz, lags ±1 ms) through both routes of `CrossCorrelation.lagged`.
func crossCorrelation() {
    let n = 18000, maxLag = 12
    let a = TestSignals.whiteNoise(count: n, seed: 1, rms: 0.1), b = TestSignals.whiteNoise(count: n, seed: 2, rms: 0.1)
    let direct = measure(repeats: 50) { _ = CrossCorrelation.laggedDirectly(a, b, window: 960..<n, maxLag: maxLag) }
    let fft = measure(repeats: 50) { _ = CrossCorrelation.laggedByFFT(a, b, window: 960..<n, maxLag: maxLag) }
    report(
        "cross-correlation",
        [
            ("lags", 2 * maxLag + 1), ("samples", n - 960), ("direct_median_s", direct.median),
            ("fft_median_s", fft.median),
        ])
}

/// Not a benchmark: the maintainers' `make wisdom`. Measures FFTW's plans for every transform size the
/// default and gate studies' sweeps use (design and reports included) and writes them as
/// `Sources/SoundstageDSP/FFTWisdom.swift`, which every process imports before it plans (run from the
/// repository root; planning measures each size, so this takes several minutes).
func fftwWisdom() throws {
    FFTPlanning.measure()
    let studies = ["Studies/default.yaml", "Studies/gate.yaml"]
    // One thread: FFTW times each candidate algorithm, and a second thread's transforms would disturb it.
    for study in studies {
        _ = try SweepJob(studyFile: study, jobs: 1).run()
    }
    let wisdom = FFTPlanning.wisdom()
    precondition(!wisdom.contains("\"\"\"#"), "FFTW wisdom that ends a raw string literal")
    let lines = [
        "// Generated by `make wisdom` (`soundstage-bench fftw-wisdom`): do not edit. FFTW's measured plans",
        "// for the transform sizes the sweeps of \(studies.joined(separator: " and ")) use, on this",
        "// project's machine; see `FFTPlanning`.",
        "",
        "/// FFTW wisdom (FFTW's text format) that every process imports before its first plan.",
        "enum FFTWisdom {",
        "    static let measured = #\"\"\"",
        // Indented as swift format wants; the closing delimiter's indentation is stripped from every line.
        wisdom.trimmingCharacters(in: .newlines).split(separator: "\n").map { "        " + $0 }.joined(separator: "\n"),
        "        \"\"\"#",
        "}",
    ]
    let source = lines.joined(separator: "\n") + "\n"
    try source.write(toFile: "Sources/SoundstageDSP/FFTWisdom.swift", atomically: true, encoding: .utf8)
    report("fftw-wisdom", [("studies", studies.count), ("wisdom_characters", wisdom.count)])
}

let requested = CommandLine.arguments.dropFirst()
let cases =
    requested.isEmpty || requested.contains("all")
    ? [
        "fft-convolution", "rir-one", "rir-grid", "brir-seat", "brir-seat-kemar", "sweep-seat", "hearing-burst",
        "cross-correlation",
    ]
    : Array(requested)
/// Runs one case; a case whose files cannot be read (run outside the repository root, say) exits 2 with
/// the reason, as the product's commands do, instead of trapping with a backtrace.
func run(_ name: String) throws {
    switch name {
    case "fft-convolution": fftConvolution()
    case "rir-one": try rirOne()
    case "rir-grid": try rirGrid()
    case "brir-seat": try brirSeat(head: SphereHead(), label: "sphere")
    case "sweep-seat": try sweepSeat()
    case "hearing-burst": hearingBurst()
    case "cross-correlation": crossCorrelation()
    case "fftw-wisdom": try fftwWisdom()
    case "brir-seat-kemar":
        try brirSeat(
            head: SOFAHead(path: "/usr/share/libmysofa/MIT_KEMAR_normal_pinna.sofa", sampleRate: 48000), label: "kemar")
    default:
        let message =
            "unknown case '\(name)' (fft-convolution, rir-one, rir-grid, brir-seat, brir-seat-kemar, sweep-seat, "
            + "hearing-burst, cross-correlation, all; fftw-wisdom)\n"
        FileHandle.standardError.write(Data(message.utf8))
        exit(2)
    }
}

for name in cases {
    do {
        try run(name)
    } catch {
        FileHandle.standardError.write(Data("soundstage-bench \(name): \(error)\n".utf8))
        exit(2)
    }
}
