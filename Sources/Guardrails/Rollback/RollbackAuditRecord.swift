public import Foundation

/// One line of the audit log for the rollback controller: every transition, escalation,
/// manual command and startup decision, with the metrics that caused it. Flat, snake_case
/// keys so `jq` and DuckDB's `read_json_auto` read it without unnesting (docs/rollback.md).
public struct RollbackAuditRecord: Sendable, Equatable, Codable {
    /// "rollback.transition", "rollback.escalation", "rollback.scope_widened",
    /// "rollback.manual", "rollback.backoff_decay", "rollback.restored", "rollback.corrupt_state".
    public var event: String
    public var at: Date
    public var from: RollbackState?
    public var to: RollbackState
    public var fromStage: RollbackStage?
    public var toStage: RollbackStage
    public var scope: ToggleScope
    public var trigger: String
    public var breaches: [Breach]
    public var metrics: WindowStats?
    public var actor: String
    public var reason: String?
    public var rollbacks: Int
    /// The sources of the override layer in force after the change.
    public var overrides: [String]

    init(_ change: RollbackChange, overrides: [ScopedPatch]) {
        event = "rollback.\(change.kind.rawValue)"
        at = change.at
        from = change.from
        to = change.to
        fromStage = change.fromStage
        toStage = change.toStage
        scope = change.scope
        trigger = change.trigger
        breaches = change.breaches
        metrics = change.metrics
        actor = change.actor
        reason = change.reason
        rollbacks = change.rollbacks
        self.overrides = overrides.map(\.source)
    }

    init(startup event: String, status: RollbackStatus, at: Date, trigger: String) {
        self.event = event
        self.at = at
        from = nil
        to = status.state
        fromStage = nil
        toStage = status.stage
        scope = status.scope
        self.trigger = trigger
        breaches = []
        metrics = nil
        actor = "automatic"
        reason = nil
        rollbacks = status.rollbacks
        overrides = status.overrides.map(\.source)
    }

    public enum CodingKeys: String, CodingKey {
        case event, at, from, to, scope, trigger, breaches, metrics, actor, reason, rollbacks, overrides
        case fromStage = "from_stage"
        case toStage = "to_stage"
    }
}
