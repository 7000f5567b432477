import Binaural
import Evaluation
import Foundation
import Numerics
import RoomAcoustics
import SoundstageDSP
import SpatialChain

/// `soundstage design`: plots of the designed chain (beam patterns, cancellation against the
/// target, filter responses) and a table of the beam's directivity.
public struct DesignReport {
    public let processor: SpatialProcessor
    public let plant: FreeFieldPlant

    /// Designs the chain for `device` (in its own frame) and plots it.
    public init(
        device: Device, head: any HeadModel, configuration: ChainConfiguration, sampleRate: Double = 48000
    ) throws {
        let processor = try SpatialProcessor(
            device: device, head: head, configuration: configuration, sampleRate: sampleRate)
        self.init(processor: processor, head: head)
    }

    /// The plots of an already designed chain.
    public init(processor: SpatialProcessor, head: any HeadModel) {
        self.processor = processor
        plant = FreeFieldPlant.nominal(
            device: processor.device, drivers: processor.mids, head: head,
            distance: processor.configuration.nominalDistance, earHeight: processor.configuration.nominalEarHeight)
    }

    static let frequencies = (0..<60).map { 100 * pow(160, Double($0) / 59) }  // 100 Hz – 16 kHz
    static let octaves = [125.0, 250, 500, 1000, 2000, 4000, 8000]

    /// Per mode and octave: what the hard-left input sends toward the walls relative to the seat, dB —
    /// a head on a ring at the nominal distance around the device (free field, facing it, at the
    /// nominal ear height), its summed ear energy at ±90° from the seat's direction (mean of the two)
    /// over that at the seat.
    func sideEnergyDB(modes: [ChainMode]) -> [[Double]] {
        let c = processor.configuration, fs = processor.sampleRate
        let impulse = [1.0] + [Double](repeating: 0, count: 2 * c.filterLength + processor.latency)
        let silence = [Double](repeating: 0, count: impulse.count)
        func ears(_ angle: Double) -> [[[Complex<Double>]]] {
            let a = angle * Double.pi / 180
            let seat = Vector3(c.nominalDistance * cos(a), c.nominalDistance * sin(a), c.nominalEarHeight)
            return FreeFieldPlant(
                device: processor.device, drivers: Array(processor.device.drivers.indices),
                listener: .facing(.zero, from: seat), head: plant.head
            ).matrices(frequencies: DesignReport.octaves)
        }
        let seat = ears(0), sides = [ears(90), ears(-90)]
        return modes.map { mode in
            let feeds = processor.feeds(mode: mode, left: impulse, right: silence)
            return DesignReport.octaves.enumerated().map { k, f in
                let g = feeds.map { FIRResponse.response($0, frequency: f, sampleRate: fs) }
                func energy(_ h: [[[Complex<Double>]]]) -> Double {
                    (0..<2).reduce(0.0) { sum, e in
                        sum + zip(h[k][e], g).reduce(Complex<Double>(0)) { $0 + $1.0 * $1.1 }.lengthSquared
                    }
                }
                return 10 * log10((energy(sides[0]) + energy(sides[1])) / 2 / energy(seat))
            }
        }
    }

    /// File name → contents. `tradeoffs` adds ctc-tradeoff.svg, which designs eight more cancellers
    /// (about 6 s; `soundstage design` writes it, a sweep's design/ folder does not).
    public func files(tradeoffs: Bool = false) -> [(String, String)] {
        [
            ("beam-heatmap.svg", beamHeatmap()), ("beam-polar.svg", beamPolar()),
            ("ctc-cancellation.svg", cancellation()), ("filters.svg", filterResponses()), ("design.csv", table()),
            ("beam-tradeoff.svg", beamTradeoff()), ("design.md", beamVerdict()),
        ] + (tradeoffs ? cancellationTradeoff() : [])
    }

    static let azimuthsDegrees = stride(from: -180.0, through: 180, by: 5).map { $0 }

    /// The beam's level re on-axis, dB (floored at −120 dB).
    func beamLevelDB(azimuthDegrees: Double, frequency: Double) -> Double {
        let response = processor.beam.response(azimuth: azimuthDegrees * Double.pi / 180, frequency: frequency)
        return 20 * log10(max(response.length, 1e-6))
    }

    /// The beam's level over azimuth and frequency.
    func beamHeatmap() -> String {
        let azimuths = DesignReport.azimuthsDegrees
        let heat = DesignReport.frequencies.map { f in azimuths.map { beamLevelDB(azimuthDegrees: $0, frequency: f) } }
        return SVGPlot.heatmap(
            title: "Centre beam: level re on-axis over azimuth and frequency", xLabel: "azimuth (°, positive left)",
            yLabel: "frequency (Hz)", unit: "dB", xValues: azimuths, yValues: DesignReport.frequencies,
            values: heat, range: -40...0, logY: true)
    }

    /// The beam's horizontal pattern at four frequencies.
    func beamPolar() -> String {
        SVGPlot.lines(
            title: "Centre beam: horizontal pattern", xLabel: "azimuth (°)", yLabel: "level re on-axis (dB)",
            series: [500.0, 1000, 2000, 4000].map { f in
                SVGPlot.Series(
                    name: "\(Int(f)) Hz",
                    points: DesignReport.azimuthsDegrees.map { ($0, beamLevelDB(azimuthDegrees: $0, frequency: f)) })
            }, logX: false, yRange: -40...3)
    }

    /// The canceller's achieved ratio against its target, its boost, and the power it radiates into the
    /// room relative to plain driving: the trade-off a radiation budget sets.
    func cancellation() -> String {
        let ctc = processor.ctc
        let fs = processor.sampleRate
        let bins = (1..<(ctc.length / 2)).filter { Double($0) * fs / Double(ctc.length) >= 50 }
        let hz = { (k: Int) in Double(k) * fs / Double(ctc.length) }
        return SVGPlot.lines(
            title: "Crosstalk cancellation at the nominal seat (free field)", xLabel: "frequency (Hz)",
            yLabel: "ipsilateral / contralateral (dB)",
            series: [
                SVGPlot.Series(name: "achieved", points: bins.map { (hz($0), ctc.achievedDB[$0]) }),
                SVGPlot.Series(
                    name: "target", points: bins.map { (hz($0), ctc.target.ratioDB(at: hz($0))) }, dashed: true),
                SVGPlot.Series(name: "filter boost", points: bins.map { (hz($0), ctc.boostDB[$0]) }),
                SVGPlot.Series(
                    name: "radiated power re plain driving", points: bins.map { (hz($0), ctc.radiationDB[$0]) },
                    dashed: true),
            ], logX: true, yRange: -5...40)
    }

    /// Magnitude responses of the CTC and beam filters and of the crossover branches.
    func filterResponses() -> String {
        let fs = processor.sampleRate
        let names = ["listener-left mid", "listener-right mid", "top mid"]
        func series(
            _ name: String, dashed: Bool = false, slot: Int? = nil, _ level: (Double) -> Double
        ) -> SVGPlot.Series {
            SVGPlot.Series(
                name: name, points: DesignReport.frequencies.map { ($0, level($0)) }, dashed: dashed, colourSlot: slot)
        }
        var filterSeries = (0..<3).map { d in
            series("CTC \(names[d]) ← L") {
                FIRResponse.magnitudeDB(processor.ctc.filters[d][0], frequency: $0, sampleRate: fs)
            }
        }
        filterSeries += (0..<3).map { d in
            // Dashed in the colour of the same driver's CTC filter.
            series("beam \(names[d])", dashed: true, slot: d) {
                FIRResponse.magnitudeDB(processor.beam.filters[d], frequency: $0, sampleRate: fs)
            }
        }
        let x = processor.configuration.crossover
        filterSeries.append(
            series("woofer branch") {
                20 * log10(x.woofer(sampleRate: fs).response(frequency: $0, sampleRate: fs).length)
            })
        filterSeries.append(
            series("tweeter branch") {
                20 * log10(x.tweeter(sampleRate: fs).response(frequency: $0, sampleRate: fs).length)
            })
        return SVGPlot.lines(
            title: "Filter magnitude responses", xLabel: "frequency (Hz)", yLabel: "gain (dB)", series: filterSeries,
            logX: true, yRange: -40...30)
    }

    /// The canceller's trade between cancellation and the power it radiates into the room: the chain's
    /// own design, then designs with radiated-power regularization capped at 16 … 0 dB over plain
    /// driving, each a point (x: radiated power re plain driving, y: achieved cancellation at the
    /// nominal seat, free field) per octave 0.5–2 kHz; the same numbers as a CSV.
    func cancellationTradeoff() -> [(String, String)] {
        let c = processor.configuration, fs = processor.sampleRate
        let chosen = processor.ctc
        let caps: [Double] = [16, 12, 10, 8, 6, 4, 2, 0]
        let designs =
            [chosen]
            + caps.map {
                CrosstalkCanceller(
                    plant: plant, sampleRate: fs, target: c.target, boostCapDB: c.boostCapDB,
                    regularization: .radiatedPower, radiationCapDB: $0, length: c.filterLength)
            }
        var series = [SVGPlot.Series]()
        var csv = "design,frequency_hz,radiation_db_re_plain,cancellation_db\n"
        for f in [500.0, 1000, 2000] {
            let k = Int((f / fs * Double(c.filterLength)).rounded())
            let label = f >= 1000 ? "\(Int(f / 1000)) kHz" : "\(Int(f)) Hz"
            series.append(
                SVGPlot.Series(name: label, points: designs.dropFirst().map { ($0.radiationDB[k], $0.achievedDB[k]) }))
            let mine = (chosen.radiationDB[k], chosen.achievedDB[k])
            series.append(
                SVGPlot.Series(name: "\(label): this chain", points: [(mine.0 - 0.3, mine.1), (mine.0 + 0.3, mine.1)]))
            for (name, design) in zip(["this chain"] + caps.map { "cap \(Int($0)) dB" }, designs) {
                csv += String(format: "%@,%.0f,%.2f,%.2f\n", name, f, design.radiationDB[k], design.achievedDB[k])
            }
        }
        let setting =
            c.ctcRegularization == .radiatedPower
            ? String(format: "radiation cap %.0f dB", c.ctcRadiationCapDB ?? .infinity)
            : String(format: "effort regularization, boost cap %.0f dB", c.boostCapDB)
        let svg = SVGPlot.lines(
            title: "CTC: cancellation against radiated power (this chain: \(setting))",
            xLabel: "radiated power re plain driving (dB)", yLabel: "cancellation at the seat (dB)", series: series,
            logX: false)
        return [("ctc-tradeoff.svg", svg), ("ctc-tradeoff.csv", csv)]
    }

    /// `design.md`: per octave 0.5–2 kHz, the beam's Q against what the geometry allows, in words.
    func beamVerdict() -> String {
        let beam = processor.beam
        var md = "# Design of `\(processor.device.name)`: can its beam beat in-phase driving?\n\n"
        md += "Q toward the front over the whole sphere; the bound is the largest Q any weighting of the "
        md += "midranges reaches (bᴴP⁻¹b); in-phase is the plain sum (what `matrix` plays the centre with).\n\n"
        md += "| octave | beam Q | bound | in-phase | beam at ±90° re axis | verdict |\n|---|---:|---:|---:|---:|---|\n"
        for f in [500.0, 1000, 2000] {
            let q = beam.directivity(frequency: f).q
            let bound = RadiatedPower.directivityBound(
                device: processor.device, drivers: beam.drivers, direction: Vector3(1, 0, 0), frequency: f,
                speedOfSound: SpeedOfSound.nominal)
            let sides = [Double.pi / 2, -Double.pi / 2].map { beam.response(azimuth: $0, frequency: f).lengthSquared }
            let side = 10 * log10((sides[0] + sides[1]) / 2 / beam.response(azimuth: 0, frequency: f).lengthSquared)
            let headroom = bound.max / bound.inPhase
            let verdict =
                headroom < 1.1
                ? String(format: "the geometry cannot beat in-phase driving (at most %+.0f %%)", 100 * (headroom - 1))
                : String(format: "the beam raises Q %.0f %% over in-phase driving", 100 * (q / bound.inPhase - 1))
            md += String(
                format: "| %.0f Hz | %.2f | %.2f | %.2f | %.1f dB | %@ |\n", f, q, bound.max, bound.inPhase, side,
                verdict)
        }
        md += "\nbeam-tradeoff.svg shows what a deeper side null costs in Q.\n"
        return md
    }

    /// The sphere objective's trade between the beam's Q and its level at the horizontal ±90°, for
    /// side weights 1…1000 (``CentreBeamformer/defaultSideWeight`` is the design's), at 0.5, 1 and
    /// 2 kHz; Q as a share of the geometric bound, in-phase driving's share dashed.
    func beamTradeoff() -> String {
        let beam = processor.beam, device = processor.device, drivers = beam.drivers
        let sideWeights = [1.0, 3, 10, 30, 100, 300, 1000]
        var series = [SVGPlot.Series]()
        for f in [500.0, 1000, 2000] {
            let points = sideWeights.map { weight -> (x: Double, y: Double) in
                let (w, _) = CentreBeamformer.design(
                    device: device, drivers: drivers, frequency: f, wngFloorDB: beam.wngFloorDB, objective: .sphere,
                    sideWeight: weight, c: beam.speedOfSound)
                func power(_ u: Vector3) -> Double {
                    CentreBeamformer.response(w, device: device, drivers: drivers, direction: u, frequency: f)
                        .lengthSquared
                }
                let axis = power(Vector3(1, 0, 0))
                let mean = SphereGrid.mean { power(Vector3(cos($1) * cos($0), cos($1) * sin($0), sin($1))) }
                let side = (power(Vector3(0, 1, 0)) + power(Vector3(0, -1, 0))) / 2
                return (10 * log10(side / axis), axis / mean)
            }
            let bound = RadiatedPower.directivityBound(
                device: device, drivers: drivers, direction: Vector3(1, 0, 0), frequency: f,
                speedOfSound: SpeedOfSound.nominal)
            let label = f >= 1000 ? "\(Int(f / 1000)) kHz" : "\(Int(f)) Hz"
            // The in-phase line dashed in its frequency's colour.
            let slot = series.count / 2
            series.append(
                SVGPlot.Series(name: label, points: points.map { ($0.x, $0.y / bound.max) }, colourSlot: slot))
            series.append(
                SVGPlot.Series(
                    name: "\(label) in-phase", points: [-40.0, 0].map { ($0, bound.inPhase / bound.max) }, dashed: true,
                    colourSlot: slot))
        }
        return SVGPlot.lines(
            title: "Beam: Q (share of the geometric bound) against the side level, side weights 1…1000",
            xLabel: "level at ±90° re axis (dB)", yLabel: "Q / Q bound", series: series, logX: false, yRange: 0.5...1)
    }

    /// `design.csv` per octave: the beam's DI and Q, the largest Q these drivers can reach toward the
    /// front (``RadiatedPower/directivityBound(device:drivers:direction:frequency:speedOfSound:)``) and
    /// plain in-phase driving's, its level at ±90° (horizontal, mean power of both sides) re its axis;
    /// the CTC's ratio, target, boost and radiated power.
    func table() -> String {
        let beam = processor.beam, ctc = processor.ctc
        let fs = processor.sampleRate
        var csv =
            "frequency_hz,beam_di_db,beam_q,beam_q_max,beam_q_in_phase,beam_side_db,ctc_achieved_db,ctc_target_db,"
        csv += "ctc_boost_db,ctc_radiation_db,ctc_side_db_re_matrix,ctc_cap_active\n"
        let side = sideEnergyDB(modes: [.ctc, .matrix])
        for (octave, f) in DesignReport.octaves.enumerated() {
            let (q, di) = beam.directivity(frequency: f)
            let bound = RadiatedPower.directivityBound(
                device: processor.device, drivers: beam.drivers, direction: Vector3(1, 0, 0), frequency: f,
                speedOfSound: SpeedOfSound.nominal)
            let k = Int((f / fs * Double(ctc.length)).rounded())
            let sides = [Double.pi / 2, -Double.pi / 2].map { beam.response(azimuth: $0, frequency: f).lengthSquared }
            let sideDB = 10 * log10((sides[0] + sides[1]) / 2 / beam.response(azimuth: 0, frequency: f).lengthSquared)
            csv += String(
                format: "%.0f,%.2f,%.3f,%.3f,%.3f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%@\n", f, di, q, bound.max,
                bound.inPhase,
                sideDB,
                ctc.achievedDB[k], ctc.target.ratioDB(at: f), ctc.boostDB[k], ctc.radiationDB[k],
                side[0][octave] - side[1][octave], ctc.capActive[k] ? "true" : "false")
        }
        return csv
    }
}
