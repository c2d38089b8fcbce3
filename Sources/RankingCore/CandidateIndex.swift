/// An inverted-file (IVF) index over item factors for maximum-inner-product search: items are
/// grouped by k-means into lists; a query scores the list centroids, scans only the `probes`
/// best lists approximately, and re-scores the best of what it found exactly (docs/scaling.md).
///
/// The vectors are stored in list order as 8-bit codes (`QuantizedRows`: 68 B per item at
/// d = 64 instead of the 256 B of a `Float` copy), scored by the int8 kernels (CScoring). The
/// exact re-score reads the model's own item factors (`vectors`: the same copy-on-write
/// storage, not a copy). Immutable once built: shared by every thread.
public struct CandidateIndex: Sendable {
    public let dimension: Int
    public let itemCount: Int
    public let listCount: Int
    /// listCount × dimension: the mean of each list's vectors (what a query's dot product
    /// with a list's members averages to).
    let centroids: [Float]
    /// listCount + 1 offsets into `listItems` / `listCodes` rows.
    let listOffsets: [Int32]
    /// Item indexes, grouped by list.
    let listItems: [Int32]
    /// The items' vectors in `listItems` order, quantised: row p is item `listItems[p]`.
    let listCodes: QuantizedRows
    /// ‖x − list centroid‖ per item, in `listItems` order, descending within each list.
    let residuals: [Float]
    /// The item factors the index was built over (row = item): the exact re-score reads them.
    let vectors: FactorMatrix
    /// Per list, its largest residual norm (its first item's).
    let listRadii: [Float]
    /// The centroids as 8-bit codes: a query scores all of them (128 KB at 2,000 lists, which
    /// stays in a core's L2, where the `Float` centroids are 512 KB) to pick the probes.
    let centroidCodes: QuantizedRows

    /// Lists scanned per query unless the caller says otherwise.
    public var probes: Int
    /// Approximate candidates re-scored exactly per result wanted, and at least how many
    /// (RankingDefaults.indexRescoredPerResult / indexRescoredMinimum).
    public var rescoredPerResult: Int = RankingDefaults.indexRescoredPerResult
    public var rescoredMinimum: Int = RankingDefaults.indexRescoredMinimum
    /// Whether a list's scan stops where the residual bound falls below the candidates'
    /// threshold (off only to measure what the bound saves).
    public var stopsEarly = true
    /// Multiplies ‖q‖·‖x − c‖ in the early stop's bound (1 = the exact Cauchy–Schwarz bound)
    /// and, for choosing and ordering the probes, weighs each list's largest residual into its
    /// centroid score (0 = by q·c alone); RankingDefaults.indexBoundDeviations and
    /// indexProbeRadiusDeviations, over √d.
    public var boundFactor: Float
    public var probeRadiusWeight: Float

    init(dimension: Int, itemCount: Int, listCount: Int, centroids: [Float], listOffsets: [Int32],
         listItems: [Int32], listVectors: FactorMatrix, residuals: [Float], vectors: FactorMatrix, probes: Int) {
        self.dimension = dimension
        self.itemCount = itemCount
        self.listCount = listCount
        self.centroids = centroids
        self.listOffsets = listOffsets
        self.listItems = listItems
        self.listCodes = QuantizedRows(listVectors)
        self.residuals = residuals
        self.vectors = vectors
        self.centroidCodes = QuantizedRows(FactorMatrix(rows: listCount, dimension: dimension, values: centroids))
        self.listRadii = (0..<listCount).map { listOffsets[$0] < listOffsets[$0 + 1] ? residuals[Int(listOffsets[$0])] : 0 }
        self.probes = probes
        let root = Float(max(1, dimension)).squareRoot()
        self.boundFactor = min(1, RankingDefaults.indexBoundDeviations / root)
        self.probeRadiusWeight = RankingDefaults.indexProbeRadiusDeviations / root
    }

    /// Bytes the index holds beyond the model's own arrays (the item factors it re-scores
    /// from are the model's).
    public var residentBytes: Int {
        (centroids.count + residuals.count + listRadii.count) * MemoryLayout<Float>.stride
            + (listOffsets.count + listItems.count) * MemoryLayout<Int32>.stride
            + listCodes.residentBytes + centroidCodes.residentBytes
    }

    /// Lists probed per query by default: those holding about `indexProbedItems` items at the
    /// average list size, at least one, at most all.
    public static func defaultProbes(items: Int, lists: Int) -> Int {
        guard items > 0, lists > 0 else { return 1 }
        let probes = (RankingDefaults.indexProbedItems * lists + items - 1) / items
        return min(lists, max(1, probes))
    }

    /// How many approximate candidates a search for `wanted` results re-scores exactly.
    public func rescored(for wanted: Int) -> Int {
        min(itemCount, max(rescoredPerResult * wanted, rescoredMinimum))
    }

    /// Per-thread working memory of a search: list scores, the probe order, the encoded query
    /// and the approximate candidates. A class so that its `deinit` frees the pointers.
    final class Scratch {
        let listScores: UnsafeMutablePointer<Float>
        /// Per list: the key the probes are chosen by (score plus weighted radius).
        let listKeys: UnsafeMutablePointer<Float>
        /// The probed lists, best first, as `packed(key, list)`.
        let probeOrder: UnsafeMutablePointer<UInt64>
        var candidates = CandidatePool()
        let queryBuffer: UnsafeMutablePointer<Float>
        let queryCodes: UnsafeMutablePointer<Int8>
        /// Rows of codes the last search scanned (a benchmark's diagnostic).
        var scannedRows = 0

        init(listCount: Int, codeStride: Int) {
            listScores = .allocate(capacity: max(1, listCount))
            listScores.initialize(repeating: 0, count: max(1, listCount))
            listKeys = .allocate(capacity: max(1, listCount))
            listKeys.initialize(repeating: 0, count: max(1, listCount))
            probeOrder = .allocate(capacity: max(1, listCount))
            probeOrder.initialize(repeating: 0, count: max(1, listCount))
            queryBuffer = .allocate(capacity: max(1, codeStride))
            queryBuffer.initialize(repeating: 0, count: max(1, codeStride))
            queryCodes = .allocate(capacity: max(1, codeStride))
            queryCodes.initialize(repeating: 0, count: max(1, codeStride))
        }

        deinit {
            candidates.deallocate()
            listScores.deallocate()
            listKeys.deallocate()
            probeOrder.deallocate()
            queryBuffer.deallocate()
            queryCodes.deallocate()
        }
    }

    func makeScratch() -> Scratch { Scratch(listCount: listCount, codeStride: listCodes.queryStride) }

    /// Offers the best items of the `probes` best lists for `query` to `heap`, with exact
    /// scores; the caller sizes and resets `heap`.
    ///
    /// 1. Every centroid is scored from its 8-bit codes, and the lists are ranked by
    ///    q·c + `probeRadiusWeight`·‖q‖·(the list's largest residual): a list whose outliers
    ///    reach towards the query can hold top items even when its mean does not. The `probes`
    ///    best are taken (`selectProbes`), and their q·c recomputed exactly.
    /// 2. Each probed list is scanned in 8-bit codes into the `rescored(for: heap.capacity)`
    ///    best approximate candidates (`CandidatePool`). A list's scan stops where
    ///    q·c + `boundFactor`·‖q‖·‖x − c‖ falls below the candidates' threshold: lists are
    ///    sorted by ‖x − c‖ descending, so the rest of the list scores lower. With
    ///    `boundFactor` 1 this is the Cauchy–Schwarz bound, exact; serving uses 4/√d (0.5 at
    ///    d = 64), which assumes a residual's cosine with the query is not beyond 4 standard
    ///    deviations of a random direction's (RankingDefaults.indexBoundDeviations).
    /// 3. The candidates are re-scored in `Float` from the item factors; only those exact
    ///    scores reach `heap`.
    func search(_ query: UnsafePointer<Float>, probes: Int? = nil, scratch: inout Scratch, into heap: inout TopK) {
        guard heap.capacity > 0 else { return }
        let d = dimension
        let probed = min(max(probes ?? self.probes, 1), listCount)
        let queryNorm = VectorMath.dot(query, query, count: d).squareRoot()
        let scores = scratch.listScores, order = scratch.probeOrder
        let encodedCentroids = centroidCodes.encodeQuery(query, weight: 1, buffer: scratch.queryBuffer, into: scratch.queryCodes)
        centroidCodes.scores(query: scratch.queryCodes, encodedCentroids, into: scores)
        let radiusWeight = probeRadiusWeight * queryNorm
        let keys = scratch.listKeys
        listRadii.withUnsafeBufferPointer { radii in
            for list in 0..<listCount { keys[list] = scores[list] + radiusWeight * radii[list] }
        }
        Self.selectProbes(keys, count: listCount, keep: probed, into: order)

        // The probed lists' exact centroid scores, for the bound (in one batch, so that the
        // cache misses overlap).
        centroids.withUnsafeBufferPointer { c in
            for slot in 0..<probed {
                let list = Self.index(of: order[slot])
                scores[list] = VectorMath.dot(query, c.baseAddress! + list * d, count: d)
            }
        }
        let encoded = listCodes.encodeQuery(query, weight: 1, buffer: scratch.queryBuffer, into: scratch.queryCodes)
        // A local copy of the buffer's pointers for the loop (written back: `reset` may reallocate).
        var candidates = scratch.candidates
        candidates.reset(capacity: rescored(for: heap.capacity))
        var scanned = 0
        let slack = boundFactor * queryNorm
        residuals.withUnsafeBufferPointer { residuals in
            listOffsets.withUnsafeBufferPointer { offsets in
                for slot in 0..<probed {
                    let list = Self.index(of: order[slot])
                    let centre = scores[list]
                    let start = Int(offsets[list])
                    var end = Int(offsets[list + 1])
                    let threshold = candidates.threshold
                    if stopsEarly && threshold > -.infinity {
                        // The scan ends at the first position whose bound is below the threshold
                        // (residuals descend along the list), checked every 8th position: one
                        // sequential read, at most a block too far. The relative slack covers the
                        // rounding of the float terms.
                        var position = start
                        while position < end {
                            let spread = slack * residuals[position]
                            if centre + spread + 1e-4 * (abs(centre) + spread) < threshold { break }
                            position += 8
                        }
                        end = min(end, position)
                    }
                    guard end > start else { continue }
                    scanned += end - start
                    candidates.scan(listCodes, query: scratch.queryCodes, encoded, first: start, count: end - start)
                }
            }
        }
        candidates.prune()
        // Rows to items first, then the exact scores: two loops of independent loads, so the
        // cache misses of different candidates overlap instead of queueing behind each other.
        candidates.mapRows(listItems)
        vectors.values.withUnsafeBufferPointer { factors in
            for i in 0..<candidates.count {
                let item = candidates.rows[i]
                let score = VectorMath.dot(query, factors.baseAddress! + Int(item) * d, count: d)
                if score >= heap.threshold { heap.offer(item, score) }
            }
        }
        scratch.candidates = candidates
        scratch.scannedRows = scanned
    }

    /// Writes the `keep` largest of `keys[0..<count]` to `order[0..<keep]`, each as
    /// `packed(key, index)` (ties: the lower index first), the best `indexSortedProbes` of
    /// them first and in order; `order` holds `count`.
    ///
    /// A quickselect over all the keys costs ~12 µs at 2,000 lists (its branches mispredict);
    /// here a sample of every 8th key gives a threshold that ~1.5 × keep keys pass, one
    /// well-predicted pass collects those, and the quickselect and sort run on them only
    /// (~6 µs). If fewer than `keep` pass, every key is selected from instead.
    static func selectProbes(_ keys: UnsafePointer<Float>, count: Int, keep: Int, into order: UnsafeMutablePointer<UInt64>) {
        let keep = min(keep, count)
        guard keep > 0 else { return }
        var taken = 0
        let samples = count / 8
        let rank = max(2, keep * 3 / 16)  // ≈ 1.5 × keep / 8
        if rank >= 2 && rank * 4 <= samples {
            for s in 0..<samples { order[s] = packed(keys[s * 8], s * 8) }
            selectLargest(order, count: samples, keep: rank)
            var cut = order[0]
            for i in 1..<rank where order[i] < cut { cut = order[i] }
            let threshold = key(of: cut)
            for list in 0..<count where keys[list] >= threshold {
                order[taken] = packed(keys[list], list)
                taken += 1
            }
        }
        if taken < keep {
            for list in 0..<count { order[list] = packed(keys[list], list) }
            taken = count
        }
        selectLargest(order, count: taken, keep: keep)
        // Only the first lists need to be the best: they set the threshold the rest stop at.
        let sorted = min(keep, RankingDefaults.indexSortedProbes)
        selectLargest(order, count: keep, keep: sorted)
        sortDescending(order, count: sorted)
    }

    /// A key and its index as one integer that orders as (key, then lower index) does; NaN
    /// keys order below every number.
    @inline(__always)
    static func packed(_ key: Float, _ index: Int) -> UInt64 {
        let bits = key.isNaN ? (-Float.infinity).bitPattern : key.bitPattern
        let orderable = bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
        return UInt64(orderable) << 32 | UInt64(UInt32.max - UInt32(truncatingIfNeeded: index))
    }

    @inline(__always)
    static func key(of packed: UInt64) -> Float {
        let orderable = UInt32(truncatingIfNeeded: packed >> 32)
        return Float(bitPattern: orderable & 0x8000_0000 != 0 ? orderable & 0x7FFF_FFFF : ~orderable)
    }

    @inline(__always)
    static func index(of packed: UInt64) -> Int { Int(UInt32.max - UInt32(truncatingIfNeeded: packed)) }

    /// Reorders `values[0..<count]` so that its `keep` largest come first, in any order.
    static func selectLargest(_ values: UnsafeMutablePointer<UInt64>, count: Int, keep: Int) {
        guard keep > 0 && keep < count else { return }
        _ = Selection.nthLargest(values, count: count, rank: keep - 1)
    }

    /// Sorts `values[0..<count]` descending (quicksort, insertion sort below 16 values).
    static func sortDescending(_ values: UnsafeMutablePointer<UInt64>, count: Int) {
        var low = 0, high = count - 1
        while high - low >= 16 {
            let pivot = values[(low + high) / 2]
            var i = low, j = high
            while i <= j {
                while values[i] > pivot { i += 1 }
                while values[j] < pivot { j -= 1 }
                if i <= j {
                    (values[i], values[j]) = (values[j], values[i])
                    i += 1
                    j -= 1
                }
            }
            // Recurse into the smaller side, loop on the larger: O(log n) stack.
            if j - low < high - i {
                sortDescending(values + low, count: j - low + 1)
                low = i
            } else {
                sortDescending(values + i, count: high - i + 1)
                high = j
            }
        }
        guard high > low else { return }
        for i in (low + 1)...high {
            let value = values[i]
            var j = i
            while j > low && values[j - 1] < value {
                values[j] = values[j - 1]
                j -= 1
            }
            values[j] = value
        }
    }

    /// The `k` best items for `query`, best first (cold paths: index-bench, neighbour lists).
    public func topK(_ query: UnsafePointer<Float>, k: Int, probes: Int? = nil) -> [(item: Int32, score: Float)] {
        var scratch = makeScratch()
        var heap = TopK(capacity: k)
        search(query, probes: probes, scratch: &scratch, into: &heap)
        return heap.sorted()
    }

    /// The exact `k` best rows of `vectors` for `query`, best first, by scoring every row in
    /// `Float` (the reference the index's recall is measured against).
    public static func exactTopK(_ vectors: FactorMatrix, _ query: UnsafePointer<Float>, k: Int) -> [(item: Int32, score: Float)] {
        var heap = TopK(capacity: k)
        exactSearch(vectors, query, into: &heap)
        return heap.sorted()
    }

    static func exactSearch(_ vectors: FactorMatrix, _ query: UnsafePointer<Float>, into heap: inout TopK) {
        let d = vectors.dimension, block = 256
        withUnsafeTemporaryAllocation(of: Float.self, capacity: block) { scores in
            vectors.values.withUnsafeBufferPointer { values in
                var row = 0
                while row < vectors.rows {
                    let rows = min(block, vectors.rows - row)
                    VectorMath.scoreAll(query, values.baseAddress! + row * d, rows: rows, dimension: d, into: scores.baseAddress!)
                    for r in 0..<rows where scores[r] >= heap.threshold { heap.offer(Int32(row + r), scores[r]) }
                    row += rows
                }
            }
        }
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

    /// Rows of codes the last search scanned.
    public var scannedRows: Int { scratch.scannedRows }
}

