import Numerics

/// Small dense complex linear solves (Gaussian elimination with partial pivoting).
public enum ComplexLinearSystem {
    public static func solve(_ matrix: [[Complex<Double>]], _ rhs: [Complex<Double>]) -> [Complex<Double>]? {
        var a = matrix, b = rhs
        let n = b.count
        for col in 0..<n {
            var pivot = col
            for r in (col + 1)..<max(n, col + 1) where a[r][col].length > a[pivot][col].length { pivot = r }
            guard a[pivot][col].length > 1e-300 else { return nil }
            a.swapAt(col, pivot)
            b.swapAt(col, pivot)
            for r in (col + 1)..<max(n, col + 1) {
                let factor = a[r][col] / a[col][col]
                for c in col..<n { a[r][c] = a[r][c] - factor * a[col][c] }
                b[r] = b[r] - factor * b[col]
            }
        }
        var x = [Complex<Double>](repeating: Complex(0), count: n)
        for r in stride(from: n - 1, through: 0, by: -1) {
            var s = b[r]
            for c in (r + 1)..<max(n, r + 1) { s = s - a[r][c] * x[c] }
            x[r] = s / a[r][r]
        }
        return x
    }
}
