#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import Foundation
public import Histogram
import Synchronization

/// The in-process metrics window of SPEC §4: a ring of 1-second buckets over the last
/// `windowSeconds` seconds, globally and by bucket group, cohort and region.
///
/// Recording takes no global lock: a request lands in one of several stripes picked by a
/// hash of its thread id. Once a second `snapshot(now:)` (the rollback controller's tick)
/// drains the stripes into the newest second of the ring, so a request counts in the
/// second in which the window was next read, not the one in which it finished: at the
/// controller's 1-second tick that shifts it by less than a second. Nothing is lost when
/// nobody reads for a while; the counts just land in one later second.
public final class MetricsWindow: Sendable {
    public let windowSeconds: Int
    private let stripes: [MetricsStripe]
    private let stripeMask: UInt
    private let cohorts = LabelTable(capacity: MetricsDefaults.maxCohortLabels)
    private let regions = LabelTable(capacity: MetricsDefaults.maxRegionLabels)
    private let ring: Mutex<WindowRing>
    private let critical = Mutex<[String: String]>([:])

    /// `stripes` is rounded up to a power of two.
    public init(windowSeconds: Int = MetricsDefaults.windowSeconds, stripes: Int = MetricsDefaults.stripeCount) {
        precondition(windowSeconds >= 1, "windowSeconds must be at least 1")
        var count = 1
        while count < max(1, stripes) { count <<= 1 }
        self.windowSeconds = windowSeconds
        self.stripes = (0..<count).map { _ in MetricsStripe() }
        self.stripeMask = UInt(count - 1)
        self.ring = Mutex(WindowRing(seconds: windowSeconds))
    }

    /// Records one served request. Safe from any thread; no allocation once the request's
    /// labels have been seen.
    @inline(__always)
    public func record(_ sample: RequestSample) {
        stripes[Int(Self.threadHash() & stripeMask)].record(sample, cohorts: cohorts, regions: regions)
    }

    /// Fibonacci hash of the thread id: pthread ids are aligned addresses whose low bits
    /// are all equal, the top bits of the product spread them.
    @inline(__always)
    private static func threadHash() -> UInt {
        let id = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(bitPattern: UInt(pthread_self()))))
        return (id &* 0x9E37_79B9_7F4A_7C15) >> 56
    }

    /// Reports a critical failure (a model that failed to load, a stage that is down): a
    /// P1 trigger until `clearCritical` is called with the same name.
    public func setCritical(_ name: String, detail: String) {
        critical.withLock { $0[name] = detail }
    }

    public func clearCritical(_ name: String) {
        _ = critical.withLock { $0.removeValue(forKey: name) }
    }

    /// Drains the stripes into the second before `now` and returns the window's aggregates.
    /// The rollback controller leaves out the bucket groups (`includeBucketGroups: false`):
    /// it does not evaluate them, and they are half the cost of a snapshot.
    public func snapshot(now: Date, includeBucketGroups: Bool = true) -> WindowSnapshot {
        let second = Int64((now.timeIntervalSince1970).rounded(.down)) - 1
        let criticalFailures = critical.withLock { $0 }
        let cohortNames = cohorts.names(), regionNames = regions.names()
        return ring.withLock { ring in
            ring.advance(to: second)
            for stripe in stripes {
                for drained in stripe.drain() { ring.add(drained) }
            }
            return Self.aggregate(
                ring, at: now, groups: includeBucketGroups, cohortNames: cohortNames, regionNames: regionNames, critical: criticalFailures)
        }
    }

    /// The window's latency distribution (all requests, microseconds) as an HdrHistogram,
    /// for exporters that want its percentile output; as of the last drain, not draining.
    public func latencyHistogram() -> Histogram<UInt64> {
        ring.withLock { LatencyBuckets.hdrHistogram($0.latency(series: SeriesLayout.global)) }
    }

    private static func aggregate(
        _ ring: borrowing WindowRing, at now: Date, groups includeGroups: Bool, cohortNames: [String], regionNames: [String], critical: [String: String]
    ) -> WindowSnapshot {
        let globalCounters = ring.totals[SeriesLayout.global]
        let globalLatency = ring.latency(series: SeriesLayout.global)
        func stats(_ series: Int) -> WindowStats {
            WindowStats(counters: ring.totals[series], latency: ring.latency(series: series), from: ring.low[series])
        }
        var groups: [LabeledStats] = []
        for g in 0..<SeriesLayout.groupCount where includeGroups && ring.totals[SeriesLayout.firstGroup + g].requests > 0 {
            groups.append(LabeledStats(label: SeriesLayout.groupLabel(g), stats: stats(SeriesLayout.firstGroup + g), rest: nil))
        }
        func labeled(first: Int, names: [String]) -> [LabeledStats] {
            var out: [LabeledStats] = []
            for (slot, name) in names.enumerated() where ring.totals[first + slot].requests > 0 {
                let series = first + slot
                var restCounters = globalCounters
                restCounters.subtract(ring.totals[series])
                // Everyone else's lowest bucket is at or above the global one.
                let rest = WindowStats(counters: restCounters, latency: globalLatency, minus: ring.latency(series: series), from: ring.low[SeriesLayout.global])
                out.append(LabeledStats(label: name, stats: stats(series), rest: rest))
            }
            return out
        }
        return WindowSnapshot(
            at: now, windowSeconds: ring.seconds, global: stats(SeriesLayout.global), byBucketGroup: groups,
            byCohort: labeled(first: SeriesLayout.firstCohort, names: cohortNames),
            byRegion: labeled(first: SeriesLayout.firstRegion, names: regionNames),
            criticalFailures: critical
        )
    }
}
