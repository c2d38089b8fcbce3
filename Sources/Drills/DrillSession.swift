import Foundation

/// One server under drill: the admin client, the guardrail watcher, the client load and the
/// steps every drill shares (prepare, inject, lift, wait, judge). The drills themselves are
/// in `Drill+Catalog.swift`.
public final class DrillSession {
    let host: String
    let port: Int
    let token: String?
    /// The server's pid, for `restart` (read from `/proc`; loopback only).
    var pid: Int32?
    let clock = DrillClock()
    let admin: AdminClient
    let watcher: GuardrailWatcher
    let load: ObservedLoad
    /// The server's rollback policy, read from `/v1/admin/guardrails`.
    private(set) var policy: [String: Any] = [:]
    /// When the current drill's preparation ended: "before the incident" starts here.
    private(set) var preparedAt = 0.0
    let log: (String) -> Void

    public init(host: String, port: Int, token: String?, pid: Int32?, log: @escaping (String) -> Void) {
        self.host = host
        self.port = port
        self.token = token
        self.pid = pid
        self.log = log
        admin = AdminClient(host: host, port: port, token: token)
        watcher = GuardrailWatcher(client: AdminClient(host: host, port: port, token: token), clock: clock)
        load = ObservedLoad(host: host, port: port, clock: clock)
    }

    /// Checks the server can be drilled, then starts the watcher and the load.
    public func start() throws {
        let (status, body) = try admin.send("GET", "/v1/admin/faults")
        guard status != 404 else {
            throw AdminClient.Failure(description: "the server has no /v1/admin/faults: start it with `serve --allow-fault-injection`")
        }
        guard status == 200 else {
            throw AdminClient.Failure(description: "GET /v1/admin/faults answered \(status) (an operator token is needed): \(String(decoding: body.prefix(200), as: UTF8.self))")
        }
        policy = (try admin.call("GET", "/v1/admin/guardrails").value("controller", "policy") as? [String: Any]) ?? [:]
        watcher.start()
        load.start()
    }

    public func stop() {
        load.stop()
        watcher.stop()
        admin.close()
    }

    public func run(_ drill: Drill) -> DrillReport {
        var report = DrillReport(name: drill.rawValue, expectation: drill.expectation, passed: false)
        let started = clock.now()
        log("drill \(drill.rawValue): \(drill.expectation)")
        do {
            try prepare(&report)
            if report.failures.isEmpty { try drill.run(in: self, report: &report) }
        } catch {
            report.failures.append("\(error)")
        }
        _ = try? admin.call("DELETE", "/v1/admin/faults")
        report.durationS = clock.now() - started
        report.passed = report.failures.isEmpty
        return report
    }

    // MARK: Shared steps

    /// No fault, NORMAL, unlocked, backoff level 0 (the policy forgives a level per
    /// `decay_evaluations` healthy seconds), so every drill starts from the same place.
    func prepare(_ report: inout DrillReport) throws {
        try admin.call("DELETE", "/v1/admin/faults")
        let after = clock.now()
        if let locked = watcher.wait(after: after, timeout: 2, { $0.lock != "none" }), watcher.latest?.lock != "none" {
            _ = locked
            report.failures.append("the rollback controller is locked by an operator (\(watcher.latest?.lock ?? "?")); a drill will not override that")
            return
        }
        let decay = (policy.number("backoff", "decay_evaluations") ?? 1800)
        let timeout = recoveryTimeout() + decay * 6 + DrillDefaults.slackSeconds
        guard watcher.wait(after: after, timeout: timeout, { $0.state == "NORMAL" && $0.rollbacks == 0 }) != nil else {
            let latest = watcher.latest
            report.failures.append("the server did not reach NORMAL at backoff level 0 within \(Int(timeout)) s (state \(latest?.state ?? "?"), level \(latest?.rollbacks ?? -1)): drills need a short-dwell policy (Config/rollback_policy_drill.json)")
            return
        }
        // A few seconds of normal answers to compare the incident with.
        preparedAt = clock.now()
        usleep(UInt32(DrillDefaults.baselineSeconds * 1e6))
    }

    /// Seconds a fault-free server needs from a breach's end back to NORMAL: the window
    /// empties of bad requests, then the recovery dwell (with backoff) and the verification.
    func recoveryTimeout() -> Double {
        let level = Double(watcher.latest?.rollbacks ?? 1)
        let base = policy.number("recovery_dwell_evaluations") ?? 120
        let cap = policy.number("backoff", "max_recovery_dwell_evaluations") ?? 1800
        let multiplier = policy.number("backoff", "multiplier") ?? 2
        let dwell = min(base * pow(multiplier, max(0, level)), max(cap, base))
        let verify = policy.number("verify_dwell_evaluations") ?? 120
        return Double(windowSeconds) + dwell + verify + DrillDefaults.slackSeconds
    }

    var windowSeconds: Int { 10 }
    var stageEffectSeconds: Double { policy.number("stage_effect_seconds") ?? 10 }
    var p1LatencyLimitMs: Double { (policy.number("latency_target_ms") ?? 50) * (policy.number("p1", "p95_latency_factor") ?? 1.5) }

    @discardableResult
    func inject(_ body: [String: Any]) throws -> String {
        var body = body
        body["duration_s"] = body["duration_s"] ?? DrillDefaults.faultSeconds
        let answer = try admin.call("POST", "/v1/admin/faults", body: body)
        return answer.string("id") ?? answer.string("status", "id") ?? "?"
    }

    func lift() throws { try admin.call("DELETE", "/v1/admin/faults") }

    func auditTotal() -> Int {
        Int((try? admin.call("GET", "/v1/admin/audit?limit=1"))?.number("total") ?? 0)
    }

    func auditRecords(from offset: Int) -> [[String: Any]] {
        var records: [[String: Any]] = []
        var offset = offset
        while let page = try? admin.call("GET", "/v1/admin/audit?offset=\(offset)&limit=500"),
              let batch = page["records"] as? [[String: Any]], !batch.isEmpty
        {
            records += batch
            offset += batch.count
        }
        return records
    }

    /// The timeline and the clients' view of one incident, from `injected` on (seconds on
    /// the drill clock), with the invariants every drill shares: no 5xx, no short list
    /// (unless the drill's fault is short lists), every automatic rollback change audited
    /// with its metrics.
    func judge(_ report: inout DrillReport, injected: Double, lifted: Double?, auditStart: Int,
               shortListsAllowed: ClosedRange<Double>? = nil, transportAllowed: ClosedRange<Double>? = nil) {
        let samples = watcher.all.filter { $0.at >= injected }
        report.firstP1S = samples.first { $0.severity == "P1" }.map { $0.at - injected }
        report.pendingS = samples.first { $0.state == "ROLLBACK_PENDING" }.map { $0.at - injected }
        report.rolledBackS = samples.first { $0.state == "ROLLED_BACK" }.map { $0.at - injected }
        var stages: [String] = []
        for sample in samples where sample.stage != "none" && stages.last != sample.stage { stages.append(sample.stage) }
        report.stages = stages
        report.scope = samples.first { $0.state == "ROLLED_BACK" }?.scope
        if let lifted {
            report.liftedS = lifted - injected
            report.normalS = samples.first { $0.at >= lifted && $0.state == "NORMAL" }.map { $0.at - lifted }
        }
        let seen = load.observations(in: injected...clock.now())
        report.requests = seen.count
        report.serverErrors = seen.filter { $0.status >= 500 }.count
        report.otherStatusErrors = seen.filter { $0.status != 0 && $0.status != 200 && $0.status < 500 }.count
        let transport = seen.filter { $0.status == 0 }
        report.transportErrors = transport.count
        let short = seen.filter { $0.status == 200 && $0.kReturned < $0.k }
        report.shortLists = short.count
        report.incidentP99Ms = Self.p99(seen.filter { $0.status == 200 && $0.at <= (lifted ?? .infinity) })
        report.baselineP99Ms = Self.p99(beforeIncident(injected).filter { $0.status == 200 })
        report.expect(report.serverErrors == 0, "\(report.serverErrors) client requests got a 5xx")
        report.expect(report.otherStatusErrors == 0, "\(report.otherStatusErrors) client requests got a non-200 answer")
        let unexpectedShort = short.filter { shortListsAllowed?.contains($0.at) != true }.count
        report.expect(unexpectedShort == 0, "\(unexpectedShort) short lists outside the fault")
        let unexpectedTransport = transport.filter { transportAllowed?.contains($0.at) != true }.count
        report.expect(unexpectedTransport == 0, "\(unexpectedTransport) client requests got no answer")

        let records = auditRecords(from: auditStart).filter { ($0["event"] as? String)?.hasPrefix("rollback.") == true }
        let automatic = records.filter { $0["actor"] as? String == "automatic" && $0["event"] as? String != "rollback.restored" }
        report.auditRecords = records.count
        report.auditRecordsWithMetrics = automatic.filter { $0["metrics"] is [String: Any] }.count
        var observedChanges = 0
        var previous = watcher.all.last { $0.at < injected }?.state ?? "NORMAL"
        for sample in samples where sample.state != previous {
            observedChanges += 1
            previous = sample.state
        }
        report.expect(records.filter { $0["from"] as? String != $0["to"] as? String }.count >= observedChanges,
                      "the watcher saw \(observedChanges) state changes but the audit trail has fewer transition records")
        report.expect(report.auditRecordsWithMetrics == automatic.count,
                      "\(automatic.count - report.auditRecordsWithMetrics) automatic rollback records lack their metrics")
    }

    /// What clients saw between the preparation and `injected`.
    func beforeIncident(_ injected: Double) -> [ObservedLoad.Observation] {
        load.observations(in: min(preparedAt, injected)...injected)
    }

    static func p99(_ observations: [ObservedLoad.Observation]) -> Double? {
        guard !observations.isEmpty else { return nil }
        let sorted = observations.map(\.latencyMs).sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
    }

    static let stageOrder = ["none", "stage1", "stage2", "stage3", "emergency"]
    static func level(_ stage: String) -> Int { stageOrder.firstIndex(of: stage) ?? 0 }
}
