import Histogram

/// The latency histogram's bucket layout: HdrHistogram's log-linear scheme (values below
/// 2^s map one to one, above it each power of two splits into 2^s sub-buckets) over
/// microseconds, at a fixed size so per-second histograms can be added to and subtracted
/// from the window's running totals. HdrHistogram's `Histogram` struct cannot subtract
/// and is not thread safe, so recording uses these plain counters and `hdrHistogram(_:)`
/// converts a window for anyone who wants HdrHistogram's own percentile output.
enum LatencyBuckets {
    static let subBits = MetricsDefaults.latencySubBucketBits
    static let subCount = 1 << subBits
    static let maxMicros: UInt64 = (1 << UInt64(MetricsDefaults.latencyMaxMicrosLog2)) - 1
    /// Index of `maxMicros` + 1.
    static let count = index(micros: maxMicros) + 1

    @inline(__always)
    static func index(micros value: UInt64) -> Int {
        let v = min(value, maxMicros)
        if v < UInt64(subCount) { return Int(v) }
        let msb = 63 - v.leadingZeroBitCount
        let shift = msb - subBits
        return subCount * shift + Int(v >> UInt64(shift))
    }

    @inline(__always)
    static func index(nanos: UInt64) -> Int { index(micros: nanos / 1000) }

    /// The highest value (µs) that maps to `index`: percentiles report it, like
    /// HdrHistogram's `valueAtPercentile`, so a reported p95 is never below the true one.
    static func upperBound(_ index: Int) -> UInt64 {
        if index < 2 * subCount { return UInt64(index) }
        let shift = index / subCount - 1
        let sub = UInt64(index % subCount + subCount)
        return ((sub + 1) << UInt64(shift)) - 1
    }

    /// The window's latency percentiles, in ms.
    struct Percentiles: Equatable {
        var p50: Double
        var p95: Double
        var p99: Double
        /// The value at `lowerPercentile`, at its bucket's lower edge (a lower confidence
        /// bound must not be rounded up).
        var lowerBound: Double
    }

    /// p50/p95/p99 (each its bucket's upper bound, like HdrHistogram's
    /// `valueAtPercentile`) and a lower bound at `lowerPercentile`, of `counts − minus`
    /// (`minus` lets "everyone but one label" be read without building its histogram).
    /// One pass, stopping at the last target, no allocation: this runs for ~20 series a
    /// second, and in debug builds (the simulation tests) iterators and arrays are what cost.
    static func percentiles(
        _ counts: UnsafeBufferPointer<UInt64>, minus: UnsafeBufferPointer<UInt64>? = nil, total: UInt64, lowerPercentile: Double,
        from start: Int = 0
    ) -> Percentiles {
        let top = Double(upperBound(count - 1)) / 1000
        var result = Percentiles(p50: top, p95: top, p99: top, lowerBound: top)
        guard total > 0, let base = counts.baseAddress else { return Percentiles(p50: 0, p95: 0, p99: 0, lowerBound: 0) }
        let other = minus?.baseAddress
        func target(_ p: Double) -> UInt64 { max(1, UInt64((p / 100 * Double(total)).rounded(.up))) }
        let t50 = target(50), t95 = target(95), t99 = target(99), tLower = target(lowerPercentile)
        var found50 = false, found95 = false, found99 = false, foundLower = false
        var cumulative: UInt64 = 0
        var i = start
        let n = min(counts.count, count)
        while i < n, !(found99 && foundLower) {
            var c = base[i]
            if let other { c &-= other[i] }
            if c != 0 {
                cumulative &+= c
                if !found50, cumulative >= t50 { result.p50 = Double(upperBound(i)) / 1000; found50 = true }
                if !found95, cumulative >= t95 { result.p95 = Double(upperBound(i)) / 1000; found95 = true }
                if !found99, cumulative >= t99 { result.p99 = Double(upperBound(i)) / 1000; found99 = true }
                if !foundLower, cumulative >= tLower {
                    result.lowerBound = Double(i == 0 ? 0 : upperBound(i - 1) + 1) / 1000
                    foundLower = true
                }
            }
            i += 1
        }
        return result
    }

    /// The same counts as an HdrHistogram (µs, 2 significant digits), each bucket recorded
    /// at its upper bound.
    static func hdrHistogram(_ counts: UnsafeBufferPointer<UInt64>) -> Histogram<UInt64> {
        var histogram = Histogram<UInt64>(highestTrackableValue: maxMicros, numberOfSignificantValueDigits: .two)
        for i in 0..<counts.count where counts[i] != 0 {
            _ = histogram.record(upperBound(i), count: counts[i])
        }
        return histogram
    }
}
