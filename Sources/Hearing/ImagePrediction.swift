import Foundation

/// What the auditory model predicts a listener hears: where the image is, how blurred, and how sure.
public struct ImagePrediction: Sendable, Equatable {
    /// One auditory band's summary over the frames analysed.
    public struct Band: Sendable, Equatable {
        /// Centre frequency in Hz.
        public var centreHz: Double
        /// The band's lateral angle in degrees (positive left) from its selected cues; nil when none
        /// of its cues was selected.
        public var lateralDegrees: Double?
        /// Mean ITD (seconds, positive: right ear lags), ILD (dB, positive: left louder) and coherence
        /// over the band's audible frames, frame-weighted.
        public var itdSeconds: Double, ildDB: Double, coherence: Double
        /// The band's share of the selected cues' weight (bands sum to 1 when any cue was selected).
        public var weight: Double
    }

    /// Lateral angle of the image in degrees (interaural-polar, −90…90, positive to the LEFT); nil when
    /// the image is not localizable (see ``notes`` for why).
    public var lateralDegrees: Double?
    /// Spread in degrees: the weighted standard deviation of the selected band/frame angles around the
    /// image (a few degrees for one source in free field; tens of degrees for a blurred or split image).
    public var spreadDegrees: Double
    /// Share 0…1 of the audible time–frequency cues that passed the coherence test.
    public var confidence: Double
    /// Plain-language remarks: why the image is not localizable, what limited the estimate.
    public var notes: [String]
    /// Per-band detail.
    public var bands: [Band]
}
