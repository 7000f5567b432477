import Binaural
import Foundation
import RoomMetrics
import SoundstageDSP

/// Lateralization tables built from a head model with the metrics' own ITD estimator.
public enum HeadLateralization {
    /// ITD (``InterauralCues/itd(_:)`` on the head's 1024-sample HRIR pair) for horizontal-plane
    /// directions from −90° to 90° in `stepDegrees`, as a ``LateralizationTable``. Points where the
    /// ITD does not keep rising (measured heads near ±90°) are left out so the table stays monotonic;
    /// nil if fewer than two points remain.
    public static func table(head: any HeadModel, sampleRate: Double, stepDegrees: Double = 2) -> LateralizationTable? {
        var angles = [Double](), itds = [Double]()
        var angle = -90.0
        while angle <= 90 + 1e-9 {
            let (l, r) = HRIR.pair(
                head: head, direction: HeadDirection.vector(azimuth: angle * Double.pi / 180, elevation: 0),
                sampleRate: sampleRate, length: 1024)
            let itd = InterauralCues.itd(EarSignals(left: l, right: r, sampleRate: sampleRate))
            if itds.last.map({ itd > $0 }) ?? true {
                angles.append(angle)
                itds.append(itd)
            }
            angle += stepDegrees
        }
        return LateralizationTable(anglesDegrees: angles, itdSeconds: itds)
    }
}
