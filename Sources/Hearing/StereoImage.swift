import Foundation
import RoomMetrics
import SoundstageDSP

/// Perceived stereo-image metrics from ear signals of panned test signals.
public enum StereoImage {
    /// Lateral angle in degrees of the image the ear signals evoke.
    public static func lateralAngleDegrees(_ ears: EarSignals, model: any LateralizationModel) -> Double {
        model.lateralAngleDegrees(itdSeconds: InterauralCues.itd(ears), ildDB: InterauralCues.ild(ears))
    }

    /// Width in degrees: lateral angle of the hard-left image minus that of the hard-right image
    /// (≈ 60° for a ±30° loudspeaker pair at its sweet spot in a dead room).
    public static func widthDegrees(
        hardLeft: EarSignals, hardRight: EarSignals, model: any LateralizationModel
    ) -> Double {
        lateralAngleDegrees(hardLeft, model: model) - lateralAngleDegrees(hardRight, model: model)
    }

    /// Phantom-centre error in degrees: the centre-panned image's lateral angle minus the lateral
    /// angle of the device as seen from the seat (`deviceLateralDegrees`, positive left).
    public static func centreErrorDegrees(
        centre: EarSignals, deviceLateralDegrees: Double, model: any LateralizationModel
    ) -> Double {
        lateralAngleDegrees(centre, model: model) - deviceLateralDegrees
    }

    /// Channel separation in dB for a hard-left input: 10·log10(E_left ear/E_right ear) within
    /// `low…high` Hz (250 Hz–4 kHz by default). Mirror the ears for a hard-right input.
    public static func separationDB(_ ears: EarSignals, low: Double = 250, high: Double = 4000) -> Double {
        InterauralCues.ild(ears, low: low, high: high)
    }
}
