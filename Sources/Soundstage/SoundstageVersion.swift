import SceneFiles
import Reports
import Evaluation
/// The version printed by `soundstage --version`.
public enum SoundstageVersion {
    public static let current = "0.1.0"
}
