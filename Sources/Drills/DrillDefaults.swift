/// Every constant of the drills, each with where its value comes from.
public enum DrillDefaults {
    /// Client load during a drill. 200 requests/s fills the 10 s metrics window with 2,000
    /// requests, 20× the policy's `min_requests`, so a 5% error rate is ~100 errors a window
    /// (far past `min_errors`) while a debug build on 2 cores still keeps up.
    public static let rate = 200.0
    /// Keep-alive connections of the load: at +120 ms of injected latency 200 requests/s keep
    /// ~24 in flight; 64 leaves room for the p99 without the load itself queueing.
    public static let connections = 64
    /// Users drawn by Zipf, as `guardrank bench` does (the demo dataset's user count).
    public static let users = 5_000
    /// Regions the load spreads over (one each in turn); `regional` faults one of them.
    public static let regions = ["eu", "us", "apac"]
    public static let faultedRegion = "eu"
    /// Page size clients ask for (the API's default k).
    public static let k = 10
    /// Guardrail polls: 10 a second resolves the 1 s evaluations without loading the server.
    public static let pollMicros: UInt32 = 100_000
    /// A fault is set for longer than any drill needs and always lifted by the drill; the
    /// duration only bounds a drill that dies half-way.
    public static let faultSeconds = 300
    /// Time allowed for a trigger: SPEC §5 wants ROLLED_BACK within seconds; issue 14 sets 10 s.
    public static let rollbackSeconds = 10.0
    /// The kill switch must reach every response within 1 s (seed 001's kill-switch drill).
    public static let killSwitchSeconds = 1.0
    /// Slack added to every wait computed from the policy (poll period, tick alignment, a
    /// loaded 2-core machine).
    public static let slackSeconds = 15.0
    /// Times the relapse drill brings its fault back.
    public static let relapses = 4
    /// A relaunched server must answer within this (a debug binary loading a small snapshot
    /// takes a few seconds; training the embedded model in debug takes a minute).
    public static let restartSeconds = 120.0
    /// Normal answers gathered after a drill's preparation, the "before" of its comparisons.
    public static let baselineSeconds = 3.0
    /// A request sent this long before a kill -9 may still be in flight and lose its answer.
    public static let inFlightSeconds = 1.0
}
