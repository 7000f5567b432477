import Foundation
import SoundstageDSP

/// The strongest early reflection: the 2 ms window (hop 0.5 ms) with the most energy of the room's
/// part of a response, 1–80 ms after the direct sound, its level relative to the whole direct sound
/// and the direction its energy comes from (the active intensity of an omni and two figure-of-eight
/// microphones over the window, after the B-format intensity of Merimaa & Pulkki's SIRR, 2005).
public struct EarlyReflection: Sendable, Equatable {
    /// Window energy over the direct sound's energy, dB.
    public var levelDB: Double
    /// Where the window's energy comes from in the horizontal plane: degrees from the listener's front,
    /// positive to the left (−180…180).
    public var azimuthDegrees: Double
    /// Window centre after the direct sound's onset, ms.
    public var delayMs: Double

    /// Window length and hop, and the span searched after the onset, seconds.
    public static let window = 0.002, hop = 0.0005, from = 0.001, to = 0.080

    /// Accumulated window energies and intensities over one or more signals (e.g. several test
    /// signals through the same room), then read once.
    public struct Accumulator: Sendable {
        var energy: [Double], front: [Double], left: [Double]
        var direct = 0.0
        let sampleRate: Double

        public init(sampleRate: Double) {
            self.sampleRate = sampleRate
            let windows = Int(((EarlyReflection.to - EarlyReflection.from) / EarlyReflection.hop).rounded()) + 1
            energy = Array(repeating: 0, count: windows)
            (front, left) = (energy, energy)
        }

        /// Adds one signal: the direct sound alone (`direct`, omni), what the room adds (`room`,
        /// omni) and the room's part along the listener's front and left axes (figure-of-eights), all
        /// from the same time origin, with the direct sound's onset at sample `onset`.
        public mutating func add(direct: [Double], room: [Double], front x: [Double], left y: [Double], onset: Int) {
            self.direct += sumOfSquares(direct, 0..<direct.count)
            let fs = sampleRate
            let width = Int((EarlyReflection.window * fs).rounded()), hop = EarlyReflection.hop * fs
            for w in energy.indices {
                let start = onset + Int((EarlyReflection.from * fs + Double(w) * hop).rounded())
                let stop = min(start + width, room.count, x.count, y.count)
                guard start >= 0, start < stop else { continue }
                for n in start..<stop {
                    energy[w] += room[n] * room[n]
                    front[w] += room[n] * x[n]
                    left[w] += room[n] * y[n]
                }
            }
        }

        /// The strongest window; nil without direct or reflected energy.
        public var strongest: EarlyReflection? {
            guard direct > 0, let w = energy.indices.max(by: { energy[$0] < energy[$1] }), energy[w] > 0 else {
                return nil
            }
            return EarlyReflection(
                levelDB: 10 * log10(energy[w] / direct), azimuthDegrees: atan2(left[w], front[w]) * 180 / Double.pi,
                delayMs: 1000 * (EarlyReflection.from + Double(w) * EarlyReflection.hop + EarlyReflection.window / 2))
        }
    }
}
