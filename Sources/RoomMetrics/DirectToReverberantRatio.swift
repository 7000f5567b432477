import SoundstageDSP

/// Direct-to-reverberant energy ratio.
///
/// Direct energy: the samples within ±2.5 ms of the direct-sound peak; reverberant energy: every
/// sample after that window (the convention of ISO 3382-1 DRR estimators and of the ACE challenge,
/// Eaton et al. 2016). dB = 10·log10(E_direct/E_reverberant).
public enum DirectToReverberantRatio {
    /// Half-width of the direct-sound window in seconds.
    public static let halfWindowSeconds = 0.0025

    /// DRR in dB, or nil if nothing follows the direct window.
    public static func value(_ h: [Double], directPeak: Int, sampleRate: Double) -> Double? {
        let half = Int((halfWindowSeconds * sampleRate).rounded())
        let direct = sumOfSquares(h, (directPeak - half)..<(directPeak + half + 1))
        let reverberant = sumOfSquares(h, (directPeak + half + 1)..<h.count)
        guard reverberant > 0 else { return nil }
        return Decibels.energy(direct / reverberant)
    }
}
