public import Foundation
import Synchronization

/// The rollback controller's lifecycle: ticks the state machine once a second over the
/// metrics window, publishes the override layer for the toggles evaluator, persists the
/// state on every change and audits it. The server builds one, reads `overrides` on every
/// request, calls `run()` in a task, and forwards admin commands to `apply(manual:)`.
public final class RollbackController: Sendable {
    public let policy: RollbackPolicy
    public let window: MetricsWindow
    /// Set when the persisted state could not be used at startup (the controller then
    /// started ROLLED_BACK as a precaution; see docs/rollback.md).
    public let startupIssue: String?
    private let machine: Mutex<RollbackStateMachine>
    /// Read on every request: kept apart from the machine so a tick never delays a request.
    private let published: Mutex<[ScopedPatch]>
    private let lastSnapshotBox = Mutex<WindowSnapshot?>(nil)
    private let lastError = Mutex<String?>(nil)
    private let store: RollbackStateStore?
    private let audit: AuditLog?
    private let clock: @Sendable () -> Date

    /// Restores the persisted state if there is one. A state file that exists but can't be
    /// read is moved aside and the controller starts ROLLED_BACK at
    /// `policy.corruptStateStage` (unlocked, so automatic recovery brings it back to
    /// NORMAL once the window is green), audited with the reason.
    public init(policy: RollbackPolicy, window: MetricsWindow, store: RollbackStateStore?, audit: AuditLog?, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.policy = policy
        self.window = window
        self.store = store
        self.audit = audit
        self.clock = clock
        let now = clock()
        var status = RollbackStatus.initial(now: now)
        var issue: String?
        var startupRecord: RollbackAuditRecord?
        do {
            if let restored = try store?.load() {
                status = restored
                // Fresh evidence after a restart: streaks start again, state and overrides stay.
                (status.p1Streak, status.p2Streak, status.greenStreak, status.healthyForDecay) = (0, 0, 0, 0)
                startupRecord = RollbackAuditRecord(startup: "rollback.restored", status: status, at: now, trigger: "state restored from \(store!.path)")
            }
        } catch {
            let aside = store?.quarantine(now: now)
            issue = "\(error.description); moved to \(aside ?? "(could not move)"); starting ROLLED_BACK at \(policy.corruptStateStage.rawValue) as a precaution"
            status.state = .rolledBack
            status.stage = policy.corruptStateStage
            status.rollbacks = 1
            startupRecord = RollbackAuditRecord(startup: "rollback.corrupt_state", status: status, at: now, trigger: issue!)
        }
        self.startupIssue = issue
        self.machine = Mutex(RollbackStateMachine(policy: policy, status: status))
        self.published = Mutex(status.overrides)
        if let startupRecord {
            record(startupRecord)
            persist(status)
        }
    }

    public var status: RollbackStatus { machine.withLock { $0.status } }

    /// The override layer for the toggles evaluator (precedence: kill switch > these >
    /// scopes > defaults). Empty in NORMAL.
    public var overrides: [ScopedPatch] { published.withLock { $0 } }

    /// The window as the last tick evaluated it (without bucket groups: for those, the
    /// admin API calls `window.snapshot(now:)`).
    public var lastSnapshot: WindowSnapshot? { lastSnapshotBox.withLock { $0 } }

    /// The last persistence or audit failure, for the admin API (nil when all is well).
    public var lastPersistenceError: String? { lastError.withLock { $0 } }

    /// One evaluation: snapshot the window at `now`, step the machine, act on the change.
    @discardableResult
    public func tick(now: Date? = nil) -> RollbackChange? {
        let now = now ?? clock()
        let snapshot = window.snapshot(now: now, includeBucketGroups: false)
        lastSnapshotBox.withLock { $0 = snapshot }
        return machine.withLock { m in handle(m.event(.evaluated(snapshot), now: now).change, m.status) }
    }

    /// An operator's command; wins over automation until released. Throws for a command
    /// that can't be carried out (nothing changes then).
    @discardableResult
    public func apply(manual command: ManualCommand, now: Date? = nil) throws(ManualCommandError) -> RollbackChange {
        let now = now ?? clock()
        let result = machine.withLock { m -> Result<RollbackChange, ManualCommandError> in
            do throws(ManualCommandError) {
                let change = try m.apply(manual: command, now: now)
                _ = handle(change, m.status)
                return .success(change)
            } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Ticks once a second until the task is cancelled.
    public func run() async {
        let clock = ContinuousClock()
        var deadline = clock.now
        while !Task.isCancelled {
            tick()
            deadline = deadline.advanced(by: .seconds(1))
            try? await Task.sleep(until: deadline, clock: clock)
        }
    }

    /// Publishes, persists and audits a change, under the machine's lock so that two
    /// changes (a tick and an operator's command) are published, saved and audited in the
    /// order they were made. Requests never wait for it: they read `published`. Persistence
    /// before the audit record: the record says what state a restart will come back in.
    private func handle(_ change: RollbackChange?, _ status: RollbackStatus) -> RollbackChange? {
        guard let change else { return nil }
        published.withLock { $0 = status.overrides }
        persist(status)
        record(RollbackAuditRecord(change, overrides: status.overrides))
        return change
    }

    private func persist(_ status: RollbackStatus) {
        do throws(RollbackStateStore.SaveError) { try store?.save(status) } catch { lastError.withLock { $0 = error.description } }
    }

    private func record(_ entry: RollbackAuditRecord) {
        do { try audit?.append(entry) } catch { lastError.withLock { $0 = "audit: \(error)" } }
    }
}

/// What the admin API shows for the guardrail (`GET /admin/guardrails`).
public struct RollbackAdminStatus: Sendable, Codable {
    public var status: RollbackStatus
    public var overrides: [ScopedPatch]
    public var window: WindowSnapshot?
    public var policy: RollbackPolicy
    public var startupIssue: String?
    public var lastPersistenceError: String?

    public enum CodingKeys: String, CodingKey {
        case status, overrides, window, policy
        case startupIssue = "startup_issue"
        case lastPersistenceError = "last_persistence_error"
    }
}

extension RollbackController {
    public var adminStatus: RollbackAdminStatus {
        RollbackAdminStatus(status: status, overrides: overrides, window: lastSnapshot, policy: policy, startupIssue: startupIssue, lastPersistenceError: lastPersistenceError)
    }
}
