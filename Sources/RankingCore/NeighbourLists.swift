import Dispatch

/// Item-to-item neighbour lists by cosine similarity: for each row of a matrix, the `count`
/// most similar other rows with positive similarity, best first.
///
/// Exact all-pairs search, O(n²·d), spread over every core. Fine to 10^5 items (training
/// time); a larger catalog needs the candidate index instead (docs/scaling.md).
public enum NeighbourLists {
    public static func build(_ vectors: FactorMatrix, count: Int) -> SparseRows {
        let n = vectors.rows
        let d = vectors.dimension
        guard n > 1, d > 0, count > 0 else { return .emptyRows(n) }
        let nonZero = vectors.values.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
        if nonZero * 4 < vectors.values.count { return buildSparse(vectors, count: count) }
        // Unit rows, so a dot product is the cosine; all-zero rows stay zero (no neighbours).
        var unit = vectors.values
        for r in 0..<n {
            var norm: Float = 0
            for j in 0..<d { norm += unit[r * d + j] * unit[r * d + j] }
            let scale: Float = norm > 0 ? 1 / norm.squareRoot() : 0
            for j in 0..<d { unit[r * d + j] *= scale }
        }
        let perRow = min(count, n - 1)
        var columns = [Int32](repeating: -1, count: n * perRow)
        var values = [Float](repeating: 0, count: n * perRow)
        let chunk = 64
        let chunks = (n + chunk - 1) / chunk
        unit.withUnsafeBufferPointer { matrix in
            columns.withUnsafeMutableBufferPointer { outColumns in
                values.withUnsafeMutableBufferPointer { outValues in
                    nonisolated(unsafe) let outC = outColumns.baseAddress!
                    nonisolated(unsafe) let outV = outValues.baseAddress!
                    nonisolated(unsafe) let base = matrix.baseAddress!
                    DispatchQueue.concurrentPerform(iterations: chunks) { c in
                        var scores = [Float](repeating: 0, count: n)
                        for row in (c * chunk)..<min(n, (c + 1) * chunk) {
                            scores.withUnsafeMutableBufferPointer { s in
                                VectorMath.scoreAll(base + row * d, base, rows: n, dimension: d, into: s.baseAddress!)
                            }
                            var heap = TopK(capacity: perRow)
                            for other in 0..<n where other != row && scores[other] > 0 && scores[other] >= heap.threshold {
                                heap.offer(Int32(other), scores[other])
                            }
                            for (slot, entry) in heap.sorted().enumerated() {
                                outC[row * perRow + slot] = entry.item
                                outV[row * perRow + slot] = entry.score
                            }
                        }
                    }
                }
            }
        }
        // Compact: rows with fewer than `perRow` positive neighbours have −1 slots.
        var offsets: [Int64] = [0]
        offsets.reserveCapacity(n + 1)
        var keptColumns: [Int32] = []
        var keptValues: [Float] = []
        keptColumns.reserveCapacity(columns.count)
        keptValues.reserveCapacity(values.count)
        for r in 0..<n {
            for slot in 0..<perRow where columns[r * perRow + slot] >= 0 {
                keptColumns.append(columns[r * perRow + slot])
                keptValues.append(values[r * perRow + slot])
            }
            offsets.append(Int64(keptColumns.count))
        }
        return SparseRows(offsets: offsets, columns: keptColumns, values: keptValues)
    }

    /// The same answer for mostly-zero rows (content vectors: a handful of categories and tags
    /// out of 128 dimensions): through an inverted index of non-zero dimensions, the work is
    /// Σ over dimensions of (items having it)² instead of n²·d.
    static func buildSparse(_ vectors: FactorMatrix, count: Int) -> SparseRows {
        let n = vectors.rows
        let d = vectors.dimension
        var norms = [Float](repeating: 0, count: n)
        var byDimension = [[(item: Int32, value: Float)]](repeating: [], count: d)
        for r in 0..<n {
            for j in 0..<d where vectors.values[r * d + j] != 0 {
                let value = vectors.values[r * d + j]
                norms[r] += value * value
                byDimension[j].append((Int32(r), value))
            }
        }
        let perRow = min(count, n - 1)
        let rows: [[(column: Int32, value: Float)]] = (0..<n).map { _ in [] }
        var result = rows
        var scores = [Float](repeating: 0, count: n)
        var touched: [Int32] = []
        for r in 0..<n where norms[r] > 0 {
            for j in 0..<d where vectors.values[r * d + j] != 0 {
                let value = vectors.values[r * d + j]
                for entry in byDimension[j] where Int(entry.item) != r {
                    if scores[Int(entry.item)] == 0 { touched.append(entry.item) }
                    scores[Int(entry.item)] += value * entry.value
                }
            }
            var heap = TopK(capacity: perRow)
            let rowNorm = norms[r].squareRoot()
            for item in touched {
                let cosine = scores[Int(item)] / (rowNorm * norms[Int(item)].squareRoot())
                scores[Int(item)] = 0
                if cosine > 0 { heap.offer(item, cosine) }
            }
            touched.removeAll(keepingCapacity: true)
            result[r] = heap.sorted().map { (column: $0.item, value: $0.score) }
        }
        return SparseRows(rows: result)
    }
}
