import Foundation
public import Guardrails
public import ServiceLifecycle
import Synchronization

/// The monitor used until the metrics window and rollback controller are wired: cumulative
/// counters, no automatic transitions, and manual commands that apply SPEC §5's staged
/// actions as an override layer (so an operator can still force a rollback).
public final class LocalGuardrailMonitor: GuardrailMonitor {
    private struct State {
        var name = "NORMAL"
        var stage: String?
        var held = false
        var reason: String?
        var critical: [String: String] = [:]
    }

    private let state = Mutex(State())
    private let requests = Atomic<Int>(0)
    private let errors = Atomic<Int>(0)
    private let underfilled = Atomic<Int>(0)

    public init() {}

    public func record(_ sample: ServedSample) {
        requests.add(1, ordering: .relaxed)
        if sample.failed || sample.stageFailed { errors.add(1, ordering: .relaxed) }
        if sample.kReturned < sample.k { underfilled.add(1, ordering: .relaxed) }
    }

    /// SPEC §5's staged actions.
    static let stages: [String: TogglePatch] = [
        "stage1": TogglePatch(exposurePercent: 75, cacheMode: .prewarm),
        "stage2": TogglePatch(policyMode: .contentOnly, disableCF: true, candidateFallbackLevel: .c),
        "stage3": TogglePatch(candidateFallbackLevel: .d, exposurePercent: 50, experimentFreeze: true),
        "emergency": TogglePatch(policyMode: .contentOnly, candidateFallbackLevel: .d, killSwitch: true, exposurePercent: 10),
    ]

    public var overrides: [ScopedPatch] {
        guard let stage = state.withLock({ $0.stage }), let patch = Self.stages[stage] else { return [] }
        return [ScopedPatch(scope: .everywhere, patch: patch, source: "rollback:\(stage)")]
    }

    public var stateName: String { state.withLock { $0.name } }

    public func setCritical(_ name: String, detail: String?) {
        state.withLock { $0.critical[name] = detail }
    }

    public func statusJSON() -> [UInt8] {
        let current = state.withLock { $0 }
        var json = JSONWriter()
        json.object {
            $0.field("controller", "local (no automatic rollback)")
            $0.field("state", current.name)
            $0.field("stage", current.stage)
            $0.field("held", current.held)
            $0.field("reason", current.reason)
            $0.key("window")
            $0.object {
                $0.field("requests", requests.load(ordering: .relaxed))
                $0.field("errors", errors.load(ordering: .relaxed))
                $0.field("underfilled", underfilled.load(ordering: .relaxed))
            }
            $0.key("critical_failures")
            $0.object { json in for (name, detail) in current.critical.sorted(by: { $0.key < $1.key }) { json.field(name, detail) } }
            $0.key("overrides")
            $0.array { json in for layer in overrides { json.string(layer.source) } }
        }
        return json.bytes
    }

    public func apply(_ command: OverrideCommand) throws(APIError) -> [UInt8] {
        if command.action == .forceRollback || command.action == .pinStage {
            guard let stage = command.stage, Self.stages[stage] != nil else {
                throw .invalid("stage", "'stage' must be one of \(Self.stages.keys.sorted().joined(separator: ", "))")
            }
        }
        state.withLock { state in
            state.reason = command.reason
            switch command.action {
            case .forceRollback: state.name = "ROLLED_BACK"; state.stage = command.stage
            case .pinStage: state.name = "ROLLED_BACK"; state.stage = command.stage; state.held = true
            case .hold: state.held = true
            case .release: state.held = false
            case .reset: state = State(critical: state.critical)
            }
        }
        return statusJSON()
    }

    public func gauges() -> [(name: String, value: Double)] {
        [("window_requests", Double(requests.load(ordering: .relaxed))),
         ("window_errors", Double(errors.load(ordering: .relaxed))),
         ("window_underfilled", Double(underfilled.load(ordering: .relaxed))),
         ("rollback_stage", Double(["stage1": 1, "stage2": 2, "stage3": 3, "emergency": 4][state.withLock { $0.stage } ?? ""] ?? 0))]
    }

    public var services: [any Service] { [] }
}
