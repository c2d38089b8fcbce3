/// The mean and covariance of a matrix's rows, so the mean and standard deviation of
/// `query · row` over every row follow from the query alone: mean = q·μ, variance = qᵀΣq.
///
/// That is what lets the exact path z-score a signal (SPEC §2) without the pass over all
/// items that a direct computation needs: O(d²) per request instead of O(n).
struct RowMoments: Sendable {
    let dimension: Int
    let mean: [Float]
    /// dimension × dimension, row-major: the population covariance (divided by n, as the
    /// direct z-score does).
    let covariance: [Float]

    init(_ matrix: FactorMatrix) {
        let (n, d) = (matrix.rows, matrix.dimension)
        dimension = d
        var mean = [Double](repeating: 0, count: d)
        var covariance = [Double](repeating: 0, count: d * d)
        matrix.values.withUnsafeBufferPointer { values in
            for r in 0..<n {
                for j in 0..<d { mean[j] += Double(values[r * d + j]) }
            }
            if n > 0 { for j in 0..<d { mean[j] /= Double(n) } }
            // Centred rows, Float partial sums over blocks of 64 rows, Double across blocks:
            // vectorised, and the rounding stays that of a 64-term sum whatever n is.
            let centre = mean.map { Float($0) }
            var block = [Float](repeating: 0, count: d * d)
            var row = [Float](repeating: 0, count: d)
            var start = 0
            while start < n {
                let end = min(n, start + 64)
                for i in 0..<(d * d) { block[i] = 0 }
                for r in start..<end {
                    for j in 0..<d { row[j] = values[r * d + j] - centre[j] }
                    for a in 0..<d {
                        let x = row[a]
                        for b in 0..<d { block[a * d + b] += x * row[b] }
                    }
                }
                for i in 0..<(d * d) { covariance[i] += Double(block[i]) }
                start = end
            }
        }
        self.mean = mean.map { Float($0) }
        self.covariance = covariance.map { n > 0 ? Float($0 / Double(n)) : 0 }
    }

    /// Mean and standard deviation of `query · row` over the rows.
    func meanAndDeviation(of query: UnsafePointer<Float>) -> (mean: Float, deviation: Float) {
        let d = dimension
        let m = mean.withUnsafeBufferPointer { VectorMath.dot(query, $0.baseAddress!, count: d) }
        // qᵀΣq as Σq (four rows per step) then q·(Σq), in a stack buffer.
        let variance = withUnsafeTemporaryAllocation(of: Float.self, capacity: d) { product in
            covariance.withUnsafeBufferPointer { c in
                VectorMath.scoreAll(query, c.baseAddress!, rows: d, dimension: d, into: product.baseAddress!)
            }
            return VectorMath.dot(query, product.baseAddress!, count: d)
        }
        return (m, max(0, variance).squareRoot())
    }

    var residentBytes: Int { (mean.count + covariance.count) * MemoryLayout<Float>.stride }
}
