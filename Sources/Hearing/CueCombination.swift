import Foundation

extension BinauralModel {
    /// One selected cue: its lateral angle (degrees), weight and band.
    struct SelectedCue {
        var angle: Double, weight: Double, band: Int
    }

    /// Per-band running sums over audible frames.
    private struct BandSums {
        var weight = 0.0, itd = 0.0, ild = 0.0, coherence = 0.0
        var selectedWeight = 0.0, selectedAngle = 0.0
        /// The band's first coherent cue after the onset frames since it became audible: its angle and
        /// energy.
        var onset: (angle: Double, energy: Double)?
        /// The angle of the discrepant later sound that took this band over (precedence released).
        var released: Double?
    }

    /// What cue selection leaves: per-band sums, the selected cues and the audible cues' total weight.
    private struct Selection {
        var sums: [BandSums]
        var selected = [SelectedCue]()
        var audibleWeight = 0.0

        /// Records a selected cue.
        mutating func select(_ angle: Double, weight: Double, band: Int) {
            selected.append(SelectedCue(angle: angle, weight: weight, band: band))
            sums[band].selectedWeight += weight
            sums[band].selectedAngle += weight * angle
        }

        /// Drops every cue selected so far in `band`: a later, much louder sound has taken it over.
        mutating func deselect(band: Int) {
            for i in selected.indices where selected[i].band == band { selected[i].weight = 0 }
            sums[band].selectedWeight = 0
            sums[band].selectedAngle = 0
        }
    }

    /// Walks the frames in time: sums every audible cue per band and selects the coherent, plausible
    /// ones that precedence lets through. Nil when every frame is silent.
    private func select(_ frames: [Frame]) -> Selection? {
        let bandCount = map.centresHz.count
        let loudest = frames.lazy.flatMap { $0.cues.lazy.compactMap { $0?.energy } }.max() ?? 0
        guard loudest > 0 else { return nil }
        let floor = loudest * pow(10, -BinauralModel.audibleRangeDB / 10)
        let release = pow(10, BinauralModel.precedenceReleaseDB / 10)
        var selection = Selection(sums: [BandSums](repeating: BandSums(), count: bandCount))
        let bandWeights = map.centresHz.map { min(1, $0 / BinauralModel.dominantRegionFromHz) }
        let onsetImage = self.onsetImage(frames, floor: floor, bandWeights: bandWeights)
        for frame in frames {
            for b in 0..<bandCount {
                guard let cue = frame.cues[b], cue.energy >= floor else {
                    if !frame.isOnset { selection.sums[b].onset = nil }
                    continue
                }
                let w = frame.weight * bandWeights[b]
                selection.audibleWeight += w
                selection.sums[b].weight += w
                selection.sums[b].itd += w * cue.itdSeconds
                selection.sums[b].ild += w * cue.ildDB
                selection.sums[b].coherence += w * cue.coherence
                guard cue.coherence >= BinauralModel.coherenceThreshold, map.isPlausible(band: b, cue: cue) else {
                    continue
                }
                let angle = map.lateralDegrees(band: b, cue: cue)
                if !frame.isOnset {
                    let onset = selection.sums[b].onset ?? (angle, cue.energy)
                    selection.sums[b].onset = onset
                    let reference = selection.sums[b].released ?? onsetImage ?? onset.angle
                    if abs(angle - reference) > BinauralModel.precedenceToleranceDegrees {
                        guard cue.energy >= onset.energy * release else { continue }
                        selection.deselect(band: b)
                        selection.sums[b].released = angle
                    }
                }
                selection.select(angle, weight: w, band: b)
            }
        }
        return selection
    }

    /// The onset image: the weighted median angle of the onset frames' coherent, plausible, audible
    /// cues; nil when there are none (no onset frames, as in ``predictSignal(_:)``, or no coherent onset).
    private func onsetImage(_ frames: [Frame], floor: Double, bandWeights: [Double]) -> Double? {
        var cues = [SelectedCue]()
        for frame in frames where frame.isOnset {
            for (b, cue) in frame.cues.enumerated() {
                guard let cue, cue.energy >= floor, cue.coherence >= BinauralModel.coherenceThreshold,
                    map.isPlausible(band: b, cue: cue)
                else { continue }
                cues.append(
                    SelectedCue(
                        angle: map.lateralDegrees(band: b, cue: cue), weight: frame.weight * bandWeights[b], band: b))
            }
        }
        return cues.isEmpty ? nil : BinauralModel.weightedMedian(cues)
    }

    /// Selects the coherent cues of `frames`, maps them to angles and combines them into one image.
    func prediction(_ frames: [Frame]) -> ImagePrediction {
        guard let selection = select(frames) else { return .silent(centres: map.centresHz) }
        let (sums, selected, audibleWeight) = (selection.sums, selection.selected, selection.audibleWeight)
        let selectedWeight = selected.reduce(0) { $0 + $1.weight }
        let bands = map.centresHz.indices.map { b -> ImagePrediction.Band in
            let s = sums[b], w = max(s.weight, .leastNormalMagnitude)
            return ImagePrediction.Band(
                centreHz: map.centresHz[b],
                lateralDegrees: s.selectedWeight > 0 ? s.selectedAngle / s.selectedWeight : nil,
                itdSeconds: s.itd / w, ildDB: s.ild / w, coherence: s.coherence / w,
                weight: selectedWeight > 0 ? s.selectedWeight / selectedWeight : 0)
        }
        let confidence = selectedWeight / audibleWeight
        let share =
            String(format: "%.1f %% of the audible band/frame cues are coherent", 100 * confidence)
            + " (interaural coherence ≥ \(BinauralModel.coherenceThreshold))"
        guard selectedWeight > 0, confidence >= BinauralModel.minimumConfidence else {
            return ImagePrediction(
                lateralDegrees: nil, spreadDegrees: 0, confidence: confidence,
                notes: ["not localizable: the sound is diffuse; " + share], bands: bands)
        }
        let median = BinauralModel.weightedMedian(selected)
        let inliers = selected.filter { abs($0.angle - median) <= BinauralModel.outlierDegrees }
        let inlierWeight = inliers.reduce(0) { $0 + $1.weight }
        let lateral = inliers.reduce(0) { $0 + $1.weight * $1.angle } / inlierWeight
        let spread =
            (selected.reduce(0) { $0 + $1.weight * ($1.angle - lateral) * ($1.angle - lateral) }
            / selectedWeight).squareRoot()
        let outlierShare = 1 - inlierWeight / selectedWeight
        guard outlierShare < 0.5 else {
            let others = BinauralModel.weightedMedian(selected.filter { abs($0.angle - median) > 30 })
            return ImagePrediction(
                lateralDegrees: nil, spreadDegrees: spread, confidence: confidence,
                notes: [
                    "not localizable: contradictory cues, split between \(Int(median.rounded()))°"
                        + " and \(Int(others.rounded()))°", share,
                ], bands: bands)
        }
        var notes = [share]
        if outlierShare > 0.05 {
            notes.append(
                "\(Int((100 * outlierShare).rounded())) % of the coherent cues point more than"
                    + " \(Int(BinauralModel.outlierDegrees))° away from the image and were left out")
        }
        return ImagePrediction(
            lateralDegrees: lateral, spreadDegrees: spread, confidence: confidence, notes: notes, bands: bands)
    }

    /// The weighted median of the cues' angles (the lower one where the weight splits exactly in half).
    static func weightedMedian(_ cues: [SelectedCue]) -> Double {
        let sorted = cues.sorted { $0.angle < $1.angle }
        let half = sorted.reduce(0) { $0 + $1.weight } / 2
        var cumulative = 0.0
        for cue in sorted {
            cumulative += cue.weight
            if cumulative >= half { return cue.angle }
        }
        return sorted.last?.angle ?? 0
    }
}
