/// An operator's command (admin API, role `operator`). Wins over automation until released.
public struct ManualCommand: Sendable, Equatable, Codable {
    public enum Action: String, Sendable, Codable {
        /// Roll back now to `stage`; automation may escalate but not recover until `release`.
        case forceRollback = "force_rollback"
        /// Hold exactly `stage` (`none` pins NORMAL); nothing automatic until `release`.
        case pin
        /// Freeze the current state and overrides until `release`.
        case hold
        /// Back to NORMAL with no overrides; automation resumes at once.
        case reset
        /// Hand control back to automation from the current state.
        case release
    }

    public var action: Action
    public var stage: RollbackStage?
    public var scope: ToggleScope?
    /// Who: recorded in the audit log as "operator:<actor>".
    public var actor: String
    public var reason: String?

    public init(_ action: Action, stage: RollbackStage? = nil, scope: ToggleScope? = nil, actor: String, reason: String? = nil) {
        self.action = action
        self.stage = stage
        self.scope = scope
        self.actor = actor
        self.reason = reason
    }
}

/// A manual command that cannot be carried out (an HTTP 400 for the admin API).
public struct ManualCommandError: Error, CustomStringConvertible, Equatable {
    public let field: String
    public let reason: String
    public var description: String { "\(field): \(reason)" }
}

extension ManualCommand {
    func validated() throws(ManualCommandError) -> ManualCommand {
        if actor.isEmpty { throw ManualCommandError(field: "actor", reason: "an operator name is required") }
        switch action {
        case .forceRollback:
            guard let stage, stage != .none else { throw ManualCommandError(field: "stage", reason: "force_rollback needs stage1, stage2, stage3 or emergency") }
        case .pin:
            guard stage != nil else { throw ManualCommandError(field: "stage", reason: "pin needs a stage (none pins NORMAL)") }
        case .hold, .reset, .release:
            break
        }
        return self
    }
}
