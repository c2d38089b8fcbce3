extension CandidateIndex {
    /// The approximate candidates of one search: at least the `capacity` best-scoring rows of
    /// the probed lists' 8-bit scans, in the order the scans found them.
    ///
    /// The kernel appends every row above the threshold (`QuantizedRows.above`); a prune keeps
    /// the `capacity` best (quickselect; ties: the earlier row) and raises the threshold to the
    /// capacity-th score. Unlike `LeaderBuffer`, which prunes at the end of every scan call, a
    /// pool prunes only once it holds twice its capacity (or its buffer is full): a search
    /// scans ~100 short lists, and a prune per list cost O(capacity) each time — at 300
    /// candidates 320 µs a query instead of ~100 (core-bench --sweep-rescored 300).
    /// Owns its storage through pointers: the owning `Scratch` frees it (`deallocate`).
    struct CandidatePool {
        private(set) var rows: UnsafeMutablePointer<Int32>
        private(set) var scores: UnsafeMutablePointer<Float>
        private var work: UnsafeMutablePointer<Float>
        private var allocated = 0
        private(set) var count = 0
        private(set) var capacity = 1
        /// A row must score above this to be appended (the capacity-th best at the last prune).
        private(set) var threshold: Float = -.infinity

        init() {
            rows = .allocate(capacity: 0)
            scores = .allocate(capacity: 0)
            work = .allocate(capacity: 0)
        }

        func deallocate() {
            rows.deallocate()
            scores.deallocate()
            work.deallocate()
        }

        /// Slots the kernel may fill before the pool must be pruned.
        private var size: Int { 4 * capacity + 8 }

        mutating func reset(capacity: Int) {
            self.capacity = max(1, capacity)
            if allocated < size {
                deallocate()
                allocated = size
                rows = .allocate(capacity: allocated)
                scores = .allocate(capacity: allocated)
                work = .allocate(capacity: allocated)
            }
            count = 0
            threshold = -.infinity
        }

        /// Appends the rows `first..<first + count` of `codes` whose approximate score beats
        /// the threshold.
        mutating func scan(_ codes: QuantizedRows, query: UnsafePointer<Int8>, _ encoded: QuantizedRows.EncodedQuery,
                           first: Int, count rowCount: Int) {
            var row = first
            let end = first + rowCount
            while row < end {
                var written = count
                let consumed = codes.above(query: query, encoded, threshold: threshold, first: row, count: end - row,
                                           items: rows, scores: scores, capacity: size, written: &written)
                count = written
                row += consumed
                if size - count < 8 { prune() }
            }
            if count >= capacity + max(8, capacity / 4) { prune() }
        }

        /// Replaces each row number r by `map[r]` (list positions by item indexes).
        func mapRows(_ map: [Int32]) {
            map.withUnsafeBufferPointer { map in
                for i in 0..<count { rows[i] = map[Int(rows[i])] }
            }
        }

        /// Keeps the `capacity` best (all of them when there are no more).
        mutating func prune() {
            guard count > capacity else { return }
            let (kept, cut) = Selection.keepBest(items: rows, scores: scores, count: count, capacity: capacity, work: work)
            count = kept
            threshold = cut
        }
    }
}
