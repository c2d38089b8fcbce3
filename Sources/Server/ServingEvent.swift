import Foundation
import NIOCore

/// One line of the events files: a ranking event per served (or shadow) ranking, or an error
/// event. Field names are the columns `docs/events.md` queries.
public enum ServingEvent: Sendable {
    case ranking(Ranking)
    case error(ErrorRecord)

    public struct Ranking: Sendable {
        public var requestID: String
        public var time: Date
        public var userID: String
        public var bucket: Int
        public var cohort: String?
        public var region: String?
        public var client: String?
        public var policy: String
        public var k: Int
        public var kReturned: Int
        public var eligible: Int
        public var fallbackStage: String
        public var stageFailures: Int
        public var latencyMicros: Double
        public var cacheHit: Bool
        public var shadow: Bool
        public var configVersion: String
        public var modelVersion: String
        public var rollbackState: String
    }

    public struct ErrorRecord: Sendable {
        public var time: Date
        public var requestID: String?
        public var component: String
        /// "warning", "error" or "critical".
        public var severity: String
        public var message: String
    }

    /// The JSON line, newline included.
    func line() -> ByteBuffer {
        var json = JSONWriter(capacity: 384)
        switch self {
        case .ranking(let event):
            json.object {
                $0.field("type", "ranking")
                $0.field("time", event.time.timeIntervalSince1970)
                $0.field("request_id", event.requestID)
                $0.field("user_id", event.userID)
                $0.field("bucket", event.bucket)
                $0.field("cohort", event.cohort)
                $0.field("region", event.region)
                $0.field("client", event.client)
                $0.field("policy", event.policy)
                $0.field("k", event.k)
                $0.field("k_returned", event.kReturned)
                $0.field("eligible", event.eligible)
                $0.field("coverage", event.k > 0 ? Double(event.kReturned) / Double(event.k) : 1)
                $0.field("fallback_stage", event.fallbackStage)
                $0.field("stage_failures", event.stageFailures)
                $0.field("latency_us", event.latencyMicros)
                $0.field("cache_hit", event.cacheHit)
                $0.field("shadow", event.shadow)
                $0.field("config_version", event.configVersion)
                $0.field("model_version", event.modelVersion)
                $0.field("rollback_state", event.rollbackState)
            }
        case .error(let event):
            json.object {
                $0.field("type", "error")
                $0.field("time", event.time.timeIntervalSince1970)
                $0.field("request_id", event.requestID)
                $0.field("component", event.component)
                $0.field("severity", event.severity)
                $0.field("message", event.message)
            }
        }
        json.newline()
        return json.buffer
    }
}
