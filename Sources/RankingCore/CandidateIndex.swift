/// An inverted-file (IVF) index over item factors for maximum-inner-product search: items are
/// grouped by k-means into lists; a query scores the list centroids, then scans only the
/// `probes` best lists exactly (docs/scaling.md).
///
/// The vectors are copied in list order so a probed list is one sequential read, which is
/// what makes the scan memory-bandwidth friendly. Immutable once built: shared by every thread.
public struct CandidateIndex: Sendable {
    public let dimension: Int
    public let itemCount: Int
    public let listCount: Int
    /// listCount × dimension: the mean of each list's vectors (what a query's dot product
    /// with a list's members averages to).
    let centroids: [Float]
    /// listCount + 1 offsets into `listItems` / `listVectors` rows.
    let listOffsets: [Int32]
    /// Item indexes, grouped by list.
    let listItems: [Int32]
    /// The items' vectors in `listItems` order.
    let listVectors: [Float]
    /// ‖x − list centroid‖ per item, in `listItems` order, descending within each list.
    let residuals: [Float]

    /// Lists scanned per query unless the caller says otherwise.
    public var probes: Int

    /// Bytes the index holds beyond the model's own arrays.
    public var residentBytes: Int {
        (centroids.count + listVectors.count + residuals.count) * MemoryLayout<Float>.stride
            + (listOffsets.count + listItems.count) * MemoryLayout<Int32>.stride
    }

    /// Per-thread working memory of a search (list scores, the probe heap).
    struct Scratch {
        var listScores: [Float]
        var probeHeap = TopK(capacity: 0)
        init(listCount: Int) { listScores = [Float](repeating: 0, count: listCount) }
    }

    func makeScratch() -> Scratch { Scratch(listCount: listCount) }

    /// Offers the items of the `probes` lists whose centroids score best against `query` to
    /// `heap` (exact dot products), best list first, skipping the items that provably cannot
    /// enter it: q·x ≤ q·c + ‖q‖·‖x − c‖ (lists are sorted by ‖x − c‖ descending, so the
    /// scan of a list stops at the first item whose bound is below the heap's threshold).
    /// The caller sizes and resets `heap`.
    func search(_ query: UnsafePointer<Float>, probes: Int? = nil, scratch: inout Scratch, into heap: inout TopK) {
        let d = dimension
        let wanted = min(max(probes ?? self.probes, 1), listCount)
        scratch.probeHeap.reset(capacity: wanted)
        let queryNorm = VectorMath.dot(query, query, count: d).squareRoot()
        centroids.withUnsafeBufferPointer { c in
            scratch.listScores.withUnsafeMutableBufferPointer { s in
                VectorMath.scoreAll(query, c.baseAddress!, rows: listCount, dimension: d, into: s.baseAddress!)
                for list in 0..<listCount where s[list] >= scratch.probeHeap.threshold {
                    scratch.probeHeap.offer(Int32(list), s[list])
                }
            }
        }
        scratch.probeHeap.sortBestFirst()
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 4) { blockBuffer in
            let blockScores = blockBuffer.baseAddress!
            listVectors.withUnsafeBufferPointer { vectors in
                listItems.withUnsafeBufferPointer { items in
                    residuals.withUnsafeBufferPointer { residuals in
                        listOffsets.withUnsafeBufferPointer { offsets in
                            let base = vectors.baseAddress!
                            for slot in 0..<scratch.probeHeap.count {
                                let list = Int(scratch.probeHeap.items[slot])
                                let centre = scratch.probeHeap.scores[slot]
                                var position = Int(offsets[list])
                                let end = Int(offsets[list + 1])
                                while position < end {
                                    // A bound below the threshold ends the list. The slack covers the
                                    // rounding of the three float terms, so no item is lost to it.
                                    // Checked once per block of 4 (the bound only falls along the list;
                                    // the block's other items are merely scored exactly).
                                    let bound = centre + queryNorm * residuals[position]
                                    if bound + 1e-4 * (abs(centre) + queryNorm * residuals[position]) < heap.threshold { break }
                                    let block = min(4, end - position)
                                    VectorMath.scoreAll(query, base + position * d, rows: block, dimension: d, into: blockScores)
                                    for b in 0..<block where blockScores[b] >= heap.threshold {
                                        heap.offer(items[position + b], blockScores[b])
                                    }
                                    position += block
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The `k` best items for `query`, best first (cold paths: index-bench, neighbour lists).
    public func topK(_ query: UnsafePointer<Float>, k: Int, probes: Int? = nil) -> [(item: Int32, score: Float)] {
        var scratch = makeScratch()
        var heap = TopK(capacity: k)
        search(query, probes: probes, scratch: &scratch, into: &heap)
        return heap.sorted()
    }
}

/// A reusable single-thread searcher: the scratch and heap live as long as it does, so a
/// loop of queries allocates nothing per query (index-bench measures exactly this).
public struct CandidateSearcher {
    public let index: CandidateIndex
    var scratch: CandidateIndex.Scratch
    var heap = TopK(capacity: 0)

    public init(index: CandidateIndex) {
        self.index = index
        self.scratch = index.makeScratch()
    }

    /// Writes the `k` best items for `query`, best first, into `out` (which must hold `k`);
    /// returns how many were written.
    public mutating func search(_ query: UnsafePointer<Float>, k: Int, probes: Int? = nil,
                                into out: UnsafeMutablePointer<Int32>) -> Int {
        heap.reset(capacity: k)
        index.search(query, probes: probes, scratch: &scratch, into: &heap)
        heap.sortBestFirst()
        for i in 0..<heap.count { out[i] = heap.items[i] }
        return heap.count
    }
}
