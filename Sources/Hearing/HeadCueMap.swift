import Binaural
import Foundation
import SoundstageDSP

/// Per-band maps from interaural cues back to lateral angle, built from one listener's head.
///
/// For every auditory band, the ITD and ILD that ``BinauralCues`` reads from the head's own HRIR pair
/// (pink-noise weighted, the whole HRIR) for horizontal directions −90°…90°. Each cue is inverted on
/// its monotonic envelope through 0° (ILD rises only up to its maximum, 50–90° depending on the band;
/// tabulated cues can dip locally); cues beyond the envelope map to its end. So a cue measured on
/// simulated or recorded ear signals maps back to the direction that would have produced it for this
/// head, whatever the head (sphere, structural, SOFA).
public struct HeadCueMap: Sendable {
    /// One cue's angle(cue) relation: the cue tabulated over angles (degrees, ascending).
    struct Inverse: Sendable {
        let angles: [Double], values: [Double]
        /// The monotonic envelope through 0°: the table points whose cue exceeds every cue between
        /// them and 0° (below 0°: falls below), so a dip in the table is skipped, not a dead end.
        let monotonicAngles: [Double], monotonicCues: [Double]

        init(angles: [Double], values: [Double], zero: Int) {
            var up = [zero], down = [Int]()
            for i in (zero + 1)..<values.count where values[i] > values[up[up.count - 1]] { up.append(i) }
            var last = zero
            for i in stride(from: zero - 1, through: 0, by: -1) where values[i] < values[last] {
                down.append(i)
                last = i
            }
            let kept = down.reversed() + up
            (self.angles, self.values) = (angles, values)
            monotonicAngles = kept.map { angles[$0] }
            monotonicCues = kept.map { values[$0] }
        }

        /// The angle of `cue` on the monotonic envelope, linear between its points, clamped at its ends.
        func angle(_ cue: Double) -> Double {
            let (cues, angles) = (monotonicCues, monotonicAngles)
            guard cues.count > 1 else { return 0 }
            if cue <= cues[0] { return angles[0] }
            if cue >= cues[cues.count - 1] { return angles[angles.count - 1] }
            var (a, b) = (0, cues.count - 1)
            while b - a > 1 {
                let mid = (a + b) / 2
                if cues[mid] <= cue { a = mid } else { b = mid }
            }
            return angles[a] + (cue - cues[a]) / (cues[b] - cues[a]) * (angles[b] - angles[a])
        }

        /// The tabulated cue at `angle` degrees, linear between table points.
        func cue(at angle: Double) -> Double {
            let step = angles[1] - angles[0]
            let position = max(0, min(Double(angles.count - 1), (angle - angles[0]) / step))
            let i = min(angles.count - 2, Int(position))
            let t = position - Double(i)
            return values[i] + t * (values[i + 1] - values[i])
        }

        /// Of all the angles whose tabulated cue equals `cue` (a non-monotonic cue such as a high
        /// band's ILD, which peaks at 50–70° and falls toward 90°, has several), the one nearest to
        /// `hint`; the angle of the nearest tabulated value when no angle matches.
        func angle(_ cue: Double, nearest hint: Double) -> Double {
            var best: Double?
            for i in 0..<(values.count - 1) {
                let (v0, v1) = (values[i], values[i + 1])
                guard min(v0, v1) <= cue && cue <= max(v0, v1) else { continue }
                let t = v1 == v0 ? 0.5 : (cue - v0) / (v1 - v0)
                let candidate = angles[i] + t * (angles[i + 1] - angles[i])
                if best.map({ abs(candidate - hint) < abs($0 - hint) }) ?? true { best = candidate }
            }
            if let best { return best }
            let nearest = values.indices.min { abs(values[$0] - cue) < abs(values[$1] - cue) } ?? 0
            return angles[nearest]
        }
    }

    /// The head the map was built from (its report name).
    public let headName: String
    /// Band centres in Hz (those of ``AuditoryFilterbank`` at the map's sample rate).
    public let centresHz: [Double]
    let itd: [Inverse], ild: [Inverse]

    /// Builds the maps from `head`'s HRIR pairs every `stepDegrees` in the horizontal plane.
    public init(head: any HeadModel, sampleRate: Double, stepDegrees: Double = 2.5) {
        let fftSize = 4096
        let bank = FilterbankCache.shared.bank(sampleRate: sampleRate, fftSize: fftSize, pink: true)
        let fft = RealFFT.plan(size: fftSize)
        let steps = Int((90 / stepDegrees).rounded())
        let angles = (-steps...steps).map { Double($0) * 90 / Double(steps) }
        let cues = ParallelResults.map(count: angles.count, jobs: ProcessInfo.processInfo.activeProcessorCount) { i in
            let pair = HRIR.pair(
                head: head, direction: HeadDirection.vector(azimuth: angles[i] * Double.pi / 180, elevation: 0),
                sampleRate: sampleRate, length: 1024)
            let left = fft.forward(pair.left), right = fft.forward(pair.right)
            let spectrum = left.withUnsafeBufferPointer { l in
                right.withUnsafeBufferPointer {
                    CrossSpectrum(left: l.address, right: $0.address, bins: bank.bins)
                }
            }
            return bank.bands.map { band -> BandCue in
                BinauralCues.band(band, spectrum: spectrum, binHz: sampleRate / Double(fftSize))
                    ?? BandCue(itdSeconds: 0, ildDB: 0, coherence: 0, energy: 0)
            }
        }
        headName = head.name
        centresHz = bank.bands.map(\.centreHz)
        itd = bank.bands.indices.map { b in
            Inverse(angles: angles, values: cues.map { $0[b].itdSeconds }, zero: steps)
        }
        ild = bank.bands.indices.map { b in
            Inverse(angles: angles, values: cues.map { $0[b].ildDB }, zero: steps)
        }
    }

    /// Whether band `band`'s cue is one this head can produce from a single direction: its ITD at most
    /// 10 % beyond the largest tabulated |ITD|, and (below ``BinauralCues/envelopeFromHz``, where the
    /// angle is read from the ITD alone) its ILD within ``ildToleranceDB`` of the ILD this head has at
    /// the ITD's angle. Several arrivals summing in a band (the comb filter of two loudspeakers fed
    /// the same signal with a time offset) give ITD/ILD pairs no single source gives; listeners do not
    /// follow such a band's ITD (cf. the joint ITD–ILD models of May et al. 2011, IEEE TASLP 19:1).
    public func isPlausible(band: Int, cue: BandCue) -> Bool {
        let largest = max(abs(itd[band].monotonicCues.first ?? 0), abs(itd[band].monotonicCues.last ?? 0))
        guard abs(cue.itdSeconds) <= 1.1 * largest else { return false }
        guard centresHz[band] < BinauralCues.envelopeFromHz else { return true }
        let angle = lateralDegrees(band: band, itdSeconds: cue.itdSeconds)
        return abs(cue.ildDB - ild[band].cue(at: angle)) <= HeadCueMap.ildToleranceDB
    }

    /// How far (dB) a band's ILD may stray from the head's ILD at the band's ITD angle.
    public static let ildToleranceDB = 3.0

    /// Lateral angle in degrees (positive left) that band `band`'s ITD (seconds) points to.
    public func lateralDegrees(band: Int, itdSeconds: Double) -> Double { itd[band].angle(itdSeconds) }

    /// Lateral angle in degrees (positive left) that band `band`'s ILD (dB) points to.
    public func lateralDegrees(band: Int, ildDB: Double) -> Double { ild[band].angle(ildDB) }

    /// The band's lateral angle from both cues: the ITD's alone below ``BinauralCues/envelopeFromHz``
    /// (fine-structure ITD dominates lateralization there: Wightman & Kistler 1992, JASA 91:1648),
    /// the mean of the envelope-ITD and ILD angles above it. A high band's ILD is ambiguous beyond its
    /// peak; of the angles it allows, the one nearest the ITD's is taken.
    public func lateralDegrees(band: Int, cue: BandCue) -> Double {
        let fromITD = lateralDegrees(band: band, itdSeconds: cue.itdSeconds)
        guard centresHz[band] >= BinauralCues.envelopeFromHz else { return fromITD }
        return (fromITD + ild[band].angle(cue.ildDB, nearest: fromITD)) / 2
    }
}
