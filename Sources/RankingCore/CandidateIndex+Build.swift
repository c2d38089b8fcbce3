import Dispatch

extension CandidateIndex {
    /// Builds the index over `vectors` (row = item): k-means (Lloyd, on a sample) for the
    /// centroids, then every item assigned to its nearest centroid, on every core.
    ///
    /// Deterministic for a given input and parameters. Nearest is by L2, computed as the
    /// largest `x·c − ½‖c‖²` so the work is dot products; the lists' centroids are then
    /// recomputed as their members' means, which is what a query's inner product with a
    /// list's members averages to, so high-norm (popular) items pull their list up.
    public static func build(
        _ vectors: FactorMatrix,
        listsPerRootItem: Double = RankingDefaults.indexListsPerRootItem,
        probes: Int? = nil,
        pointsPerList: Int = RankingDefaults.indexTrainingPointsPerList,
        iterations: Int = RankingDefaults.indexTrainingIterations,
        seed: UInt64 = RankingDefaults.indexSeed
    ) -> CandidateIndex {
        let n = vectors.rows
        let d = vectors.dimension
        let lists = max(1, min(n, Int((Double(n).squareRoot() * listsPerRootItem).rounded())))
        var random = SplitMix(seed)

        // Training sample: every item when the catalog is small, else a random subset.
        let sampleCount = min(n, lists * pointsPerList)
        var sample = [Float](repeating: 0, count: sampleCount * d)
        for s in 0..<sampleCount {
            let row = sampleCount == n ? s : Int(random.next() % UInt64(n))
            for j in 0..<d { sample[s * d + j] = vectors.values[row * d + j] }
        }
        var centroids = [Float](repeating: 0, count: lists * d)
        for c in 0..<lists {
            let s = sampleCount == lists ? c : Int(random.next() % UInt64(sampleCount))
            for j in 0..<d { centroids[c * d + j] = sample[s * d + j] }
        }
        var labels = [Int32](repeating: 0, count: sampleCount)
        for _ in 0..<max(0, iterations) {
            assign(sample, rows: sampleCount, dimension: d, centroids: centroids, lists: lists, into: &labels)
            var sums = [Double](repeating: 0, count: lists * d)
            var counts = [Int](repeating: 0, count: lists)
            for s in 0..<sampleCount {
                let c = Int(labels[s])
                counts[c] += 1
                for j in 0..<d { sums[c * d + j] += Double(sample[s * d + j]) }
            }
            for c in 0..<lists {
                // An empty list is reseeded on a random sample point, as faiss does.
                let reseed = Int(random.next() % UInt64(sampleCount))
                for j in 0..<d {
                    centroids[c * d + j] = counts[c] > 0 ? Float(sums[c * d + j] / Double(counts[c])) : sample[reseed * d + j]
                }
            }
        }

        var itemLists = [Int32](repeating: 0, count: n)
        assign(vectors.values, rows: n, dimension: d, centroids: centroids, lists: lists, into: &itemLists)

        // Counting sort of the items by list; vectors copied in that order.
        var offsets = [Int32](repeating: 0, count: lists + 1)
        for list in itemLists { offsets[Int(list) + 1] += 1 }
        for c in 0..<lists { offsets[c + 1] += offsets[c] }
        var next = offsets
        var listItems = [Int32](repeating: 0, count: n)
        var listVectors = [Float](repeating: 0, count: n * d)
        var means = [Double](repeating: 0, count: lists * d)
        for item in 0..<n {
            let list = Int(itemLists[item])
            let slot = Int(next[list])
            next[list] += 1
            listItems[slot] = Int32(item)
            for j in 0..<d {
                let v = vectors.values[item * d + j]
                listVectors[slot * d + j] = v
                means[list * d + j] += Double(v)
            }
        }
        for c in 0..<lists {
            let members = Int(offsets[c + 1] - offsets[c])
            guard members > 0 else { continue }
            for j in 0..<d { centroids[c * d + j] = Float(means[c * d + j] / Double(members)) }
        }
        let residuals = sortByResidual(listItems: &listItems, listVectors: &listVectors, offsets: offsets,
                                       centroids: centroids, dimension: d)
        return CandidateIndex(dimension: d, itemCount: n, listCount: lists, centroids: centroids,
                              listOffsets: offsets, listItems: listItems,
                              listVectors: FactorMatrix(rows: n, dimension: d, values: listVectors),
                              residuals: residuals, vectors: vectors,
                              probes: probes ?? defaultProbes(items: n, lists: lists))
    }

    /// Orders each list by ‖x − c‖ descending and returns those norms (in list order), for the
    /// search's bound q·x = q·c + q·(x − c) ≤ q·c + ‖q‖·‖x − c‖: once it drops below the k-th
    /// best score, the rest of the list cannot enter the top k.
    static func sortByResidual(listItems: inout [Int32], listVectors: inout [Float], offsets: [Int32],
                               centroids: [Float], dimension d: Int) -> [Float] {
        var residuals = [Float](repeating: 0, count: listItems.count)
        var order: [Int] = []
        var items: [Int32] = []
        var vectors: [Float] = []
        var norms: [Float] = []
        for list in 0..<(offsets.count - 1) {
            let start = Int(offsets[list]), end = Int(offsets[list + 1])
            guard end > start else { continue }
            norms = (start..<end).map { position in
                var s: Float = 0
                for j in 0..<d {
                    let r = listVectors[position * d + j] - centroids[list * d + j]
                    s += r * r
                }
                return s.squareRoot()
            }
            order = Array(0..<(end - start)).sorted { norms[$0] > norms[$1] || (norms[$0] == norms[$1] && $0 < $1) }
            items = order.map { listItems[start + $0] }
            vectors = order.flatMap { listVectors[((start + $0) * d)..<((start + $0 + 1) * d)] }
            for (offset, source) in order.enumerated() {
                listItems[start + offset] = items[offset]
                residuals[start + offset] = norms[source]
            }
            for j in 0..<vectors.count { listVectors[start * d + j] = vectors[j] }
        }
        return residuals
    }

    /// labels[r] = the centroid nearest (L2) to row r, on every core.
    static func assign(_ points: [Float], rows: Int, dimension d: Int, centroids: [Float], lists: Int,
                       into labels: inout [Int32]) {
        var halfNorms = [Float](repeating: 0, count: lists)
        for c in 0..<lists {
            var s: Float = 0
            for j in 0..<d { s += centroids[c * d + j] * centroids[c * d + j] }
            halfNorms[c] = s / 2
        }
        let chunk = 512
        let chunks = (rows + chunk - 1) / chunk
        points.withUnsafeBufferPointer { p in
            centroids.withUnsafeBufferPointer { cs in
                halfNorms.withUnsafeBufferPointer { hn in
                    labels.withUnsafeMutableBufferPointer { out in
                        nonisolated(unsafe) let pBase = p.baseAddress!
                        nonisolated(unsafe) let cBase = cs.baseAddress!
                        nonisolated(unsafe) let hBase = hn.baseAddress!
                        nonisolated(unsafe) let oBase = out.baseAddress!
                        DispatchQueue.concurrentPerform(iterations: chunks) { k in
                            let scores = UnsafeMutablePointer<Float>.allocate(capacity: lists)
                            defer { scores.deallocate() }
                            for r in (k * chunk)..<min(rows, (k + 1) * chunk) {
                                VectorMath.scoreAll(pBase + r * d, cBase, rows: lists, dimension: d, into: scores)
                                var best = -Float.infinity
                                var label: Int32 = 0
                                for c in 0..<lists where scores[c] - hBase[c] > best {
                                    best = scores[c] - hBase[c]
                                    label = Int32(c)
                                }
                                oBase[r] = label
                            }
                        }
                    }
                }
            }
        }
    }
}

/// SplitMix64: a tiny, well-mixed deterministic generator for sampling.
struct SplitMix {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
