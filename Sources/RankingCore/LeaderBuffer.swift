import CScoring

/// Collects at least the `capacity` best-scoring items of an in-order quantised scan: the
/// kernel appends every item above the threshold (`gr_int8_above`), and whenever the buffer
/// (4 × capacity) fills, items the request's filters reject are dropped, a quickselect finds
/// the capacity-th best score, that becomes the threshold, and the buffer is compacted to the
/// items at or above it.
///
/// A bounded heap does the same job with a sift of log₂(capacity) unpredictable branches per
/// insertion; at 64 leaders of 10^4 items that was a third of a request (perf). Here the scan
/// pays one vector comparison per 8 items and the selection is amortised over 3 × capacity
/// insertions. Ties go to the lower index, as in `TopK`: items arrive in index order, so a
/// later item that only equals the threshold never displaces an earlier one.
///
/// Owns its storage through pointers: the owning `RankingScratch` frees it (`deallocate`).
struct LeaderBuffer {
    private(set) var items: UnsafeMutablePointer<Int32>
    /// The items' approximate scores; a caller may overwrite them once the scan is done
    /// (the exact re-score does).
    private(set) var scores: UnsafeMutablePointer<Float>
    private var work: UnsafeMutablePointer<Float>
    private var allocated: Int
    private(set) var count = 0
    /// Entries before this one have been through the filter.
    private var checked = 0
    private(set) var capacity = 1
    /// An item must score above this to be appended.
    private(set) var threshold: Float = -.infinity

    /// An empty buffer: it allocates on its first `reset`.
    init() {
        allocated = 0
        // Placeholders, never dereferenced: `allocated == 0` means nothing is owned.
        items = UnsafeMutablePointer(bitPattern: MemoryLayout<Int32>.alignment)!
        scores = UnsafeMutablePointer(bitPattern: MemoryLayout<Float>.alignment)!
        work = UnsafeMutablePointer(bitPattern: MemoryLayout<Float>.alignment)!
    }

    func deallocate() {
        guard allocated > 0 else { return }
        items.deallocate()
        scores.deallocate()
        work.deallocate()
    }

    /// Slots the kernel may fill before the buffer must be pruned.
    private var size: Int { 4 * capacity + 8 }

    mutating func reset(capacity: Int, threshold: Float = -.infinity) {
        self.capacity = max(1, capacity)
        if allocated < size {
            deallocate()
            allocated = size
            items = .allocate(capacity: allocated)
            scores = .allocate(capacity: allocated)
            work = .allocate(capacity: allocated)
        }
        count = 0
        checked = 0
        self.threshold = threshold
    }

    /// Appends the items `first..<first + rows` of `matrix` whose approximate score beats the
    /// threshold and that `accepts` lets through (filtered in batches, not one by one).
    mutating func scan(_ matrix: QuantizedRows, query: UnsafePointer<Int8>, _ encoded: QuantizedRows.EncodedQuery, first: Int = 0,
                       rows: Int, accepts: (Int32) -> Bool) {
        var row = first
        let end = first + rows
        while row < end {
            var written = count
            let consumed = matrix.above(query: query, encoded, threshold: threshold, first: row,
                                        count: end - row, items: items, scores: scores, capacity: size, written: &written)
            count = written
            row += consumed
            if size - count < 8 { prune(accepts) }
        }
        prune(accepts)
    }

    /// Drops the unchecked entries `accepts` rejects; past `capacity`, keeps the best.
    mutating func prune(_ accepts: (Int32) -> Bool) {
        var kept = checked
        for i in checked..<count where accepts(items[i]) {
            items[kept] = items[i]
            scores[kept] = scores[i]
            kept += 1
        }
        count = kept
        checked = kept
        guard count > capacity else { return }
        let (best, cut) = Selection.keepBest(items: items, scores: scores, count: count, capacity: capacity, work: work)
        count = best
        checked = best
        threshold = cut
    }
}
