/// The window itself: one slot per second for the last `seconds` seconds, and running
/// totals over all of them, so a snapshot reads totals instead of re-adding every second.
/// A second enters when the window drains its stripes and leaves `seconds` later, when
/// its counts are subtracted again. Owned by `MetricsWindow` under its lock.
struct WindowRing: ~Copyable {
    struct Entry {
        var series: Int
        var counters: SeriesCounters
        /// Sparse latency: the non-zero buckets of that second.
        var latency: [SparseBucket]
    }

    struct SparseBucket {
        var index: UInt16
        var count: UInt32
    }

    struct Slot {
        var second: Int64 = .min
        var entries: [Entry] = []
    }

    let seconds: Int
    private var slots: [Slot]
    private(set) var totals: [SeriesCounters]
    /// `SeriesLayout.count` dense histograms, back to back.
    let totalLatency: UnsafeMutablePointer<UInt64>
    /// Per series, the lowest non-zero bucket of `totalLatency` (`LatencyBuckets.count`
    /// when empty): percentile scans start there instead of at 1 µs.
    private(set) var low: [Int]
    /// The newest second in the window (where drained counts go).
    private(set) var newest: Int64?

    init(seconds: Int) {
        precondition(seconds >= 1, "a window holds at least one second")
        self.seconds = seconds
        slots = Array(repeating: Slot(), count: seconds)
        totals = Array(repeating: SeriesCounters(), count: SeriesLayout.count)
        let size = SeriesLayout.count * LatencyBuckets.count
        totalLatency = .allocate(capacity: size)
        totalLatency.initialize(repeating: 0, count: size)
        low = Array(repeating: LatencyBuckets.count, count: SeriesLayout.count)
    }

    deinit { totalLatency.deallocate() }

    /// Makes `second` the newest second and drops those older than the window. Time that
    /// goes backwards (a wall clock stepped back) keeps the newest second as it was.
    mutating func advance(to second: Int64) {
        if let newest, second <= newest { return }
        newest = second
        let oldest = second - Int64(seconds) + 1
        for i in slots.indices where slots[i].second != .min && slots[i].second < oldest {
            for entry in slots[i].entries { remove(entry) }
            slots[i].second = .min
            slots[i].entries.removeAll(keepingCapacity: true)
        }
    }

    /// Adds one series' drained counts to the newest second.
    mutating func add(_ drained: DrainedSeries) {
        let (series, counters, latency, offset) = (drained.series, drained.counters, drained.latency, drained.offset)
        guard let newest else { return }
        let i = Int(newest.modulo(seconds))
        if slots[i].second != newest {
            slots[i].second = newest
            slots[i].entries.removeAll(keepingCapacity: true)
        }
        var entry = Entry(series: series, counters: counters, latency: [])
        let base = totalLatency + series * LatencyBuckets.count
        var j = 0
        while j < latency.count {
            let count = latency[j]
            if count != 0 {
                entry.latency.append(SparseBucket(index: UInt16(offset + j), count: count))
                base[offset + j] &+= UInt64(count)
                if offset + j < low[series] { low[series] = offset + j }
            }
            j += 1
        }
        totals[series].add(counters)
        slots[i].entries.append(entry)
    }

    private mutating func remove(_ entry: Entry) {
        totals[entry.series].subtract(entry.counters)
        let base = totalLatency + entry.series * LatencyBuckets.count
        for bucket in entry.latency { base[Int(bucket.index)] &-= UInt64(bucket.count) }
        var first = low[entry.series]
        while first < LatencyBuckets.count, base[first] == 0 { first += 1 }
        low[entry.series] = first
    }

    /// The dense latency histogram of one series over the window.
    func latency(series: Int) -> UnsafeBufferPointer<UInt64> {
        UnsafeBufferPointer(start: totalLatency + series * LatencyBuckets.count, count: LatencyBuckets.count)
    }
}

extension Int64 {
    /// Euclidean remainder: non-negative for negative seconds too.
    func modulo(_ n: Int) -> Int64 {
        let r = self % Int64(n)
        return r < 0 ? r + Int64(n) : r
    }
}
