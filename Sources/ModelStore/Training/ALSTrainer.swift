import Dispatch
public import RankingCore

/// Implicit-feedback matrix factorisation by alternating least squares (Hu, Koren & Volinsky
/// 2008), each least-squares solve done by a few conjugate-gradient steps warm-started from the
/// previous iteration (Takács et al. 2011; the `implicit` library's default solver).
///
/// Deterministic for a seed: each row's solve reads only the other side's fixed factors, so
/// the result does not depend on how rows are spread over threads.
public struct ALSTrainer: Sendable {
    public struct Configuration: Sendable, Equatable {
        public var factors: Int
        public var regularization: Float
        /// Confidence of an observed interaction: c = 1 + confidenceScale · weight.
        public var confidenceScale: Float
        public var iterations: Int
        public var conjugateGradientSteps: Int
        public var seed: UInt64
        /// 0 = one per core.
        public var threads: Int

        public init(factors: Int = ModelStoreDefaults.alsFactors,
                    regularization: Float = ModelStoreDefaults.alsRegularization,
                    confidenceScale: Float = ModelStoreDefaults.alsConfidenceScale,
                    iterations: Int = ModelStoreDefaults.alsIterations,
                    conjugateGradientSteps: Int = ModelStoreDefaults.alsConjugateGradientSteps,
                    seed: UInt64 = ModelStoreDefaults.seed, threads: Int = 0) {
            self.factors = factors
            self.regularization = regularization
            self.confidenceScale = confidenceScale
            self.iterations = iterations
            self.conjugateGradientSteps = conjugateGradientSteps
            self.seed = seed
            self.threads = threads
        }
    }

    public var configuration: Configuration

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// `interactions`: row = user, column = item, value = interaction weight (summed duplicates).
    public func train(interactions: SparseRows, itemCount: Int) -> (users: FactorMatrix, items: FactorMatrix) {
        let d = configuration.factors
        let byItem = interactions.transposed(columnCount: itemCount)
        var rng = SeededRandom(seed: configuration.seed)
        var users = FactorMatrix(rows: interactions.rowCount, dimension: d)
        var items = FactorMatrix(rows: itemCount, dimension: d)
        // Small random start, as `implicit` does (uniform in [0, 0.01)).
        for i in users.values.indices { users.values[i] = Float(rng.unit()) * 0.01 }
        for i in items.values.indices { items.values[i] = Float(rng.unit()) * 0.01 }
        for _ in 0..<configuration.iterations {
            solve(rows: &users, interactions: interactions, fixed: items)
            solve(rows: &items, interactions: byItem, fixed: users)
        }
        return (users, items)
    }

    /// One half-iteration: re-solves every row of `rows` against the fixed side.
    private func solve(rows: inout FactorMatrix, interactions: SparseRows, fixed: FactorMatrix) {
        let d = configuration.factors
        let gram = Self.gram(fixed, regularization: configuration.regularization)
        let count = rows.rows
        let threads = configuration.threads > 0 ? configuration.threads : System.coreCount
        let chunk = max(64, (count + threads * 8 - 1) / (threads * 8))
        let chunks = (count + chunk - 1) / chunk
        let scale = configuration.confidenceScale
        let steps = configuration.conjugateGradientSteps
        rows.values.withUnsafeMutableBufferPointer { out in
            fixed.values.withUnsafeBufferPointer { fixedValues in
                gram.withUnsafeBufferPointer { gramValues in
                    nonisolated(unsafe) let x = out.baseAddress!
                    nonisolated(unsafe) let y = fixedValues.baseAddress!
                    nonisolated(unsafe) let g = gramValues.baseAddress!
                    let work: @Sendable (Int) -> Void = { c in
                        var scratch = ConjugateGradientScratch(dimension: d)
                        for row in (c * chunk)..<min(count, (c + 1) * chunk) {
                            let range = interactions.range(of: row)
                            interactions.columns.withUnsafeBufferPointer { columns in
                                interactions.values.withUnsafeBufferPointer { weights in
                                    scratch.solve(x: x + row * d, fixed: y, gram: g, dimension: d,
                                                  columns: columns.baseAddress! + range.lowerBound,
                                                  weights: weights.baseAddress! + range.lowerBound,
                                                  count: range.count, confidenceScale: scale, steps: steps)
                                }
                            }
                        }
                    }
                    if threads == 1 {
                        for c in 0..<chunks { work(c) }
                    } else {
                        DispatchQueue.concurrentPerform(iterations: chunks, execute: work)
                    }
                }
            }
        }
    }

    /// YᵀY + λI, d×d row-major. Accumulated in Float with SIMD over blocks of rows, each
    /// block's sum added into Double so 10^6 rows lose no precision.
    static func gram(_ matrix: FactorMatrix, regularization: Float) -> [Float] {
        let d = matrix.dimension
        let block = 256
        var total = [Double](repeating: 0, count: d * d)
        var partial = [Float](repeating: 0, count: d * d)
        matrix.values.withUnsafeBufferPointer { v in
            partial.withUnsafeMutableBufferPointer { acc in
                var start = 0
                while start < matrix.rows {
                    for i in 0..<(d * d) { acc[i] = 0 }
                    for r in start..<min(matrix.rows, start + block) {
                        let row = v.baseAddress! + r * d
                        for i in 0..<d where row[i] != 0 {
                            VectorMath.addScaled(row, weight: row[i], into: acc.baseAddress! + i * d, count: d)
                        }
                    }
                    for i in 0..<(d * d) { total[i] += Double(acc[i]) }
                    start += block
                }
            }
        }
        var result = total.map { Float($0) }
        for i in 0..<d { result[i * d + i] += regularization }
        return result
    }
}

/// The buffers of one conjugate-gradient solve, reused across the rows a thread handles.
struct ConjugateGradientScratch {
    var r: [Float]
    var p: [Float]
    var ap: [Float]

    init(dimension: Int) {
        r = [Float](repeating: 0, count: dimension)
        p = r
        ap = r
    }

    /// Improves x for: (G + Σ (c−1) yᵢyᵢᵀ) x = Σ c yᵢ, with c = 1 + scale·w.
    mutating func solve(x: UnsafeMutablePointer<Float>, fixed y: UnsafePointer<Float>, gram g: UnsafePointer<Float>,
                        dimension d: Int, columns: UnsafePointer<Int32>, weights: UnsafePointer<Float>, count: Int,
                        confidenceScale: Float, steps: Int) {
        r.withUnsafeMutableBufferPointer { rb in
            p.withUnsafeMutableBufferPointer { pb in
                ap.withUnsafeMutableBufferPointer { apb in
                    let r = rb.baseAddress!, p = pb.baseAddress!, ap = apb.baseAddress!
                    // r = b − A x
                    for i in 0..<d { r[i] = -VectorMath.dot(g + i * d, x, count: d) }
                    for k in 0..<count {
                        let yi = y + Int(columns[k]) * d
                        let c = 1 + confidenceScale * weights[k]
                        let coefficient = c - (c - 1) * VectorMath.dot(yi, x, count: d)
                        VectorMath.addScaled(yi, weight: coefficient, into: r, count: d)
                    }
                    for i in 0..<d { p[i] = r[i] }
                    var rsOld = VectorMath.dot(r, r, count: d)
                    guard rsOld > 1e-20 else { return }
                    for _ in 0..<steps {
                        // ap = A p
                        for i in 0..<d { ap[i] = VectorMath.dot(g + i * d, p, count: d) }
                        for k in 0..<count {
                            let yi = y + Int(columns[k]) * d
                            let c = 1 + confidenceScale * weights[k]
                            VectorMath.addScaled(yi, weight: (c - 1) * VectorMath.dot(yi, p, count: d), into: ap, count: d)
                        }
                        let pAp = VectorMath.dot(p, ap, count: d)
                        guard pAp > 0 else { return }
                        let step = rsOld / pAp
                        for i in 0..<d {
                            x[i] += step * p[i]
                            r[i] -= step * ap[i]
                        }
                        let rsNew = VectorMath.dot(r, r, count: d)
                        if rsNew < 1e-20 { return }
                        let beta = rsNew / rsOld
                        for i in 0..<d { p[i] = r[i] + beta * p[i] }
                        rsOld = rsNew
                    }
                }
            }
        }
    }
}
