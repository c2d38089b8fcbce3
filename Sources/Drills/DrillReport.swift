/// What one drill measured, and whether its expectation held. Times are seconds after the
/// fault was injected (or the kill switch pulled), except `normalS`: after the fault was lifted.
public struct DrillReport: Codable, Sendable {
    public var name: String
    public var expectation: String
    public var passed: Bool
    public var failures: [String] = []
    public var notes: [String] = []
    public var firstP1S: Double?
    public var pendingS: Double?
    public var rolledBackS: Double?
    /// Rollback stages seen, in order (`none` omitted).
    public var stages: [String] = []
    public var scope: String?
    public var liftedS: Double?
    public var normalS: Double?
    /// Client requests scheduled during the drill and what they saw.
    public var requests = 0
    public var serverErrors = 0
    public var otherStatusErrors = 0
    public var transportErrors = 0
    public var shortLists = 0
    public var incidentP99Ms: Double?
    public var baselineP99Ms: Double?
    /// Rollback audit records written during the drill, and how many of the automatic ones
    /// carry the metrics behind them.
    public var auditRecords = 0
    public var auditRecordsWithMetrics = 0
    public var durationS = 0.0
    /// Extra numbers a drill reports (the relapse dwells, the restarted pid).
    public var measurements: [String: Double] = [:]

    enum CodingKeys: String, CodingKey {
        case name, expectation, passed, failures, notes, stages, scope, requests, measurements
        case firstP1S = "first_p1_s"
        case pendingS = "rollback_pending_s"
        case rolledBackS = "rolled_back_s"
        case liftedS = "lifted_s"
        case normalS = "normal_after_lift_s"
        case serverErrors = "client_5xx"
        case otherStatusErrors = "client_other_errors"
        case transportErrors = "transport_errors"
        case shortLists = "short_lists"
        case incidentP99Ms = "incident_p99_ms"
        case baselineP99Ms = "baseline_p99_ms"
        case auditRecords = "audit_records"
        case auditRecordsWithMetrics = "audit_records_with_metrics"
        case durationS = "duration_s"
    }

    mutating func expect(_ condition: Bool, _ failure: String) {
        if !condition { failures.append(failure) }
    }

    /// One line per drill for a terminal.
    public var line: String {
        func f(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "-" }
        let verdict = passed ? "PASS" : "FAIL"
        var text = "\(verdict) \(name): P1 \(f(firstP1S)) s, pending \(f(pendingS)) s, rolled back \(f(rolledBackS)) s, "
        text += "stages \(stages.isEmpty ? "-" : stages.joined(separator: ">")), NORMAL \(f(normalS)) s after lift; "
        text += "clients: \(requests) requests, \(serverErrors) 5xx, \(transportErrors) transport errors, \(shortLists) short lists, "
        text += "p99 \(f(incidentP99Ms)) ms (before \(f(baselineP99Ms)) ms)"
        for failure in failures { text += "\n    failed: \(failure)" }
        for note in notes { text += "\n    note: \(note)" }
        return text
    }
}
