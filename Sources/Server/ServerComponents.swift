import Foundation
public import Logging
import NIOPosix
public import RankingCore
public import ServiceLifecycle
import Synchronization

/// Everything the routes share, built once by the caller (the CLI or a test) and handed to
/// `buildRouter`. The one place where the server's parts are wired together.
public final class ServerComponents: Sendable {
    public let service: RecommendationService
    public let metrics: RequestMetrics
    public let audit: AuditTrail
    public let tokens: AdminTokens
    public let logger: Logger
    /// Reads a snapshot (`ModelSnapshot.read` in production; a fake in tests).
    let loadModel: @Sendable (String) throws -> RecommenderModel
    /// True while the last model load failure was an injected one: lifting the fault then
    /// withdraws the critical failure it caused (the real model never failed).
    private let injectedModelFailure = Mutex<Bool>(false)

    public init(service: RecommendationService, metrics: RequestMetrics = RequestMetrics(), audit: AuditTrail,
                tokens: AdminTokens, logger: Logger, loadModel: @escaping @Sendable (String) throws -> RecommenderModel) {
        self.service = service
        self.metrics = metrics
        self.audit = audit
        self.tokens = tokens
        self.logger = logger
        self.loadModel = loadModel
    }

    public var faults: FaultInjection { service.faults }

    /// Loads a model off the event loops and swaps it in whole. A snapshot that fails to read
    /// (corrupt, truncated, missing) is refused with 409 and the current model keeps serving;
    /// the failure is a critical one for the rollback controller (SPEC §5: "model failed to
    /// load") until a load succeeds.
    func reloadModel(path: String, actor: String) async throws -> [UInt8] {
        let previous = service.models.loaded?.version
        let model: RecommenderModel
        do {
            if let fault = faults.forModelLoad() {
                if fault.latencyMs > 0 { try await Task.sleep(for: .milliseconds(fault.latencyMs)) }
                if fault.fails {
                    injectedModelFailure.withLock { $0 = true }
                    throw RequestFaults.Injected(fault: "model")
                }
            }
            let load = loadModel
            model = try await NIOThreadPool.singleton.runIfActive { try load(path) }
        } catch {
            service.models.noteFailure()
            service.guardrails.setCritical("model_load", detail: "\(path): \(error)")
            let reason = "model snapshot \(path) refused: \(error); \(previous.map { "model \($0) keeps serving" } ?? "no model is serving")"
            logger.warning("model reload refused", metadata: ["path": "\(path)", "error": "\(error)"])
            service.events.emit(.error(.init(time: Date(), requestID: nil, component: "model", severity: "error", message: reason)))
            _ = audit.append(.init(time: Date(), kind: "model_reload_refused", actor: actor, reason: reason, old: previous, new: nil))
            throw APIError.conflict("path", reason)
        }
        let loaded = service.models.install(model, source: path)
        service.cache.removeAll()
        service.guardrails.setCritical("model_load", detail: nil)
        injectedModelFailure.withLock { $0 = false }
        let service = self.service
        Task.detached { service.prewarm() }
        let auditError = audit.append(.init(time: Date(), kind: "model_reload", actor: actor, reason: path, old: previous, new: loaded.version))
        logger.info("model reloaded", metadata: ["path": "\(path)", "model_version": "\(loaded.version)"])
        var json = JSONWriter()
        json.object {
            $0.field("model_version", loaded.version)
            $0.field("previous_version", previous)
            $0.field("source", path)
            $0.field("items", model.itemCount)
            $0.field("users", model.userCount)
        }
        return withAuditNote(json.bytes, auditError)
    }
}

extension ServerComponents {
    /// Lifts every fault, audits it and withdraws an injected model failure.
    @discardableResult
    func liftFaults(actor: String, reason: String) -> [Fault] {
        let lifted = faults.liftAll()
        recordEnded(lifted, kind: "fault_lifted", actor: actor, reason: reason)
        return lifted
    }

    private func recordEnded(_ ended: [Fault], kind: String, actor: String, reason: String) {
        for fault in ended {
            logger.notice("fault ended", metadata: ["fault": "\(fault.id) \(fault.summary)", "kind": "\(kind)"])
            _ = audit.append(.init(time: Date(), kind: kind, actor: actor, reason: "\(reason): \(fault.summary)", old: fault.id, new: nil))
        }
        if ended.contains(where: { $0.target == .model }), !faults.active.contains(where: { $0.target == .model }),
           injectedModelFailure.withLock({ let was = $0; $0 = false; return was })
        {
            service.guardrails.setCritical("model_load", detail: nil)
        }
    }

    /// Expires faults past their `duration_s` once a second (audited as `fault_expired`);
    /// requests already ignore an expired fault, this removes and records it. Run it only
    /// with fault injection enabled.
    public var faultExpiryService: any Service { FaultExpiry(components: self) }

    private struct FaultExpiry: Service {
        let components: ServerComponents
        func run() async throws {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    try? await Task.sleep(for: ServerDefaults.faultExpiryInterval)
                    let expired = components.faults.removeExpired()
                    if !expired.isEmpty { components.recordEnded(expired, kind: "fault_expired", actor: "automatic", reason: "duration elapsed") }
                }
            }
        }
    }
}

