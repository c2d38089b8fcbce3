public import Foundation

/// Aggregates of one series over the window (SPEC §4). Rates are fractions (0–1);
/// latencies are milliseconds, each the upper bound of its histogram bucket (≤ 6.25% high).
/// A rate with no requests behind it is nil, never 0: no data is not good data.
public struct WindowStats: Sendable, Equatable, Codable {
    public var requests: UInt64
    public var errors: UInt64
    public var underfilled: UInt64
    public var cacheHits: UInt64
    public var cacheLookups: UInt64
    /// Mean of k_returned/k.
    public var coverage: Double?
    /// Standard deviation of k_returned/k across the requests.
    public var coverageStdDev: Double?
    public var underfillRate: Double?
    /// Share of requests that got all k items (1 − underfill rate).
    public var fillRate: Double?
    public var errorRate: Double?
    /// Only when the cache was consulted at all.
    public var cacheHitRate: Double?
    public var p50Ms: Double?
    public var p95Ms: Double?
    public var p99Ms: Double?
    /// A lower confidence bound on the true p95 (`MetricsDefaults.confidenceZ` standard
    /// errors below, distribution-free: the order statistic at 95 − z·√(0.05·0.95/n)
    /// percent, reported at its bucket's lower edge). The rollback policy compares this,
    /// not the point estimate, so seven slow requests out of 120 are not a P1 breach.
    public var p95LowerBoundMs: Double?

    public static let empty = WindowStats(counters: SeriesCounters(), latency: nil)

    /// From a series' counters and dense latency histogram; with `minus`, of the
    /// histogram `latency − minus` (the rest of the traffic).
    /// `from`: the lowest non-zero bucket, where the percentile scan can start.
    init(counters c: SeriesCounters, latency: UnsafeBufferPointer<UInt64>?, minus: UnsafeBufferPointer<UInt64>? = nil, from start: Int = 0) {
        requests = c.requests
        errors = c.errors
        underfilled = c.underfilled
        cacheHits = c.cacheHits
        cacheLookups = c.cacheLookups
        if c.requests > 0 {
            let n = Double(c.requests)
            let mean = Double(c.coverageMicros) / 1_000_000 / n
            coverage = mean
            coverageStdDev = max(0, Double(c.coverageSquaredMicros) / 1_000_000 / n - mean * mean).squareRoot()
            underfillRate = Double(c.underfilled) / n
            fillRate = 1 - Double(c.underfilled) / n
            errorRate = Double(c.errors) / n
            if let latency {
                // The p95 lower bound: the order statistic z standard errors below the 95th percentile.
                let lowerPercentile = max(0, 95 - MetricsDefaults.confidenceZ * 100 * (0.05 * 0.95 / n).squareRoot())
                let p = LatencyBuckets.percentiles(latency, minus: minus, total: c.requests, lowerPercentile: lowerPercentile, from: start)
                (p95LowerBoundMs, p50Ms, p95Ms, p99Ms) = (p.lowerBound, p.p50, p.p95, p.p99)
            }
        }
        if c.cacheLookups > 0 { cacheHitRate = Double(c.cacheHits) / Double(c.cacheLookups) }
    }

    public enum CodingKeys: String, CodingKey {
        case requests, errors, underfilled, coverage
        case cacheHits = "cache_hits"
        case cacheLookups = "cache_lookups"
        case underfillRate = "underfill_rate"
        case fillRate = "fill_rate"
        case errorRate = "error_rate"
        case cacheHitRate = "cache_hit_rate"
        case p50Ms = "p50_ms"
        case p95Ms = "p95_ms"
        case p99Ms = "p99_ms"
        case coverageStdDev = "coverage_std_dev"
        case p95LowerBoundMs = "p95_lower_bound_ms"
    }
}

/// One label's aggregates, and for cohorts and regions those of everyone else
/// (global minus this label): the rollback controller compares the two to tell a breach
/// confined to one region or cohort from a global one.
public struct LabeledStats: Sendable, Equatable, Codable {
    public var label: String
    public var stats: WindowStats
    public var rest: WindowStats?
}

/// The window at one moment: what the rollback controller evaluates and the admin API shows.
public struct WindowSnapshot: Sendable, Equatable, Codable {
    public var at: Date
    public var windowSeconds: Int
    public var global: WindowStats
    /// Experiment buckets in groups ("1-10", "11-20", …), only groups with traffic.
    public var byBucketGroup: [LabeledStats]
    public var byCohort: [LabeledStats]
    public var byRegion: [LabeledStats]
    /// Critical failures reported to the window and not yet cleared (name: detail),
    /// e.g. "model_load": "snapshot checksum mismatch". Any entry is a P1 trigger.
    public var criticalFailures: [String: String]

    public init(
        at: Date, windowSeconds: Int, global: WindowStats, byBucketGroup: [LabeledStats] = [],
        byCohort: [LabeledStats] = [], byRegion: [LabeledStats] = [], criticalFailures: [String: String] = [:]
    ) {
        self.at = at
        self.windowSeconds = windowSeconds
        self.global = global
        self.byBucketGroup = byBucketGroup
        self.byCohort = byCohort
        self.byRegion = byRegion
        self.criticalFailures = criticalFailures
    }

    public enum CodingKeys: String, CodingKey {
        case at, global
        case windowSeconds = "window_seconds"
        case byBucketGroup = "by_bucket_group"
        case byCohort = "by_cohort"
        case byRegion = "by_region"
        case criticalFailures = "critical_failures"
    }
}
