import Foundation
public import Guardrails
public import ServiceLifecycle

/// The Guardrails metrics window and rollback controller behind the server's seam: every
/// request is recorded into the window, the controller ticks once a second in the service
/// group, and its override layer is read by every request.
public final class RollbackGuardrailMonitor: GuardrailMonitor {
    public let window: MetricsWindow
    public let controller: RollbackController

    public init(policy: RollbackPolicy = .default, stateFile: String? = nil, audit: AuditLog? = nil) {
        window = MetricsWindow()
        controller = RollbackController(policy: policy, window: window, store: stateFile.map { RollbackStateStore(path: $0) }, audit: audit)
    }

    public func record(_ sample: RequestSample) {
        window.record(sample)
    }

    public var overrides: [ScopedPatch] { controller.overrides }
    public var stateName: String { controller.status.state.rawValue }

    public func setCritical(_ name: String, detail: String?) {
        if let detail { window.setCritical(name, detail: detail) } else { window.clearCritical(name) }
    }

    private static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return (try? Array(encoder.encode(value))) ?? Array(#"{"error":"unencodable"}"#.utf8)
    }

    /// The state up front (what an operator looks for first), then the controller's full
    /// status with a fresh window snapshot including the bucket groups.
    public func statusJSON() -> [UInt8] {
        var admin = controller.adminStatus
        admin.window = window.snapshot(now: Date())
        let status = admin.status
        var json = JSONWriter(capacity: 8192)
        json.object {
            $0.field("state", status.state.rawValue)
            $0.field("stage", status.stage.rawValue)
            $0.field("lock", status.lock.rawValue)
            $0.field("locked_by", status.lockedBy)
            $0.field("rollbacks", status.rollbacks)
            $0.key("overrides")
            $0.array { json in for layer in admin.overrides { json.string(layer.source) } }
            $0.key("controller")
            $0.raw(Self.encode(admin))
        }
        return json.bytes
    }

    public func apply(_ command: OverrideCommand) throws(APIError) -> [UInt8] {
        var stage: RollbackStage?
        if let name = command.stage {
            guard let parsed = RollbackStage(rawValue: name) else {
                throw .invalid("stage", "'stage' must be one of \(RollbackStage.allCases.map(\.rawValue).joined(separator: ", ")), got '\(name.prefix(40))'")
            }
            stage = parsed
        }
        let action: ManualCommand.Action = switch command.action {
        case .forceRollback: .forceRollback
        case .pinStage: .pin
        case .hold: .hold
        case .reset: .reset
        case .release: .release
        }
        do throws(ManualCommandError) {
            try controller.apply(manual: ManualCommand(action, stage: stage, scope: command.scope, actor: command.actor, reason: command.reason))
        } catch {
            throw .invalid(error.field, error.reason)
        }
        return statusJSON()
    }

    public func gauges() -> [(name: String, value: Double)] {
        let global = controller.lastSnapshot?.global ?? .empty
        var out: [(name: String, value: Double)] = [
            ("window_requests", Double(global.requests)),
            ("window_errors", Double(global.errors)),
            ("window_underfilled", Double(global.underfilled)),
            ("rollback_stage", Double(controller.status.stage.level)),
            ("rollbacks", Double(controller.status.rollbacks)),
        ]
        let optional: [(String, Double?)] = [
            ("window_coverage", global.coverage), ("window_error_rate", global.errorRate),
            ("window_cache_hit_rate", global.cacheHitRate), ("window_p50_ms", global.p50Ms),
            ("window_p95_ms", global.p95Ms), ("window_p99_ms", global.p99Ms),
        ]
        for (name, value) in optional { if let value { out.append((name, value)) } }
        return out
    }

    /// The once-a-second evaluation loop, cancelled at graceful shutdown.
    public var services: [any Service] { [TickService(controller: controller)] }

    struct TickService: Service {
        let controller: RollbackController
        func run() async throws {
            try await cancelWhenGracefulShutdown { await controller.run() }
        }
    }
}
