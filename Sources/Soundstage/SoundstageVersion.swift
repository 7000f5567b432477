import Evaluation
import Reports
import SceneFiles

/// The version printed by `soundstage --version`.
public enum SoundstageVersion {
    public static let current = "0.1.0"
}
