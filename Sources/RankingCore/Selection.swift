/// Quickselect, the one the scans' candidate buffers and the index's probe choice share.
enum Selection {
    /// Reorders `values[0..<count]` so that the value of rank `rank` (0 = the largest) sits at
    /// index `rank`, with every larger-or-equal value before it and every smaller-or-equal one
    /// after; returns it. Hoare's partition with a middle pivot: deterministic (the same input
    /// gives the same order), linear on average, no allocation.
    @inline(__always)
    static func nthLargest<Value: Comparable>(_ values: UnsafeMutablePointer<Value>, count: Int, rank: Int) -> Value {
        var low = 0, high = count - 1
        while low < high {
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
            if rank <= j { high = j } else if rank >= i { low = i } else { return values[rank] }
        }
        return values[rank]
    }

    /// Keeps the `capacity` best of `count` (item, score) pairs in place, in their order (ties
    /// at the cut go to the earliest), using `work` (`count` floats) for the selection. Returns
    /// how many are kept and the cut, the worst kept score. The candidate buffers' prune.
    @inline(__always)
    static func keepBest(items: UnsafeMutablePointer<Int32>, scores: UnsafeMutablePointer<Float>, count: Int,
                         capacity: Int, work: UnsafeMutablePointer<Float>) -> (kept: Int, cut: Float) {
        work.update(from: scores, count: count)
        let cut = nthLargest(work, count: count, rank: capacity - 1)
        var ties = capacity
        for i in 0..<count where scores[i] > cut { ties -= 1 }
        var kept = 0
        for i in 0..<count {
            let score = scores[i]
            if score > cut || (score == cut && ties > 0) {
                if !(score > cut) { ties -= 1 }
                items[kept] = items[i]
                scores[kept] = score
                kept += 1
            }
        }
        return (kept, cut)
    }
}
