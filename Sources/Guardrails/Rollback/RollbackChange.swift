public import Foundation

/// One change the controller made: what the lifecycle wrapper publishes, persists and audits.
public struct RollbackChange: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case transition, escalation, manual
        case scopeWidened = "scope_widened"
        case backoffDecay = "backoff_decay"
    }

    public var kind: Kind
    public var at: Date
    public var from: RollbackState
    public var to: RollbackState
    public var fromStage: RollbackStage
    public var toStage: RollbackStage
    public var scope: ToggleScope
    /// A sentence: why.
    public var trigger: String
    public var breaches: [Breach]
    /// The window aggregates the decision was read from (nil for manual commands).
    public var metrics: WindowStats?
    /// "automatic" or "operator:<name>".
    public var actor: String
    public var reason: String?
    public var rollbacks: Int

    public enum CodingKeys: String, CodingKey {
        case kind, at, from, to, scope, trigger, breaches, metrics, actor, reason, rollbacks
        case fromStage = "from_stage"
        case toStage = "to_stage"
    }
}

/// What an event asks the wrapper to do.
public enum RollbackAction: Sendable, Equatable {
    case none
    /// Publish the new overrides, persist the status, audit the change.
    case publish(RollbackChange)

    public var change: RollbackChange? {
        if case .publish(let change) = self { return change }
        return nil
    }
}
