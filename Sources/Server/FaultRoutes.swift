import Foundation
import Hummingbird
import NIOCore

/// `POST /v1/admin/faults` body (SPEC §6): strict like every admin body.
struct FaultBody: Decodable {
    var target: FaultTarget
    var errorRate: Double
    var latencyMs: Int
    var maxItems: Int?
    var durationSeconds: Int
    var region: String?
    var cohort: String?

    init(from decoder: any Decoder) throws {
        let object = try StrictObject(decoder, allowed: ["stage", "error_rate", "latency_ms", "max_items", "duration_s", "region", "cohort"])
        let names = FaultTarget.allCases.map(\.rawValue).joined(separator: ", ")
        guard let text = try object.decode(String.self, "stage", expected: "a string") else {
            throw APIError.invalid("stage", "'stage' is required: one of \(names)")
        }
        guard let target = FaultTarget(rawValue: text) else {
            throw APIError.invalid("stage", "'stage' must be one of \(names), got '\(text.prefix(40))'")
        }
        let limits = ServerDefaults.self
        let errorRate = try object.decode(Double.self, "error_rate", expected: "a number 0…1") ?? 0
        guard errorRate.isFinite, (0...1).contains(errorRate) else { throw APIError.invalid("error_rate", "'error_rate' must be 0…1, got \(errorRate)") }
        let latency = try object.decode(Int.self, "latency_ms", expected: "an integer") ?? 0
        guard (0...limits.maxFaultLatencyMs).contains(latency) else {
            throw APIError.invalid("latency_ms", "'latency_ms' must be 0…\(limits.maxFaultLatencyMs), got \(latency)")
        }
        let maxItems = try object.decode(Int.self, "max_items", expected: "an integer")
        if let maxItems {
            guard target == .response else { throw APIError.invalid("max_items", "'max_items' applies to stage 'response' only") }
            guard maxItems >= 0 else { throw APIError.invalid("max_items", "'max_items' must be ≥ 0, got \(maxItems)") }
        }
        if target == .response && errorRate > 0 {
            throw APIError.invalid("error_rate", "stage 'response' takes max_items and latency_ms; to fail requests, fail a stage")
        }
        guard errorRate > 0 || latency > 0 || maxItems != nil else {
            throw APIError.invalid("error_rate", "a fault needs error_rate > 0, latency_ms > 0 or (for 'response') max_items")
        }
        guard let duration = try object.decode(Int.self, "duration_s", expected: "an integer") else {
            throw APIError.invalid("duration_s", "'duration_s' is required: every fault expires (1…\(limits.maxFaultSeconds))")
        }
        guard (1...limits.maxFaultSeconds).contains(duration) else {
            throw APIError.invalid("duration_s", "'duration_s' must be 1…\(limits.maxFaultSeconds), got \(duration)")
        }
        let region = try object.decode(String.self, "region", expected: "a string")
        let cohort = try object.decode(String.self, "cohort", expected: "a string")
        if target == .model && (region != nil || cohort != nil) {
            throw APIError.invalid(region != nil ? "region" : "cohort", "a 'model' fault cannot be confined: there is one model")
        }
        self.target = target
        self.errorRate = errorRate
        self.latencyMs = latency
        self.maxItems = maxItems
        self.durationSeconds = duration
        self.region = try region.map { v throws(APIError) in try RecommendationQuery.validToken(v, field: "region") }
        self.cohort = try cohort.map { v throws(APIError) in try RecommendationQuery.validToken(v, field: "cohort") }
    }
}

/// `/v1/admin/faults` (SPEC §6): registered only with `serve --allow-fault-injection`, so
/// without it the routes are 404 like any unknown path. Operator role for every method
/// (a GET too: the list tells an attacker which faults are live).
struct FaultRoutes {
    let components: ServerComponents

    func register(on router: Router<ServerContext>) {
        let faults = components.faults
        guard faults.enabled else { return }
        let group = router.group("/v1/admin").add(middleware: AdminAuthMiddleware(tokens: components.tokens, minimumRole: .operator))
        group.post("faults") { request, context -> Response in
            let body = try JSONBody.decode(FaultBody.self, from: try await request.jsonBodyBytes())
            let actor = context.actor ?? ""
            let fault = faults.add(target: body.target, errorRate: body.errorRate, latencyMs: body.latencyMs, maxItems: body.maxItems,
                                   durationSeconds: body.durationSeconds, region: body.region, cohort: body.cohort, actor: actor)
            components.logger.warning("fault injected", metadata: ["fault": "\(fault.id) \(fault.summary)", "actor": "\(actor)"])
            let auditError = components.audit.append(.init(time: Date(), kind: "fault_injected", actor: actor, reason: fault.summary,
                                                           old: nil, new: fault.id))
            var json = JSONWriter()
            writeFault(fault, into: &json)
            return .json(withAuditNote(json.bytes, auditError))
        }
        group.get("faults") { request, _ -> Response in
            try QueryParameters(raw: request.uri.query).rejectUnknown(allowed: [])
            var json = JSONWriter()
            json.object {
                $0.key("faults")
                $0.array { json in for fault in faults.active { writeFault(fault, into: &json) } }
            }
            return .json(json.buffer)
        }
        group.delete("faults") { request, context -> Response in
            try QueryParameters(raw: request.uri.query).rejectUnknown(allowed: [])
            let lifted = components.liftFaults(actor: context.actor ?? "", reason: "lifted by operator")
            var json = JSONWriter()
            json.object {
                $0.key("lifted")
                $0.array { json in for fault in lifted { json.string(fault.id) } }
            }
            return .json(json.buffer)
        }
    }
}

func writeFault(_ fault: Fault, into json: inout JSONWriter) {
    json.object {
        $0.field("id", fault.id)
        $0.field("stage", fault.target.rawValue)
        $0.field("error_rate", fault.errorRate)
        $0.field("latency_ms", fault.latencyMs)
        $0.key("max_items")
        if let maxItems = fault.maxItems { $0.int(maxItems) } else { $0.null() }
        $0.field("region", fault.region)
        $0.field("cohort", fault.cohort)
        $0.field("set_at", fault.setAt.timeIntervalSince1970)
        $0.field("expires_at", fault.expiresAt.timeIntervalSince1970)
        $0.field("actor", fault.actor)
    }
}
