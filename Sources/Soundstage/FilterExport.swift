import Foundation
import Reports
import SceneFiles
import SpatialChain

/// `soundstage design --export-filters DIR`: the built-in chain's fixed-filter modes as filter-set files.
///
/// `MODE.wav` holds the exact taps a built-in device mode runs on (float 64), so a study that loads it
/// as a filter-set mode gets bit-identical feeds: inputs L, R for `matrix` and `ctc`; for `beam` and
/// `spatial`, whose upmix adapts to the signal (no fixed filters reproduce it), the filters behind the
/// upmix, inputs L′, R′, C — loaded back, the study runs the same upmix in front of them.
/// `MODE-separation.wav` (`ctc`, `spatial`) is the mode without its virtualizer: give it as
/// `separation_filters`, so channel separation is measured like the built-in mode's. Each file also
/// comes as `.sofa` (GeneralFIR: inputs × drivers × taps), the same taps.
public enum FilterExport {
    public static func write(_ processor: SpatialProcessor, to directory: String) throws {
        let output = try OutputDirectory(directory, option: "--export-filters")
        do {
            for mode in [ChainMode.BuiltIn.matrix, .ctc, .beam, .spatial] {
                guard let set = processor.filterSet(mode) else { continue }
                for ext in ["wav", "sofa"] {
                    let device = processor.device
                    try FilterSetFile.write(set, device: device, to: output.path("\(mode.rawValue).\(ext)"))
                    try FilterSetFile.writeSeparation(
                        set, device: device, to: output.path("\(mode.rawValue)-separation.\(ext)"))
                }
            }
            try output.commit()
        } catch {
            output.abandon()
            throw error
        }
    }
}
