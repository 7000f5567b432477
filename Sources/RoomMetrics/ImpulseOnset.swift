/// Start of an impulse response by the ISO 3382-1 (Annex A.3) rule: the first sample whose
/// squared value reaches 20 dB below the squared peak.
public enum ImpulseOnset {
    /// Index of the onset sample, or nil for an all-zero response.
    public static func index(of response: [Double]) -> Int? {
        let peak = response.reduce(0) { max($0, $1 * $1) }
        if peak == 0 { return nil }
        let threshold = peak * 0.01
        return response.firstIndex { $0 * $0 >= threshold }
    }

    /// Index of the largest absolute sample (the direct sound for a free-field-dominated response).
    public static func peakIndex(of response: [Double]) -> Int? {
        guard !response.isEmpty else { return nil }
        var best = 0, value = -1.0
        for (i, x) in response.enumerated() where abs(x) > value {
            best = i
            value = abs(x)
        }
        return value > 0 ? best : nil
    }
}
