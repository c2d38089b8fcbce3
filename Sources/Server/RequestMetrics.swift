import Foundation
import Synchronization

/// Per-route, per-status request counters and latency histograms for `/metrics`.
///
/// One small lock around a dictionary keyed by (route, status): the route set is fixed and
/// statuses few, so the critical section is a hash lookup and a few adds (tens of ns).
public final class RequestMetrics: Sendable {
    struct Key: Hashable { var route: String; var method: String; var status: Int }

    struct Series {
        var count = 0
        var sumSeconds = 0.0
        var buckets = [Int](repeating: 0, count: ServerDefaults.latencyBuckets.count)
    }

    private let series = Mutex<[Key: Series]>([:])

    public init() {}

    public func record(route: String, method: String, status: Int, seconds: Double) {
        let key = Key(route: route, method: method, status: status)
        series.withLock { all in
            var entry = all[key] ?? Series()
            entry.count += 1
            entry.sumSeconds += seconds
            if let index = ServerDefaults.latencyBuckets.firstIndex(where: { seconds <= $0 }) { entry.buckets[index] += 1 }
            all[key] = entry
        }
    }

    /// Prometheus text exposition (version 0.0.4) of the counters and histograms.
    public func exposition(into text: inout String) {
        let snapshot = series.withLock { $0 }.sorted { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }
        text += "# HELP guardrank_http_requests_total HTTP requests by route, method and status.\n"
        text += "# TYPE guardrank_http_requests_total counter\n"
        for (key, entry) in snapshot {
            text += "guardrank_http_requests_total{\(labels(key))} \(entry.count)\n"
        }
        text += "# HELP guardrank_http_request_duration_seconds Time from request head to response, by route and status.\n"
        text += "# TYPE guardrank_http_request_duration_seconds histogram\n"
        for (key, entry) in snapshot {
            var cumulative = 0
            for (index, bound) in ServerDefaults.latencyBuckets.enumerated() {
                cumulative += entry.buckets[index]
                text += "guardrank_http_request_duration_seconds_bucket{\(labels(key)),le=\"\(bound)\"} \(cumulative)\n"
            }
            text += "guardrank_http_request_duration_seconds_bucket{\(labels(key)),le=\"+Inf\"} \(entry.count)\n"
            text += "guardrank_http_request_duration_seconds_sum{\(labels(key))} \(entry.sumSeconds)\n"
            text += "guardrank_http_request_duration_seconds_count{\(labels(key))} \(entry.count)\n"
        }
    }

    private func labels(_ key: Key) -> String {
        "route=\"\(Self.escape(key.route))\",method=\"\(key.method)\",status=\"\(key.status)\""
    }

    /// Label values escape backslash, quote and newline (exposition format spec).
    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
