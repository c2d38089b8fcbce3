/// How bad one evaluation looks. `noData` is its own outcome, neither healthy nor a
/// breach: too few requests for a rate to mean anything (resilience4j's
/// minimumNumberOfCalls), unlike Flagger, which fails a check with no data and so rolls
/// back quiet canaries.
public enum Severity: String, Sendable, Codable {
    case noData = "no_data"
    case healthy
    case p2 = "P2"
    case p1 = "P1"
}

/// One threshold crossed.
public struct Breach: Sendable, Equatable, Codable {
    /// "coverage", "p95_latency", "error_rate", "cache_hit_rate" or "critical:<name>".
    public var trigger: String
    public var level: Severity
    public var value: Double
    public var threshold: Double
}

/// The outcome of one evaluation of the window: the worst finding and where it is.
public struct HealthAssessment: Sendable, Equatable, Codable {
    public var severity: Severity
    /// `.everywhere`, or the one region or cohort the breach is confined to.
    public var scope: ToggleScope
    public var breaches: [Breach]
    /// The aggregates the verdict was read from (the scope's own when scoped).
    public var stats: WindowStats
    public var criticalFailures: [String: String]
    /// The verdict of the metrics alone, leaving critical failures out: a stage that has
    /// not fixed a model that failed to load is no reason to escalate, bad metrics are.
    public var metricsSeverity: Severity

    public var isCritical: Bool { !criticalFailures.isEmpty }

    public enum CodingKeys: String, CodingKey {
        case severity, scope, breaches, stats
        case criticalFailures = "critical_failures"
        case metricsSeverity = "metrics_severity"
    }
}

extension RollbackPolicy {
    /// The verdict on one set of aggregates. Each comparison must clear the threshold by
    /// `MetricsDefaults.confidenceZ` standard errors (a one-sided test against the
    /// threshold), so a small window's sampling noise is not a breach while a real one,
    /// many standard errors out, is seen at once. Rare-event rates also need `minErrors`
    /// events: below about 5 the normal approximation behind the test does not hold.
    public func verdict(_ s: WindowStats) -> (severity: Severity, breaches: [Breach]) {
        guard s.requests >= UInt64(minRequests) else { return (.noData, []) }
        let z = MetricsDefaults.confidenceZ
        let n = Double(s.requests)
        /// p̂ is beyond `t` (above when `above`) by more than z standard errors of a rate t over `count`.
        func beyond(_ p: Double, _ t: Double, count: Double, above: Bool) -> Bool {
            let se = (t * (1 - t) / count).squareRoot()
            return above ? p - t > z * se : t - p > z * se
        }
        func breaches(_ t: Thresholds, _ level: Severity) -> [Breach] {
            var out: [Breach] = []
            if let coverage = s.coverage, t.coverageBelow - coverage > z * (s.coverageStdDev ?? 0) / n.squareRoot() {
                out.append(Breach(trigger: "coverage", level: level, value: coverage, threshold: t.coverageBelow))
            }
            let latencyLimit = t.p95LatencyFactor * latencyTargetMs
            if let p95 = s.p95Ms, let bound = s.p95LowerBoundMs, bound > latencyLimit {
                out.append(Breach(trigger: "p95_latency", level: level, value: p95, threshold: latencyLimit))
            }
            if let rate = s.errorRate, s.errors >= UInt64(minErrors), beyond(rate, t.errorRateAbove, count: n, above: true) {
                out.append(Breach(trigger: "error_rate", level: level, value: rate, threshold: t.errorRateAbove))
            }
            if let floor = t.cacheHitRateBelow, s.cacheLookups >= UInt64(minCacheLookups), let rate = s.cacheHitRate,
                beyond(rate, floor, count: Double(s.cacheLookups), above: false)
            {
                out.append(Breach(trigger: "cache_hit_rate", level: level, value: rate, threshold: floor))
            }
            return out
        }
        let p1 = breaches(self.p1, .p1)
        if !p1.isEmpty { return (.p1, p1) }
        let p2 = breaches(self.p2, .p2)
        return p2.isEmpty ? (.healthy, []) : (.p2, p2)
    }

    /// Evaluates a snapshot: a critical failure is P1 everywhere; otherwise the worst
    /// verdict, confined to one region or cohort when that label breaches and everyone
    /// else (global minus the label) is evaluable and not at the same level. Regions are
    /// tried before cohorts (a region outage also shows in every cohort); the overflow
    /// label "other" is never a scope, since no toggles scope can name it.
    public func assess(_ snapshot: WindowSnapshot) -> HealthAssessment {
        if !snapshot.criticalFailures.isEmpty {
            let breaches = snapshot.criticalFailures.keys.sorted().map {
                Breach(trigger: "critical:\($0)", level: .p1, value: 1, threshold: 0)
            }
            let metrics = verdict(snapshot.global)
            return HealthAssessment(
                severity: .p1, scope: .everywhere, breaches: breaches + metrics.breaches, stats: snapshot.global,
                criticalFailures: snapshot.criticalFailures, metricsSeverity: metrics.severity)
        }
        let global = verdict(snapshot.global)
        func confined(_ level: Severity) -> HealthAssessment? {
            let dimensions: [[(ToggleScope, LabeledStats)]] = [
                snapshot.byRegion.map { (ToggleScope(regions: [$0.label]), $0) },
                snapshot.byCohort.map { (ToggleScope(cohorts: [$0.label]), $0) },
            ]
            for candidates in dimensions {
                var best: HealthAssessment?
                for (scope, labeled) in candidates where labeled.label != MetricsDefaults.overflowLabel {
                    let own = verdict(labeled.stats)
                    guard own.severity == level, let rest = labeled.rest else { continue }
                    let others = verdict(rest).severity
                    guard others == .healthy || (level == .p1 && others == .p2) else { continue }
                    if best == nil || labeled.stats.requests > best!.stats.requests {
                        best = HealthAssessment(
                            severity: level, scope: scope, breaches: own.breaches, stats: labeled.stats, criticalFailures: [:], metricsSeverity: level)
                    }
                }
                if let best { return best }
            }
            return nil
        }
        let everywhere = HealthAssessment(
            severity: global.severity, scope: .everywhere, breaches: global.breaches, stats: snapshot.global, criticalFailures: [:],
            metricsSeverity: global.severity)
        if let p1 = confined(.p1) { return p1 }
        if global.severity == .p1 { return everywhere }
        if let p2 = confined(.p2) { return p2 }
        return everywhere
    }
}

extension HealthAssessment {
    /// The same verdict without cache-hit-rate breaches. Used while rolled back and during
    /// recovery verification: a rollback answers P1 triggers only (the cache hit rate is a P2
    /// one), and Stage 1 switches a warm cache on by itself, so a cache it just switched on,
    /// cold after a model reload, would otherwise fail the verification of a fixed fault
    /// (found by the model-load drill, docs/drills.md). In NORMAL the cache is judged as before.
    func ignoringCacheHitRate() -> HealthAssessment {
        guard breaches.contains(where: { $0.trigger == "cache_hit_rate" }) else { return self }
        var copy = self
        copy.breaches.removeAll { $0.trigger == "cache_hit_rate" }
        let metrics = copy.breaches.filter { !$0.trigger.hasPrefix("critical:") }
        copy.metricsSeverity = metrics.contains { $0.level == .p1 } ? .p1 : metrics.isEmpty ? .healthy : .p2
        copy.severity = isCritical ? .p1 : copy.metricsSeverity
        if copy.severity == .healthy { copy.scope = .everywhere }
        return copy
    }
}
