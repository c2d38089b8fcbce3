import Foundation
public import Guardrails
import Synchronization

/// The operator's kill switch set over the admin API: an override layer above the toggles
/// file and the rollback controller (SPEC §3: the kill switch wins over everything).
public final class AdminOverrides: Sendable {
    public struct KillSwitch: Sendable, Equatable {
        public var enabled: Bool
        public var reason: String?
        public var actor: String?
        public var since: Date?
    }

    private let killSwitch = Mutex(KillSwitch(enabled: false))

    public init() {}

    public var current: KillSwitch { killSwitch.withLock { $0 } }

    /// Returns the previous state.
    @discardableResult
    public func setKillSwitch(_ enabled: Bool, reason: String, actor: String) -> KillSwitch {
        killSwitch.withLock { state in
            let old = state
            state = KillSwitch(enabled: enabled, reason: reason, actor: actor, since: Date())
            return old
        }
    }

    public var layers: [ScopedPatch] {
        current.enabled ? [ScopedPatch(scope: .everywhere, patch: TogglePatch(killSwitch: true), source: "admin:kill_switch")] : []
    }
}

/// The audit trail the admin API writes (kill switch, overrides, model reloads) and pages.
public final class AuditTrail: Sendable {
    public let path: String?
    /// Shared with the toggles store and the rollback controller: one append-only file.
    public let log: AuditLog?

    public init(path: String?) throws {
        self.path = path
        log = try path.map { try AuditLog(path: $0) }
    }

    /// What the admin API records: who did what, why, and the before/after.
    public struct Record: Encodable, Sendable {
        public var time: Date
        public var kind: String
        public var actor: String
        public var reason: String?
        public var old: String?
        public var new: String?
    }

    /// Appends; a failure is returned for the caller to report (the change is still applied).
    public func append(_ record: Record) -> String? {
        guard let log else { return nil }
        do { try log.append(record); return nil } catch { return "\(error)" }
    }

    /// `(total, records[offset..<offset+limit])`, oldest first.
    public func page(offset: Int, limit: Int) -> (total: Int, records: [Data]) {
        guard let path, let all = try? AuditLog.readAll(path: path).records else { return (0, []) }
        let start = min(offset, all.count)
        return (all.count, Array(all[start..<min(all.count, start + limit)]))
    }
}
