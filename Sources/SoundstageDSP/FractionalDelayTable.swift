/// Precomputed windowed-sinc fractional-delay kernels for fast accumulation of many impulses.
///
/// Rows hold ``FractionalDelay/kernel(fraction:)`` for fractions j/`resolution`, j = 0…resolution;
/// an arbitrary fraction is the linear interpolation of its two neighbouring rows (the lookup-table
/// scheme of pyroomacoustics' `rir_builder`, with whole rows interpolated so the inner loop is a
/// contiguous multiply-add that vectorizes). With 256 rows the interpolation error is below 1e-5 of
/// the impulse's amplitude.
public struct FractionalDelayTable: Sendable {
    /// The delay design the rows sample.
    public let design: FractionalDelay
    /// Rows per sample of fraction.
    public let resolution: Int
    /// Row stride in doubles (the kernel length).
    public var taps: Int { design.length }
    /// `(resolution + 1) × taps` doubles, row-major.
    public let rows: [Double]
    /// ``rows`` in float 32, for accumulations that run at twice the SIMD width.
    public let floatRows: [Float]

    public init(design: FractionalDelay = FractionalDelay(), resolution: Int = 256) {
        precondition(resolution >= 1)
        self.design = design
        self.resolution = resolution
        rows = (0...resolution).flatMap { j in
            j == resolution
                ? design.kernel(fraction: 0).shiftedRight() : design.kernel(fraction: Double(j) / Double(resolution))
        }
        floatRows = rows.map(Float.init)
    }

    /// Where an impulse at `timeSamples` lands: the buffer index of the kernel's first tap
    /// (`design.lookahead` samples before the impulse's integer sample, so there is no net delay),
    /// the table row below its fraction, and the weight of the row above (linear interpolation:
    /// kernel = (1 − weight)·row + weight·(row + 1)).
    @inlinable
    public func placement(timeSamples: Double) -> (start: Int, row: Int, weight: Double) {
        let whole = Int(timeSamples.rounded(.down))
        let position = (timeSamples - Double(whole)) * Double(resolution)
        let row = min(Int(position), resolution &- 1)
        return (whole &- design.lookahead, row, position - Double(row))
    }
}

private extension Array where Element == Double {
    /// The kernel for fraction 1.0 is the fraction-0 kernel one sample later.
    func shiftedRight() -> [Double] { [0] + dropLast() }
}
