import Synchronization

/// One recording stripe: counters and latency histograms for every series, accumulated
/// since the window last drained it (about a second). Several threads may share a stripe,
/// hence the lock, but the window has several, picked by thread id, so the lock is
/// normally uncontended (a futex lock/unlock pair without contention is ~20 ns).
final class MetricsStripe: Sendable {
    private let state: Mutex<StripeState>

    init() { state = Mutex(StripeState()) }

    deinit { state.withLock { $0.deallocate() } }

    @inline(__always)
    func record(_ sample: RequestSample, cohorts: LabelTable, regions: LabelTable) {
        let coverage = sample.coverageMicros
        let bucketIndex = LatencyBuckets.index(nanos: sample.latencyNanos)
        state.withLock { stripe in
            stripe.add(sample, coverage: coverage, bucketIndex: bucketIndex, series: SeriesLayout.global)
            if let group = SeriesLayout.group(forBucket: sample.bucket) {
                stripe.add(sample, coverage: coverage, bucketIndex: bucketIndex, series: group)
            }
            if let cohort = sample.cohort {
                let slot = stripe.cohortCache.slot(for: cohort, in: cohorts)
                stripe.add(sample, coverage: coverage, bucketIndex: bucketIndex, series: SeriesLayout.firstCohort + slot)
            }
            if let region = sample.region {
                let slot = stripe.regionCache.slot(for: region, in: regions)
                stripe.add(sample, coverage: coverage, bucketIndex: bucketIndex, series: SeriesLayout.firstRegion + slot)
            }
        }
    }

    /// Every series touched since the last drain, zeroed here. Copies out (one small
    /// array per touched series, once a second) rather than handing the stripe's memory
    /// to the window, so the two locks never nest.
    func drain() -> [DrainedSeries] {
        state.withLock { $0.drain() }
    }
}

/// The stripe's storage: flat arrays allocated once, so recording never allocates.
struct StripeState: ~Copyable {
    let counters: UnsafeMutablePointer<SeriesCounters>
    /// `SeriesLayout.count` histograms of `LatencyBuckets.count` buckets, one after another.
    let latency: UnsafeMutablePointer<UInt32>
    /// Lowest and highest bucket index touched per series, so a drain reads only those.
    let low: UnsafeMutablePointer<UInt16>
    let high: UnsafeMutablePointer<UInt16>
    /// Bit i set: series i was touched since the last drain.
    var touched: UInt64 = 0
    var cohortCache = LabelCache()
    var regionCache = LabelCache()

    init() {
        precondition(SeriesLayout.count <= 64, "touched mask holds 64 series")
        let series = SeriesLayout.count
        counters = .allocate(capacity: series)
        counters.initialize(repeating: SeriesCounters(), count: series)
        latency = .allocate(capacity: series * LatencyBuckets.count)
        latency.initialize(repeating: 0, count: series * LatencyBuckets.count)
        low = .allocate(capacity: series)
        low.initialize(repeating: UInt16.max, count: series)
        high = .allocate(capacity: series)
        high.initialize(repeating: 0, count: series)
    }

    func deallocate() {
        counters.deallocate()
        latency.deallocate()
        low.deallocate()
        high.deallocate()
    }

    @inline(__always)
    mutating func add(_ sample: RequestSample, coverage: UInt64, bucketIndex: Int, series: Int) {
        counters[series].record(sample, coverageMicros: coverage)
        latency[series * LatencyBuckets.count + bucketIndex] &+= 1
        let index = UInt16(truncatingIfNeeded: bucketIndex)
        if index < low[series] { low[series] = index }
        if index > high[series] { high[series] = index }
        touched |= 1 << UInt64(series)
    }

    mutating func drain() -> [DrainedSeries] {
        var out: [DrainedSeries] = []
        out.reserveCapacity(touched.nonzeroBitCount)
        var mask = touched
        while mask != 0 {
            let series = mask.trailingZeroBitCount
            mask &= mask - 1
            let lo = Int(low[series]), hi = Int(high[series])
            let base = latency + series * LatencyBuckets.count
            out.append(DrainedSeries(
                series: series, counters: counters[series], offset: lo,
                latency: Array(UnsafeBufferPointer(start: base + lo, count: hi - lo + 1))))
            (base + lo).update(repeating: 0, count: hi - lo + 1)
            counters[series] = SeriesCounters()
            low[series] = UInt16.max
            high[series] = 0
        }
        touched = 0
        return out
    }
}

/// One series' counts since the last drain; `latency[i]` is bucket `offset + i`.
struct DrainedSeries: Sendable {
    var series: Int
    var counters: SeriesCounters
    var offset: Int
    var latency: [UInt32]
}
