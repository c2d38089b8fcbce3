/// Every default of `guardrank bench`, each with where its value comes from.
public enum LoadGeneratorDefaults {
    /// Requests per second: about a fifth of what the server reaches on the 2-core box
    /// (docs/api.md), so a plain `guardrank bench --url …` measures latency, not overload.
    public static let rate: Double = 1_000
    /// Seconds of load: long enough for a few thousand samples at the default rate.
    public static let duration: Double = 10
    /// Keep-alive connections (one thread each): wrk's `-c32` on the same box, halved.
    public static let connections = 16
    /// Users drawn from u1…uN, the synthetic dataset's ids (SyntheticDataset), so the
    /// embedded default model knows them.
    public static let users = 5_000
    /// Zipf exponent of user popularity: 1.1, a common fit for request logs (Breslau et al. 1999).
    public static let zipfExponent = 1.1
    /// Path requested when the URL has none: a personalised top-10.
    public static let pathTemplate = "/v1/recommendations/{user}?k=10"
    /// A response slower than this counts as an error (and its connection is reopened).
    public static let responseTimeoutSeconds = 5
    /// Largest response head accepted.
    public static let maxHeadBytes = 16 * 1024
}
