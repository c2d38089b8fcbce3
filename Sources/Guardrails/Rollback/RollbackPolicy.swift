/// The rollback controller's thresholds and timings (`Config/rollback_policy.json`,
/// loaded by `RollbackPolicy.load(path:)`). Dwell times are counted in green evaluations,
/// one a second, so time with no data or missed ticks never counts as green.
public struct RollbackPolicy: Sendable, Equatable, Codable {
    /// One trigger level's thresholds (P1 or P2).
    public struct Thresholds: Sendable, Equatable, Codable {
        /// Breach when window coverage is below this.
        public var coverageBelow: Double
        /// Breach when p95 latency is above `factor × latencyTargetMs`.
        public var p95LatencyFactor: Double
        /// Breach when the error rate is above this.
        public var errorRateAbove: Double
        /// Breach when the cache is on and its hit rate is below this (nil: not a trigger).
        public var cacheHitRateBelow: Double?
        public var consecutiveEvaluations: Int

        public init(coverageBelow: Double, p95LatencyFactor: Double, errorRateAbove: Double, cacheHitRateBelow: Double?, consecutiveEvaluations: Int) {
            self.coverageBelow = coverageBelow
            self.p95LatencyFactor = p95LatencyFactor
            self.errorRateAbove = errorRateAbove
            self.cacheHitRateBelow = cacheHitRateBelow
            self.consecutiveEvaluations = consecutiveEvaluations
        }

        public enum CodingKeys: String, CodingKey {
            case coverageBelow = "coverage_below"
            case p95LatencyFactor = "p95_latency_factor"
            case errorRateAbove = "error_rate_above"
            case cacheHitRateBelow = "cache_hit_rate_below"
            case consecutiveEvaluations = "consecutive_evaluations"
        }
    }

    public struct Backoff: Sendable, Equatable, Codable {
        public var multiplier: Double
        public var maxRecoveryDwellEvaluations: Int
        public var decayEvaluations: Int

        public init(multiplier: Double, maxRecoveryDwellEvaluations: Int, decayEvaluations: Int) {
            self.multiplier = multiplier
            self.maxRecoveryDwellEvaluations = maxRecoveryDwellEvaluations
            self.decayEvaluations = decayEvaluations
        }

        public enum CodingKeys: String, CodingKey {
            case multiplier
            case maxRecoveryDwellEvaluations = "max_recovery_dwell_evaluations"
            case decayEvaluations = "decay_evaluations"
        }
    }

    public var latencyTargetMs: Double
    public var p1: Thresholds
    public var p2: Thresholds
    public var minRequests: Int
    public var minErrors: Int
    public var minCacheLookups: Int
    public var stageEffectSeconds: Double
    public var p1StartStage: RollbackStage
    public var criticalStage: RollbackStage
    public var corruptStateStage: RollbackStage
    public var degradedDwellEvaluations: Int
    public var recoveryDwellEvaluations: Int
    public var verifyDwellEvaluations: Int
    public var backoff: Backoff

    public static let `default` = RollbackPolicy(
        latencyTargetMs: RollbackDefaults.latencyTargetMs,
        p1: Thresholds(
            coverageBelow: RollbackDefaults.p1CoverageBelow, p95LatencyFactor: RollbackDefaults.p1LatencyFactor,
            errorRateAbove: RollbackDefaults.p1ErrorRateAbove, cacheHitRateBelow: nil,
            consecutiveEvaluations: RollbackDefaults.p1ConsecutiveEvaluations),
        p2: Thresholds(
            coverageBelow: RollbackDefaults.p2CoverageBelow, p95LatencyFactor: RollbackDefaults.p2LatencyFactor,
            errorRateAbove: RollbackDefaults.p2ErrorRateAbove, cacheHitRateBelow: RollbackDefaults.p2CacheHitRateBelow,
            consecutiveEvaluations: RollbackDefaults.p2ConsecutiveEvaluations),
        minRequests: RollbackDefaults.minRequests,
        minErrors: RollbackDefaults.minErrors,
        minCacheLookups: RollbackDefaults.minCacheLookups,
        stageEffectSeconds: RollbackDefaults.stageEffectSeconds,
        p1StartStage: RollbackDefaults.p1StartStage,
        criticalStage: RollbackDefaults.criticalStage,
        corruptStateStage: RollbackDefaults.corruptStateStage,
        degradedDwellEvaluations: RollbackDefaults.degradedDwellEvaluations,
        recoveryDwellEvaluations: RollbackDefaults.recoveryDwellEvaluations,
        verifyDwellEvaluations: RollbackDefaults.verifyDwellEvaluations,
        backoff: Backoff(
            multiplier: RollbackDefaults.backoffMultiplier,
            maxRecoveryDwellEvaluations: RollbackDefaults.maxRecoveryDwellEvaluations,
            decayEvaluations: RollbackDefaults.backoffDecayEvaluations)
    )

    public init(
        latencyTargetMs: Double, p1: Thresholds, p2: Thresholds, minRequests: Int, minErrors: Int, minCacheLookups: Int,
        stageEffectSeconds: Double, p1StartStage: RollbackStage, criticalStage: RollbackStage, corruptStateStage: RollbackStage,
        degradedDwellEvaluations: Int, recoveryDwellEvaluations: Int, verifyDwellEvaluations: Int, backoff: Backoff
    ) {
        self.latencyTargetMs = latencyTargetMs
        self.p1 = p1
        self.p2 = p2
        self.minRequests = minRequests
        self.minErrors = minErrors
        self.minCacheLookups = minCacheLookups
        self.stageEffectSeconds = stageEffectSeconds
        self.p1StartStage = p1StartStage
        self.criticalStage = criticalStage
        self.corruptStateStage = corruptStateStage
        self.degradedDwellEvaluations = degradedDwellEvaluations
        self.recoveryDwellEvaluations = recoveryDwellEvaluations
        self.verifyDwellEvaluations = verifyDwellEvaluations
        self.backoff = backoff
    }

    /// The same keys as `Config/rollback_policy.json`, so the admin API shows the file's names.
    public enum CodingKeys: String, CodingKey {
        case p1, p2, backoff
        case latencyTargetMs = "latency_target_ms"
        case minRequests = "min_requests"
        case minErrors = "min_errors"
        case minCacheLookups = "min_cache_lookups"
        case stageEffectSeconds = "stage_effect_seconds"
        case p1StartStage = "p1_start_stage"
        case criticalStage = "critical_stage"
        case corruptStateStage = "corrupt_state_stage"
        case degradedDwellEvaluations = "degraded_dwell_evaluations"
        case recoveryDwellEvaluations = "recovery_dwell_evaluations"
        case verifyDwellEvaluations = "verify_dwell_evaluations"
    }

    /// Green evaluations ROLLED_BACK waits before recovery, after `rollbacks` rollbacks
    /// (1 = first): base × multiplier^(rollbacks − 1), capped.
    public func recoveryDwell(afterRollbacks rollbacks: Int) -> Int {
        let exponent = Double(max(0, rollbacks - 1))
        let dwell = Double(recoveryDwellEvaluations) * pow(backoff.multiplier, min(exponent, 30))
        return Int(min(dwell, Double(max(backoff.maxRecoveryDwellEvaluations, recoveryDwellEvaluations))))
    }
}

private func pow(_ base: Double, _ exponent: Double) -> Double {
    var result = 1.0
    for _ in 0..<Int(exponent) { result *= base }
    return result
}
