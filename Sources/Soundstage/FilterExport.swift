import Foundation
import Reports
import SceneFiles
import SpatialChain

/// `soundstage design --export-filters DIR`: the built-in chain's fixed-filter modes as filter-set files.
///
/// `matrix.wav` and `ctc.wav` hold the exact taps the `matrix` and `ctc` modes run on (float 64), so a
/// study that loads them as filter-set modes gets bit-identical feeds; `ctc-separation.wav` holds
/// `ctc` without its virtualizer (give it as `separation_filters`, so channel separation is measured
/// like the built-in mode's). `beam` and `spatial` are not exported: their upmix adapts to the
/// signal, so no fixed filters reproduce them.
public enum FilterExport {
    public static func write(_ processor: SpatialProcessor, to directory: String) throws {
        let output = try OutputDirectory(directory, option: "--export-filters")
        do {
            for mode in [ChainMode.BuiltIn.matrix, .ctc] {
                guard let set = processor.filterSet(mode) else { continue }
                try FilterSetFile.write(set, to: output.path("\(mode.rawValue).wav"))
                try FilterSetFile.writeSeparation(set, to: output.path("\(mode.rawValue)-separation.wav"))
            }
            try output.commit()
        } catch {
            output.abandon()
            throw error
        }
    }
}
