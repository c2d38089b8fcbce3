/// Defaults of the rollback policy, each with where it comes from. The shipped
/// `Config/rollback_policy.json` repeats them with the same notes; operators change the
/// file, not these.
public enum RollbackDefaults {
    /// p95 latency target for one recommendation request served in process. The seed's
    /// shadow tests used 200 ms for a whole networked service; SPEC §7 wants p99 "in the
    /// low milliseconds" at 70% load, so 50 ms leaves a 10× margin over a healthy p95
    /// while still catching a stage that stalls (a cold model, a slow cache).
    public static let latencyTargetMs = 50.0

    // P1 (SPEC §5, seed 001 "Automatic Triggers"). SPEC §5 swaps the seed's latency
    // levels: P1 = 1.5× target, P2 = target (the seed had the warning stricter than the critical).
    public static let p1CoverageBelow = 0.95
    public static let p1LatencyFactor = 1.5
    public static let p1ErrorRateAbove = 0.001
    // P2 (same sources).
    public static let p2CoverageBelow = 0.98
    public static let p2LatencyFactor = 1.0
    public static let p2ErrorRateAbove = 0.0005
    public static let p2CacheHitRateBelow = 0.70

    /// Consecutive bad evaluations (one a second) before a trigger acts. With a 10 s window
    /// a sustained P1 breach is visible within ~4 s, so 3 keeps ROLLED_BACK within the 10 s
    /// target; P2 only degrades, so it can afford to wait longer (resilience4j and Flagger
    /// both default to a handful of failed checks).
    public static let p1ConsecutiveEvaluations = 3
    public static let p2ConsecutiveEvaluations = 5

    /// Requests in the window before any rate counts: fewer is "not enough data", neither
    /// healthy nor a breach (resilience4j's minimumNumberOfCalls defaults to 100 over its
    /// window: the same 100, i.e. a replica below 10 requests a second is not evaluated;
    /// at 60 requests a p95 is the 4th slowest, and four slow requests move it).
    public static let minRequests = 100
    /// Errors in the window before an error rate counts: a 0.1% threshold cannot be told
    /// from noise on a few hundred requests (one error in 500 is 0.2%). 5 errors at a true
    /// rate of 0.01% over 2,000 requests happen with probability ~1e-5 per window.
    public static let minErrors = 5
    /// Cache lookups before the cache hit rate counts (same reasoning as `minRequests`).
    public static let minCacheLookups = 50

    /// Seconds a stage gets to show an effect before the next is applied: the window must
    /// have refilled with requests served under the new overrides (10 s window).
    public static let stageEffectSeconds = 10.0
    /// Green evaluations before DEGRADED returns to NORMAL (Stage 1 is mild: one minute).
    public static let degradedDwellEvaluations = 60
    /// Green evaluations in ROLLED_BACK before recovery starts, at the first rollback. The
    /// seed expected recovery "within 15 minutes"; 2 min + 2 min verification fits it.
    public static let recoveryDwellEvaluations = 120
    /// Green evaluations in RECOVERY_VERIFY before NORMAL.
    public static let verifyDwellEvaluations = 120
    /// Recovery backoff, after Envoy's outlier detection: the dwell doubles with each
    /// rollback (ejection multiplier), capped at 30 min (Envoy's max_ejection_time default
    /// is 300 s for one host; a whole service rolled back waits longer), and one level is
    /// forgiven per 30 min of continuous health in NORMAL.
    public static let backoffMultiplier = 2.0
    public static let maxRecoveryDwellEvaluations = 1800
    public static let backoffDecayEvaluations = 1800

    /// First stage of an automatic rollback: the least disruptive, escalated while P1 persists.
    public static let p1StartStage = RollbackStage.stage1
    /// A critical failure (model not loaded, a stage down) skips to Stage 3: popularity
    /// fallback (level D) needs neither the collaborative nor the content model.
    public static let criticalStage = RollbackStage.stage3
    /// Stage assumed when the persisted state cannot be read: the process may have been
    /// rolled back when it died, so it starts rolled back (content-only, CF off) and lets
    /// automatic recovery return it to NORMAL once the window is green.
    public static let corruptStateStage = RollbackStage.stage2
}
