/// The additive counters of one series (global, a bucket group, a cohort or a region)
/// over some span of time: a stripe's current second, one second of the window, or the
/// whole window. Everything is an integer so spans add and subtract exactly.
struct SeriesCounters: Sendable, Equatable {
    var requests: UInt64 = 0
    var errors: UInt64 = 0
    /// Sum of k_returned/k, in millionths.
    var coverageMicros: UInt64 = 0
    /// Sum of (k_returned/k)², in millionths: with the sum, the spread of coverage, which
    /// tells a real drop in the mean from a few short lists.
    var coverageSquaredMicros: UInt64 = 0
    var underfilled: UInt64 = 0
    var cacheHits: UInt64 = 0
    var cacheLookups: UInt64 = 0

    @inline(__always)
    mutating func record(_ sample: RequestSample, coverageMicros coverage: UInt64) {
        requests &+= 1
        if sample.isError { errors &+= 1 }
        coverageMicros &+= coverage
        coverageSquaredMicros &+= coverage &* coverage / 1_000_000
        if sample.isUnderfilled { underfilled &+= 1 }
        if let hit = sample.cacheHit {
            cacheLookups &+= 1
            if hit { cacheHits &+= 1 }
        }
    }

    mutating func add(_ other: SeriesCounters) {
        requests &+= other.requests
        errors &+= other.errors
        coverageMicros &+= other.coverageMicros
        coverageSquaredMicros &+= other.coverageSquaredMicros
        underfilled &+= other.underfilled
        cacheHits &+= other.cacheHits
        cacheLookups &+= other.cacheLookups
    }

    mutating func subtract(_ other: SeriesCounters) {
        requests &-= other.requests
        errors &-= other.errors
        coverageMicros &-= other.coverageMicros
        coverageSquaredMicros &-= other.coverageSquaredMicros
        underfilled &-= other.underfilled
        cacheHits &-= other.cacheHits
        cacheLookups &-= other.cacheLookups
    }
}

/// Where each series lives in the stripes' and the window's flat arrays.
struct SeriesLayout: Sendable {
    static let global = 0
    static let firstGroup = 1
    static let groupCount = (100 + MetricsDefaults.bucketsPerGroup - 1) / MetricsDefaults.bucketsPerGroup
    static let firstCohort = firstGroup + groupCount
    /// One slot per label plus the overflow slot.
    static let cohortSlots = MetricsDefaults.maxCohortLabels + 1
    static let firstRegion = firstCohort + cohortSlots
    static let regionSlots = MetricsDefaults.maxRegionLabels + 1
    static let count = firstRegion + regionSlots

    static func group(forBucket bucket: Int) -> Int? {
        guard (1...100).contains(bucket) else { return nil }
        return firstGroup + (bucket - 1) / MetricsDefaults.bucketsPerGroup
    }

    static func groupLabel(_ group: Int) -> String {
        let low = group * MetricsDefaults.bucketsPerGroup + 1
        return "\(low)-\(min(100, low + MetricsDefaults.bucketsPerGroup - 1))"
    }
}
