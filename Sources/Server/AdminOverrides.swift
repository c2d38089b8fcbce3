import Foundation
public import Guardrails
import Synchronization

/// The operator's kill switch set over the admin API: an override layer above the toggles
/// file and the rollback controller (SPEC §3: the kill switch wins over everything).
///
/// With a state file it survives a restart: a server restarted mid-incident keeps serving the
/// emergency baseline until an operator releases it. A state file that exists but cannot be
/// read starts with the kill switch *on* (reason names the file): unknown is treated as
/// pulled, as the rollback controller treats a corrupt state file as rolled back.
public final class AdminOverrides: Sendable {
    public struct KillSwitch: Sendable, Equatable, Codable {
        public var enabled: Bool
        public var reason: String?
        public var actor: String?
        public var since: Date?
    }

    private let killSwitch: Mutex<KillSwitch>
    private let stateFile: String?
    /// Why the state file could not be read at startup, if it could not.
    public let startupIssue: String?

    public init(stateFile: String? = nil) {
        self.stateFile = stateFile
        var initial = KillSwitch(enabled: false)
        var issue: String?
        if let stateFile, FileManager.default.fileExists(atPath: stateFile) {
            do {
                initial = try Self.decoder.decode(KillSwitch.self, from: Data(contentsOf: URL(fileURLWithPath: stateFile)))
            } catch {
                issue = "kill switch state \(stateFile) is unreadable (\(error)); starting with the kill switch on"
                initial = KillSwitch(enabled: true, reason: issue, actor: "startup", since: Date())
            }
        }
        killSwitch = Mutex(initial)
        startupIssue = issue
    }

    public var current: KillSwitch { killSwitch.withLock { $0 } }

    /// Sets the switch (and persists it, when there is a state file); returns the previous
    /// state and, if the state could not be written, why (the switch is still applied).
    @discardableResult
    public func setKillSwitch(_ enabled: Bool, reason: String, actor: String) -> (old: KillSwitch, persistenceError: String?) {
        killSwitch.withLock { state in
            let old = state
            state = KillSwitch(enabled: enabled, reason: reason, actor: actor, since: Date())
            return (old, persist(state))
        }
    }

    public var layers: [ScopedPatch] {
        current.enabled ? [ScopedPatch(scope: .everywhere, patch: TogglePatch(killSwitch: true), source: "admin:kill_switch")] : []
    }

    private func persist(_ state: KillSwitch) -> String? {
        guard let stateFile else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.dateEncodingStrategy = .iso8601
        do {
            try DurableFile.replace(stateFile, with: try encoder.encode(state))
            return nil
        } catch {
            return "\(error)"
        }
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
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
