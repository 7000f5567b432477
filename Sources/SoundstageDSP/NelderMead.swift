/// Derivative-free minimization in the unit box [0, 1]^d by the Nelder–Mead simplex method (Nelder &
/// Mead, *Computer Journal* 7, 1965; the standard coefficients reflection 1, expansion 2, contraction
/// ½, shrink ½), every trial point clamped into the box. A point already evaluated (clamping repeats
/// points at the box's edge) is not evaluated again and does not count against the budget.
/// Deterministic: the same start and budget give the same evaluations.
public struct NelderMead {
    /// One evaluated point.
    public struct Evaluation: Sendable {
        public var point: [Double]
        public var value: Double
    }

    /// The initial simplex's edge in box units.
    public var step = 0.25
    /// Evaluations allowed, the start included.
    public var budget: Int

    public init(budget: Int, step: Double = 0.25) {
        self.budget = budget
        self.step = step
    }

    /// Minimizes `f` from `start` (in the box); returns every evaluation in order (the best is the
    /// minimum of their values).
    public func minimize(from start: [Double], _ f: ([Double]) throws -> Double) rethrows -> [Evaluation] {
        let d = start.count
        var history = [Evaluation]()
        var known = [[Double]: Double]()
        // Steps that only revisit known points cost nothing, so the steps are capped as well.
        var steps = 0
        func clamp(_ x: [Double]) -> [Double] { x.map { min(1, max(0, $0)) } }
        func evaluate(_ x: [Double]) throws -> Double? {
            steps += 1
            guard history.count < budget, steps <= 20 * budget else { return nil }
            if let value = known[x] { return value }
            let value = try f(x)
            known[x] = value
            history.append(Evaluation(point: x, value: value))
            return value
        }
        // The initial simplex: the start and one step along each axis (backwards where forward leaves the box).
        var simplex = [(point: [Double], value: Double)]()
        let first = clamp(start)
        guard let v0 = try evaluate(first) else { return history }
        simplex.append((first, v0))
        for i in 0..<d {
            var x = first
            x[i] = x[i] + step <= 1 ? x[i] + step : x[i] - step
            guard let v = try evaluate(clamp(x)) else { return history }
            simplex.append((clamp(x), v))
        }
        while history.count < budget && steps <= 20 * budget {
            simplex.sort { $0.value < $1.value }
            let worst = simplex[d]
            let centroid = (0..<d).map { i in simplex[0..<d].reduce(0.0) { $0 + $1.point[i] } / Double(d) }
            func along(_ t: Double) -> [Double] {
                clamp((0..<d).map { centroid[$0] + t * (worst.point[$0] - centroid[$0]) })
            }
            let reflected = along(-1)
            guard let vr = try evaluate(reflected) else { break }
            if vr < simplex[0].value {
                let expanded = along(-2)
                guard let ve = try evaluate(expanded) else { break }
                simplex[d] = ve < vr ? (expanded, ve) : (reflected, vr)
            } else if vr < simplex[d - 1].value {
                simplex[d] = (reflected, vr)
            } else {
                let contracted = vr < worst.value ? along(-0.5) : along(0.5)
                guard let vc = try evaluate(contracted) else { break }
                if vc < min(vr, worst.value) {
                    simplex[d] = (contracted, vc)
                } else {
                    // Shrink toward the best vertex.
                    for j in 1...d {
                        let x = clamp(
                            (0..<d).map { simplex[0].point[$0] + 0.5 * (simplex[j].point[$0] - simplex[0].point[$0]) })
                        guard let v = try evaluate(x) else { return history }
                        simplex[j] = (x, v)
                    }
                }
            }
        }
        return history
    }
}
