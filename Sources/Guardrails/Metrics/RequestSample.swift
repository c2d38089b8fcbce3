/// What one served request contributes to the metrics window (SPEC §4). Built by the
/// server once the response is decided; recording copies it into a stripe.
public struct RequestSample: Sendable, Equatable {
    /// Wall time spent serving, in nanoseconds.
    public var latencyNanos: UInt64
    /// Items asked for and items returned.
    public var k: Int
    public var kReturned: Int
    /// The request failed (the client got an error or the emergency baseline because of a fault).
    public var failed: Bool
    /// Some ranking stage failed inside the request even though the fallback covered for it.
    /// Counts as an error: the client saw a full list, the operator must still see the fault.
    public var stageFailed: Bool
    /// nil when the result cache was not consulted (cache off); otherwise hit or miss.
    public var cacheHit: Bool?
    /// Experiment bucket 1…100 (SPEC §3); 0 when unknown.
    public var bucket: Int
    public var cohort: String?
    public var region: String?

    public init(
        latencyNanos: UInt64, k: Int, kReturned: Int, failed: Bool = false, stageFailed: Bool = false,
        cacheHit: Bool? = nil, bucket: Int = 0, cohort: String? = nil, region: String? = nil
    ) {
        self.latencyNanos = latencyNanos
        self.k = k
        self.kReturned = kReturned
        self.failed = failed
        self.stageFailed = stageFailed
        self.cacheHit = cacheHit
        self.bucket = bucket
        self.cohort = cohort
        self.region = region
    }

    /// A request is an error when it failed or any stage failed inside it.
    public var isError: Bool { failed || stageFailed }
    /// Returned fewer than asked for.
    public var isUnderfilled: Bool { kReturned < k }
    /// k_returned / k in millionths (fixed point, so window sums add and subtract exactly);
    /// k = 0 asks for nothing and is fully covered.
    var coverageMicros: UInt64 {
        guard k > 0 else { return 1_000_000 }
        let ratio = Double(min(max(kReturned, 0), k)) / Double(k)
        return UInt64((ratio * 1_000_000).rounded())
    }
}
