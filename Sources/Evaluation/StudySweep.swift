import Binaural
import Foundation
import RoomAcoustics
import SoundstageDSP
import SpatialChain

/// Which part of a study's seats a run evaluates: seat i (counted over rooms × seats in sweep order)
/// belongs to shard (i mod count) + 1, so every shard gets a share of every room.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 1-based shard number and the number of shards.
    public var index: Int, count: Int
    public static let whole = Shard(index: 1, count: 1)

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `K/N` with 1 ≤ K ≤ N (`source`: the file or option it came from, for the message).
    public init(parsing text: String, source: String) throws {
        let parts = text.split(separator: "/").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let k = parts[0], let n = parts[1], n >= 1, (1...n).contains(k) else {
            throw InputError(source, "expected K/N with 1 ≤ K ≤ N (e.g. 2/8), got '\(text)'")
        }
        self.init(index: k, count: n)
    }

    public func contains(_ seat: Int) -> Bool { seat % count == index - 1 }
    public var description: String { "\(index)/\(count)" }
}

/// Runs a study: every mode at every seat of every room, in parallel over seats. The rows come out
/// in sweep order (room, seat, mode) whatever the number of jobs, with the same values as a serial run.
public enum StudySweep {
    /// Progress after each seat: seats done and seats to do in this run.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int) -> Void

    /// The result rows of the seats in `shard`, computed on `jobs` threads (`signals`: the study's).
    public static func run(
        _ study: Study, signals: StudySignals, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
        shard: Shard = .whole,
        progress: Progress? = nil
    ) -> [ResultRow] {
        let seatsPerRoom = study.seats.points.count
        let mine = (0..<study.seatCount).filter(shard.contains)
        let total = mine.count
        let counter = SharedCounter()
        var rows = [ResultRow]()
        for (r, room) in study.rooms.enumerated() {
            let seats = mine.filter { $0 / seatsPerRoom == r }.map { $0 % seatsPerRoom }
            guard !seats.isEmpty else { continue }
            let evaluator = SeatEvaluator(room: room, modes: study.modes, signals: signals, jobs: jobs)
            let results = ParallelResults.map(count: seats.count, jobs: jobs) { i -> [SeatMetrics] in
                let metrics = evaluator.evaluate(study.pose(room: r, seat: seats[i]))
                let done = counter.increment()
                progress?(done, total)
                return metrics
            }
            for (i, seat) in seats.enumerated() {
                let pose = study.pose(room: r, seat: seat)
                for (mode, metrics) in zip(study.modes, results[i]) {
                    rows.append(
                        ResultRow(
                            room: room.name, mode: mode.name, seat: seat, position: pose.position,
                            yawDegrees: pose.yawRadians * 180 / Double.pi, metrics: metrics))
                }
            }
        }
        return rows
    }
}
