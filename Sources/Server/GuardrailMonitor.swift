public import Guardrails
public import ServiceLifecycle

/// An operator's manual command on the rollback controller (`POST /v1/admin/guardrails/override`).
public struct OverrideCommand: Sendable, Equatable {
    public enum Action: String, Sendable, CaseIterable {
        case forceRollback = "force_rollback"
        case pinStage = "pin_stage"
        case hold
        case reset
        case release
    }

    public var action: Action
    /// For `force_rollback` / `pin_stage`: none, stage1, stage2, stage3 or emergency.
    public var stage: String?
    /// Confine the action to some regions / cohorts / clients (default: everywhere).
    public var scope: ToggleScope?
    public var reason: String
    public var actor: String
}

/// The metrics window and rollback controller as the server uses them: record every request,
/// read the override layer per request, show state, take manual commands.
public protocol GuardrailMonitor: Sendable {
    func record(_ sample: RequestSample)
    /// The rollback controller's override layer, applied on top of the toggles file.
    var overrides: [ScopedPatch] { get }
    /// e.g. NORMAL, DEGRADED, ROLLED_BACK.
    var stateName: String { get }
    /// JSON for `GET /v1/admin/guardrails`.
    func statusJSON() -> [UInt8]
    /// Applies a manual command; returns the new status JSON.
    func apply(_ command: OverrideCommand) throws(APIError) -> [UInt8]
    /// Window gauges for `/metrics` (name suffix, value).
    func gauges() -> [(name: String, value: Double)]
    /// Background work (the evaluation loop) to run in the server's service group.
    var services: [any Service] { get }
    /// Marks a critical failure (e.g. a model that failed to load), or clears it.
    func setCritical(_ name: String, detail: String?)
}
