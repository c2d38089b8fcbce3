import NIOCore

/// Every server constant, each with a note on where it comes from (seed 002: "every constant
/// in one place with a note"). Operator-facing thresholds live in `Config/` instead.
public enum ServerDefaults {
    /// Loopback by default: exposing the engine is a deliberate choice (`--host 0.0.0.0`).
    public static let host = "127.0.0.1"
    /// SPEC §9: "the embedded default on 127.0.0.1:8080".
    public static let port = 8080

    /// Largest accepted request body. A recommendations body is a few hundred bytes; even
    /// 1,000 exclusions of 40-byte ids fit in 64 KiB, so anything larger is abuse or a bug.
    public static let maxBodyBytes = 64 * 1024
    /// Longest user id, in UTF-8 bytes (after percent-decoding). Real ids are UUIDs or
    /// numbers; 256 leaves room for composite keys without letting a request smuggle a blob.
    public static let maxUserIDBytes = 256
    /// Longest item id, category or context value (region/cohort/client), in UTF-8 bytes.
    public static let maxTokenBytes = 256
    /// Most entries in one list field (categories, exclusions, recent items): RankingDefaults.maxK
    /// exclusions cover every item a client could have been shown in one page.
    public static let maxListEntries = 1_000
    /// `X-Request-ID` longer than this, or with non-printable bytes, is replaced by a fresh id
    /// (what nginx and Envoy pass through is ≤ 128 printable ASCII in practice).
    public static let maxRequestIDLength = 128
    /// Connections idle this long are closed: nginx's `keepalive_timeout` default is 75 s,
    /// so a load balancer in front closes first and never sends on a dead socket.
    public static let idleTimeout: TimeAmount = .seconds(90)

    /// Result cache entries (LRU-free: the whole cache is dropped on model/config change and
    /// new keys are refused when full). 50k entries × ~1 KB = ~50 MB at k=10.
    public static let cacheEntries = 50_000
    /// Users precomputed by `cache_mode: prewarm` after a model load: the most active ones.
    public static let prewarmUsers = 2_000
    /// `k` of prewarmed entries (the default page size clients ask for).
    public static let prewarmK = 10

    /// Events waiting for the writer thread; past this, events are dropped and counted
    /// (the request path never blocks on disk).
    public static let eventQueueCapacity = 16_384
    /// An events file is rotated at this size; `eventFilesKept` most recent files are kept.
    public static let eventFileMaxBytes = 64 * 1024 * 1024
    public static let eventFilesKept = 8
    /// Share of requests that also rank with the shadow policy (logged with shadow=true).
    public static let shadowSampleRate = 0.05

    /// Prometheus latency buckets in seconds: ranking takes microseconds, HTTP a few hundred;
    /// the upper buckets catch stalls.
    public static let latencyBuckets: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1]

    /// Audit page size default and maximum for `GET /v1/admin/audit`.
    public static let auditPageDefault = 50
    public static let auditPageMax = 500

    /// Embedded default model (serve without `--model`): the demo dataset's size, trained at
    /// startup (a few seconds in release).
    public static let embeddedItems = 2_000
    public static let embeddedUsers = 5_000

    /// Fault injection (drills, SPEC §6): a fault lasts at most an hour (the SPEC's bound on
    /// `duration_s`) and adds at most 10 s (its bound on `latency_ms`: past a client's
    /// timeout, more only ties up connections).
    public static let maxFaultSeconds = 3_600
    public static let maxFaultLatencyMs = 10_000
    /// How often expired faults are removed and audited; requests ignore them at once.
    public static let faultExpiryInterval: Duration = .seconds(1)
}
