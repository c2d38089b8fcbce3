import Foundation
import Hummingbird
import NIOCore
import NIOPosix

/// Checks the bearer token of every admin request: 401 without a valid one, 403 when a
/// viewer asks to change something. Tokens are never logged; the token's name is the actor.
struct AdminAuthMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let tokens: AdminTokens
    /// Reads need a viewer and changes an operator, unless a route group asks for more.
    var minimumRole: AdminTokens.Role = .viewer

    func handle(_ request: Request, context: ServerContext,
                next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
              let entry = tokens.authenticate(String(header.dropFirst("Bearer ".count))) else {
            throw APIError.unauthorized
        }
        let needed: AdminTokens.Role = request.method == .get ? minimumRole : .operator
        guard entry.role >= needed else {
            throw APIError.forbidden("role '\(entry.role.rawValue)' may not \(request.method.rawValue) \(request.uri.path); needs '\(needed.rawValue)'")
        }
        var context = context
        context.actor = entry.name
        return try await next(request, context)
    }
}

/// The admin API under `/v1/admin/` (SPEC §6): toggles, guardrails, kill switch, audit, model.
struct AdminRoutes {
    let components: ServerComponents

    func register(on router: Router<ServerContext>) {
        let admin = router.group("/v1/admin").add(middleware: AdminAuthMiddleware(tokens: components.tokens))
        let service = components.service
        admin.get("toggles") { request, _ -> Response in
            try QueryParameters(raw: request.uri.query).rejectUnknown(allowed: [])
            var json = JSONWriter()
            json.object {
                $0.key("toggles"); $0.raw(service.config.statusJSON())
                $0.key("kill_switch"); writeKillSwitch(service.admin.current, into: &$0)
                $0.key("rollback_overrides")
                $0.array { json in for layer in service.guardrails.overrides { json.string(layer.source) } }
            }
            return .json(json.buffer)
        }
        admin.get("toggles/explain") { request, _ -> Response in
            let query = try QueryParameters(raw: request.uri.query)
            try query.rejectUnknown(allowed: ["user", "region", "cohort", "client"])
            guard let user = query["user"] else { throw APIError.invalid("user", "'user' is required") }
            let userID = try RecommendationQuery.validUserID(user)
            let context = try ["region", "cohort", "client"].map { name throws(APIError) in
                try query[name].map { v throws(APIError) in try RecommendationQuery.validToken(v, field: name) }
            }
            return .json(service.config.explainJSON(userID: userID, region: context[0], cohort: context[1], client: context[2],
                                                    overrides: service.overrideLayers))
        }
        admin.get("guardrails") { _, _ -> Response in .json(service.guardrails.statusJSON()) }
        admin.post("guardrails/override") { request, context -> Response in
            let body = try JSONBody.decode(OverrideBody.self, from: try await request.jsonBodyBytes())
            let command = OverrideCommand(action: body.action, stage: body.stage, scope: body.scope, reason: body.reason, actor: context.actor ?? "")
            // The rollback controller audits its own transitions (with the actor and reason).
            return .json(try service.guardrails.apply(command))
        }
        admin.post("kill-switch") { request, context -> Response in
            let body = try JSONBody.decode(KillSwitchBody.self, from: try await request.jsonBodyBytes())
            let (old, persistenceError) = service.admin.setKillSwitch(body.enabled, reason: body.reason, actor: context.actor ?? "")
            if let persistenceError { components.logger.error("kill switch not persisted", metadata: ["error": "\(persistenceError)"]) }
            let auditError = components.audit.append(.init(time: Date(), kind: "kill_switch", actor: context.actor ?? "",
                                                           reason: body.reason, old: "\(old.enabled)", new: "\(body.enabled)"))
            var json = JSONWriter()
            writeKillSwitch(service.admin.current, into: &json)
            return .json(withAuditNote(json.bytes, auditError))
        }
        admin.get("audit") { request, _ -> Response in
            let query = try QueryParameters(raw: request.uri.query)
            try query.rejectUnknown(allowed: ["offset", "limit"])
            let offset = try query["offset"].map { v throws(APIError) in try Self.nonNegative(v, "offset") } ?? 0
            let limit = try query["limit"].map { v throws(APIError) in try Self.nonNegative(v, "limit") } ?? ServerDefaults.auditPageDefault
            guard (1...ServerDefaults.auditPageMax).contains(limit) else {
                throw APIError.invalid("limit", "'limit' must be 1…\(ServerDefaults.auditPageMax), got \(limit)")
            }
            let page = components.audit.page(offset: offset, limit: limit)
            var json = JSONWriter(capacity: 4096)
            json.object {
                $0.field("total", page.total)
                $0.field("offset", offset)
                $0.field("limit", limit)
                $0.key("records")
                $0.array { json in for record in page.records { json.raw(record) } }
            }
            return .json(json.buffer)
        }
        admin.get("model") { _, _ -> Response in
            guard let model = service.models.loaded else { throw APIError.notReady("no model is loaded yet") }
            var json = JSONWriter()
            json.object {
                $0.field("model_version", model.version)
                $0.field("source", model.source)
                $0.field("loaded_at", model.loadedAt.timeIntervalSince1970)
                $0.field("items", model.ranker.model.itemCount)
                $0.field("users", model.ranker.model.userCount)
            }
            return .json(json.buffer)
        }
        admin.post("model/reload") { request, context -> Response in
            let body = try JSONBody.decode(ModelReloadBody.self, from: try await request.jsonBodyBytes())
            return .json(try await components.reloadModel(path: body.path, actor: context.actor ?? ""))
        }
    }

    static func nonNegative(_ text: String, _ field: String) throws(APIError) -> Int {
        guard let value = Int(text), value >= 0 else { throw .invalid(field, "'\(field)' must be a non-negative integer, got '\(text.prefix(40))'") }
        return value
    }
}

func writeKillSwitch(_ state: AdminOverrides.KillSwitch, into json: inout JSONWriter) {
    json.object {
        $0.field("enabled", state.enabled)
        $0.field("reason", state.reason)
        $0.field("actor", state.actor)
        $0.key("since")
        if let since = state.since { $0.double(since.timeIntervalSince1970) } else { $0.null() }
    }
}

/// Wraps a status document with the audit write's failure, if any (the change still applied).
func withAuditNote(_ status: [UInt8], _ auditError: String?) -> [UInt8] {
    guard let auditError else { return status }
    var json = JSONWriter()
    json.object {
        $0.key("status"); $0.raw(status)
        $0.field("audit_error", auditError)
    }
    return json.bytes
}
