import Foundation
public import Guardrails
public import RankingCore

/// Serves one recommendations request: one effective-config snapshot at its start, the
/// cache per `cache_mode`, the ranker, then the metrics window sample, the ranking event
/// and (on a sampled share) a shadow ranking. Wired once in `Application+build.swift`.
public final class RecommendationService: Sendable {
    public let models: ModelHolder
    public let config: any ServingConfigProvider
    public let guardrails: any GuardrailMonitor
    public let admin: AdminOverrides
    public let cache: ResultCache
    public let events: EventLog
    public let shadowRate: Double
    /// Drill faults (off unless `serve --allow-fault-injection`).
    public let faults: FaultInjection

    public init(models: ModelHolder, config: any ServingConfigProvider, guardrails: any GuardrailMonitor,
                admin: AdminOverrides, cache: ResultCache, events: EventLog, shadowRate: Double = ServerDefaults.shadowSampleRate,
                faults: FaultInjection = FaultInjection(enabled: false)) {
        self.models = models
        self.config = config
        self.guardrails = guardrails
        self.admin = admin
        self.cache = cache
        self.events = events
        self.shadowRate = shadowRate
        self.faults = faults
    }

    public struct Answer: Sendable {
        public var requestID: String
        public var query: RecommendationQuery
        public var config: ServingConfig
        public var policy: String
        public var modelVersion: String
        public var result: RankingResult
        public var cacheHit: Bool
        public var catalog: Catalog
    }

    /// Override layers in increasing precedence: rollback actions, then the admin kill switch.
    public var overrideLayers: [ScopedPatch] { guardrails.overrides + admin.layers }

    /// Async only to wait out an injected stage latency (a drill) without holding a thread.
    public func recommend(_ query: RecommendationQuery, requestID: String) async throws(APIError) -> Answer {
        let started = ContinuousClock.now
        guard let model = models.loaded else { throw .notReady("no model is loaded yet") }
        let config = config.evaluate(userID: query.userID, region: query.region, cohort: query.cohort,
                                     client: query.client, overrides: overrideLayers)
        let faults = self.faults.forRequest(region: query.region, cohort: query.cohort)
        var policy = config.policy
        var cacheHit = false
        var result: RankingResult
        switch config.cacheMode {
        case .cold:
            result = model.ranker.rank(query.rankingRequest, settings: config.settings, faults: faults)
        case .prewarm, .warmOnly:
            var keyQuery = query
            keyQuery.titles = false
            let key = ResultCache.Key(query: keyQuery, fingerprint: config.fingerprint)
            let generation = model.version + "|" + config.configVersion
            if let cached = cache.lookup(key, generation: generation) {
                result = cached
                cacheHit = true
            } else if config.cacheMode == .warmOnly {
                // SPEC §3: only cached results; a miss is answered by the baseline.
                result = model.ranker.rank(query.rankingRequest, settings: config.cacheMissSettings, faults: faults)
                policy = "baseline"
            } else {
                result = model.ranker.rank(query.rankingRequest, settings: config.settings, faults: faults)
                // A failed stage's fallback answer is not worth keeping past the failure.
                if result.failures.isEmpty { cache.store(result, for: key, generation: generation) }
            }
        }
        if let faults {
            if let cut = faults.maxItems, result.items.count > cut { result.items.removeLast(result.items.count - cut) }
            let delay = faults.addedDelay
            if delay > .zero { try? await Task.sleep(for: delay) }
        }
        let latency = ContinuousClock.now - started
        let nanos = UInt64(latency.components.seconds) * 1_000_000_000 + UInt64(latency.components.attoseconds / 1_000_000_000)
        guardrails.record(RequestSample(latencyNanos: nanos, k: query.k, kReturned: result.items.count, failed: false,
                                       stageFailed: !result.failures.isEmpty, cacheHit: config.cacheMode == .cold ? nil : cacheHit,
                                       bucket: config.bucket, cohort: query.cohort, region: query.region))
        let answer = Answer(requestID: requestID, query: query, config: config, policy: policy, modelVersion: model.version,
                            result: result, cacheHit: cacheHit, catalog: model.ranker.model.catalog)
        events.emit(.ranking(event(for: answer, latencyNanos: nanos, shadow: false)))
        if !result.failures.isEmpty {
            for failure in result.failures {
                events.emit(.error(.init(time: Date(), requestID: requestID, component: "ranking.\(failure.stage.rawValue)",
                                         severity: "error", message: failure.reason)))
            }
        }
        if shouldShadow(requestID) { shadow(answer, ranker: model.ranker) }
        return answer
    }

    /// Item-to-item neighbours; nil when the item is unknown.
    public func similar(to itemID: String, k: Int) throws(APIError) -> (items: [RankedItem], catalog: Catalog, modelVersion: String)? {
        guard let model = models.loaded else { throw .notReady("no model is loaded yet") }
        guard let items = model.ranker.similarItems(to: itemID, k: k) else { return nil }
        return (items, model.ranker.model.catalog, model.version)
    }

    // MARK: Shadow evaluation

    /// Deterministic per request id, so a replayed request is shadowed the same way.
    func shouldShadow(_ requestID: String) -> Bool {
        guard shadowRate > 0 else { return false }
        var hash: UInt64 = 14_695_981_039_346_656_037
        for byte in requestID.utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        return Double(hash % 10_000) < shadowRate * 10_000
    }

    /// The other policy (content-only against hybrid, hybrid against the rest), logged with
    /// shadow=true; the client's answer is already decided and does not change.
    private func shadow(_ answer: Answer, ranker: Ranker) {
        let hybrid = answer.config.policy == PolicyMode.hybridDefault.rawValue
        let settings = hybrid ? RankingSettings(alpha: 0, collaborativeEnabled: false, contentEnabled: true)
            : RankingSettings(alpha: RankingDefaults.hybridAlpha)
        let started = ContinuousClock.now
        let result = ranker.rank(answer.query.rankingRequest, settings: settings)
        let latency = ContinuousClock.now - started
        var shadowAnswer = answer
        shadowAnswer.result = result
        shadowAnswer.policy = hybrid ? PolicyMode.contentOnly.rawValue : PolicyMode.hybridDefault.rawValue
        shadowAnswer.cacheHit = false
        let nanos = UInt64(latency.components.attoseconds / 1_000_000_000) + UInt64(latency.components.seconds) * 1_000_000_000
        events.emit(.ranking(event(for: shadowAnswer, latencyNanos: nanos, shadow: true)))
    }

    private func event(for answer: Answer, latencyNanos: UInt64, shadow: Bool) -> ServingEvent.Ranking {
        ServingEvent.Ranking(
            requestID: answer.requestID, time: Date(), userID: answer.query.userID, bucket: answer.config.bucket,
            cohort: answer.query.cohort, region: answer.query.region, client: answer.query.client, policy: answer.policy,
            k: answer.query.k, kReturned: answer.result.items.count, eligible: answer.result.eligibleCount,
            fallbackStage: answer.result.deepestStage.rawValue, stageFailures: answer.result.failures.count,
            latencyMicros: Double(latencyNanos) / 1000, cacheHit: answer.cacheHit, shadow: shadow,
            configVersion: answer.config.configVersion, modelVersion: answer.modelVersion, rollbackState: guardrails.stateName)
    }
}

extension RecommendationService {
    /// Fills the cache for the most active users with the configuration each would get with
    /// no request context, when `cache_mode` is prewarm or warm_only. Run after a model load.
    @discardableResult
    public func prewarm() -> Int {
        guard let model = models.loaded else { return 0 }
        var filled = 0
        for userID in model.mostActiveUsers {
            let config = config.evaluate(userID: userID, region: nil, cohort: nil, client: nil, overrides: overrideLayers)
            guard config.cacheMode != .cold else { continue }
            var query = RecommendationQuery(userID: userID)
            query.k = ServerDefaults.prewarmK
            let result = model.ranker.rank(query.rankingRequest, settings: config.settings)
            cache.store(result, for: .init(query: query, fingerprint: config.fingerprint), generation: model.version + "|" + config.configVersion)
            filled += 1
        }
        return filled
    }
}
