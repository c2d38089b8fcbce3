/// A bounded min-heap keeping the `capacity` best (score, item) pairs seen.
///
/// Ties break towards the lower item index, so rankings are deterministic whatever order
/// items are offered in. Storage is reserved once; `offer` allocates nothing, and `reset`
/// keeps the storage so a per-thread heap serves every request without allocating.
struct TopK {
    private(set) var scores: [Float] = []
    private(set) var items: [Int32] = []
    private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = max(0, capacity)
        scores.reserveCapacity(self.capacity)
        items.reserveCapacity(self.capacity)
    }

    /// True when (s1, i1) ranks below (s2, i2).
    @inline(__always)
    private static func worse(_ s1: Float, _ i1: Int32, _ s2: Float, _ i2: Int32) -> Bool {
        s1 < s2 || (s1 == s2 && i1 > i2)
    }

    /// The score an item must beat to enter (−∞ until the heap is full).
    @inline(__always)
    var threshold: Float { scores.count < capacity ? -.infinity : scores[0] }

    @inline(__always)
    mutating func offer(_ item: Int32, _ score: Float) {
        guard capacity > 0 else { return }
        if scores.count < capacity {
            scores.append(score)
            items.append(item)
            siftUp(scores.count - 1)
        } else if Self.worse(scores[0], items[0], score, item) {
            scores[0] = score
            items[0] = item
            siftDown(0)
        }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.worse(scores[child], items[child], scores[parent], items[parent]) else { return }
            scores.swapAt(child, parent)
            items.swapAt(child, parent)
            child = parent
        }
    }

    /// Empties the heap for a new search of `capacity` best, keeping the storage.
    mutating func reset(capacity: Int) {
        self.capacity = max(0, capacity)
        scores.removeAll(keepingCapacity: true)
        items.removeAll(keepingCapacity: true)
        scores.reserveCapacity(self.capacity)
        items.reserveCapacity(self.capacity)
    }

    var count: Int { scores.count }

    /// Heapsorts in place so `items`/`scores` read best first, without allocating.
    /// The heap order is gone afterwards: `reset` before offering again.
    mutating func sortBestFirst() {
        var end = scores.count - 1
        while end > 0 {
            scores.swapAt(0, end)
            items.swapAt(0, end)
            siftDown(0, limit: end)
            end -= 1
        }
    }

    private mutating func siftDown(_ start: Int, limit: Int? = nil) {
        var parent = start
        let n = limit ?? scores.count
        while true {
            let left = 2 * parent + 1
            guard left < n else { return }
            var smallest = left
            let right = left + 1
            if right < n && Self.worse(scores[right], items[right], scores[left], items[left]) { smallest = right }
            guard Self.worse(scores[smallest], items[smallest], scores[parent], items[parent]) else { return }
            scores.swapAt(smallest, parent)
            items.swapAt(smallest, parent)
            parent = smallest
        }
    }

    /// The kept pairs, best first.
    func sorted() -> [(item: Int32, score: Float)] {
        zip(items, scores).map { (item: $0.0, score: $0.1) }
            .sorted { Self.worse($1.score, $1.item, $0.score, $0.item) }
    }
}
