/// What one `guardrank bench` run measured. Latencies are from each request's *scheduled*
/// start, not its actual send, so a stalled server shows up in the tail instead of quietly
/// lowering the rate (coordinated omission, Tene 2013).
public struct LoadReport: Sendable, Codable, Equatable {
    public var url: String
    public var targetRate: Double
    public var durationSeconds: Double
    public var connections: Int
    /// Requests scheduled in the run's window.
    public var scheduled: Int
    /// Answered with a 2xx.
    public var succeeded: Int
    /// Non-2xx answers, by status code.
    public var statusErrors: [String: Int]
    /// Connection failures, timeouts, malformed responses.
    public var transportErrors: Int
    /// Succeeded requests per second of the run.
    public var achievedRate: Double
    public var p50Micros: Double
    public var p90Micros: Double
    public var p99Micros: Double
    public var p999Micros: Double
    public var maxMicros: Double
    /// First transport error, to say why (nil when none).
    public var firstError: String?

    enum CodingKeys: String, CodingKey {
        case url, connections, scheduled, succeeded
        case targetRate = "target_rate"
        case durationSeconds = "duration_s"
        case statusErrors = "status_errors"
        case transportErrors = "transport_errors"
        case achievedRate = "achieved_rate"
        case p50Micros = "p50_us"
        case p90Micros = "p90_us"
        case p99Micros = "p99_us"
        case p999Micros = "p999_us"
        case maxMicros = "max_us"
        case firstError = "first_error"
    }

    public var errorCount: Int { transportErrors + statusErrors.values.reduce(0, +) }
}
