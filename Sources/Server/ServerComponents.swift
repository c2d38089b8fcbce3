import Foundation
public import Logging
import NIOPosix
public import RankingCore

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

    public init(service: RecommendationService, metrics: RequestMetrics = RequestMetrics(), audit: AuditTrail,
                tokens: AdminTokens, logger: Logger, loadModel: @escaping @Sendable (String) throws -> RecommenderModel) {
        self.service = service
        self.metrics = metrics
        self.audit = audit
        self.tokens = tokens
        self.logger = logger
        self.loadModel = loadModel
    }

    /// Loads a model off the event loops and swaps it in whole. A snapshot that fails to read
    /// (corrupt, truncated, missing) is refused with 409 and the current model keeps serving.
    func reloadModel(path: String, actor: String) async throws -> [UInt8] {
        let previous = service.models.loaded?.version
        let model: RecommenderModel
        do {
            let load = loadModel
            model = try await NIOThreadPool.singleton.runIfActive { try load(path) }
        } catch {
            service.models.noteFailure()
            let reason = "model snapshot \(path) refused: \(error); \(previous.map { "model \($0) keeps serving" } ?? "no model is serving")"
            logger.warning("model reload refused", metadata: ["path": "\(path)", "error": "\(error)"])
            service.events.emit(.error(.init(time: Date(), requestID: nil, component: "model", severity: "error", message: reason)))
            _ = audit.append(.init(time: Date(), kind: "model_reload_refused", actor: actor, reason: reason, old: previous, new: nil))
            throw APIError.conflict("path", reason)
        }
        let loaded = service.models.install(model, source: path)
        service.cache.removeAll()
        service.guardrails.setCritical("model_load", detail: nil)
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
