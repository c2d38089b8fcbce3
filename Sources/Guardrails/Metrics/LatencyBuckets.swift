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

    /// Values (ms) at the given percentiles (0–100, ascending) of a dense count array.
    static func percentilesMillis(_ counts: UnsafeBufferPointer<UInt64>, total: UInt64, _ percentiles: [Double]) -> [Double] {
        guard total > 0 else { return percentiles.map { _ in 0 } }
        var result: [Double] = []
        result.reserveCapacity(percentiles.count)
        var targets = percentiles.map { p in max(1, UInt64((p / 100 * Double(total)).rounded(.up))) }
        var cumulative: UInt64 = 0
        var next = 0
        for i in 0..<counts.count where counts[i] != 0 {
            cumulative += counts[i]
            while next < targets.count, cumulative >= targets[next] {
                result.append(Double(upperBound(i)) / 1000)
                next += 1
            }
            if next == targets.count { break }
        }
        while result.count < percentiles.count { result.append(Double(upperBound(counts.count - 1)) / 1000) }
        targets.removeAll()
        return result
    }

    /// The lowest value (ms) of the bucket holding the given percentile: for a lower bound,
    /// which must not be rounded up.
    static func lowerEdgeMillis(_ counts: UnsafeBufferPointer<UInt64>, total: UInt64, percentile: Double) -> Double {
        guard total > 0 else { return 0 }
        let target = max(1, UInt64((percentile / 100 * Double(total)).rounded(.up)))
        var cumulative: UInt64 = 0
        for i in 0..<counts.count where counts[i] != 0 {
            cumulative += counts[i]
            if cumulative >= target { return i == 0 ? 0 : Double(upperBound(i - 1) + 1) / 1000 }
        }
        return Double(upperBound(counts.count - 2) + 1) / 1000
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
