/// Every tunable of the metrics window, each with where its value comes from.
/// Operator-facing thresholds live in `Config/rollback_policy.json`, not here.
public enum MetricsDefaults {
    /// Window length in 1-second buckets. Short enough that a P1 breach moves the window
    /// past its threshold within a few seconds (SPEC §5: ROLLED_BACK "within seconds"; the
    /// seed allowed 10 minutes), long enough that at a few hundred requests a second the
    /// window holds thousands of requests, so a p95 or a 0.1% error rate means something.
    public static let windowSeconds = 10

    /// Recording stripes. Each stripe has its own lock; a thread picks one by hashing its
    /// thread id, so two threads rarely share one. 8 > the 2 cores this runs on, with room
    /// for the server's event-loop threads (SwiftNIO starts one per core).
    public static let stripeCount = 8

    /// Distinct cohort and region labels tracked; any further label is counted as "other".
    /// Labels come from request parameters, so without a cap a client could grow the
    /// window without bound (Prometheus's cardinality rule of thumb: keep label values to
    /// tens, not thousands). 16 covers a deployment's regions and the seed's cohorts
    /// (new, casual, power users, …) with room to spare.
    public static let maxCohortLabels = 16
    public static let maxRegionLabels = 16
    /// The label that absorbs every label past the cap. Requests with no label count only
    /// in the global and bucket series.
    public static let overflowLabel = "other"

    /// Experiment buckets (1…100, SPEC §3) are grouped ten to a series: exposure steps are
    /// multiples of 5–25%, and 100 series per window would cost 10× the memory for a
    /// breakdown no alert reads.
    public static let bucketsPerGroup = 10

    /// Latency histogram: HdrHistogram's log-linear layout with 16 sub-buckets per power
    /// of two (relative error ≤ 1/16 = 6.25%, about 1.2 significant digits), in
    /// microseconds, up to 2^25 µs (33.5 s); slower requests count in the top bucket.
    public static let latencySubBucketBits = 4
    public static let latencyMaxMicrosLog2 = 25

    /// Standard errors a window aggregate must be past a threshold before the rollback
    /// policy calls it a breach (one-sided, ~99.9%). A window of 100–300 requests is a
    /// small sample: without this, a cache hit rate of 78% reads as 68% now and then, and
    /// a 24-hour healthy run degrades a dozen times (RollbackNoFlapTests found exactly that).
    /// A real breach is many standard errors out within a second or two at production rates.
    public static let confidenceZ = 3.0
}
