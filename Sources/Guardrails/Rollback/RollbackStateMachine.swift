public import Foundation

/// The rollback controller's logic as a pure state machine (STYLE 7): no clock, no I/O;
/// the time comes with each event and every change comes back as an action for the
/// lifecycle wrapper (`RollbackController`) to publish, persist and audit.
public struct RollbackStateMachine: Sendable {
    public let policy: RollbackPolicy
    public private(set) var status: RollbackStatus

    public enum Event: Sendable {
        /// The once-a-second evaluation of the metrics window.
        case evaluated(WindowSnapshot)
        case manual(ManualCommand)
    }

    public init(policy: RollbackPolicy, status: RollbackStatus) {
        self.policy = policy
        self.status = status
    }

    public mutating func event(_ event: Event, now: Date) -> RollbackAction {
        switch event {
        case .evaluated(let snapshot):
            let assessment = policy.assess(snapshot)
            let rolledBack = status.state == .rolledBack || status.state == .recoveryVerify
            return evaluate(rolledBack ? assessment.ignoringCacheHitRate() : assessment, now: now)
        case .manual(let command):
            guard let valid = try? command.validated() else { return .none }
            return apply(valid, now: now)
        }
    }

    /// Manual commands, validated first so a bad one changes nothing.
    public mutating func apply(manual command: ManualCommand, now: Date) throws(ManualCommandError) -> RollbackChange {
        let command = try command.validated()
        return apply(command, now: now).change!
    }

    // MARK: Evaluation

    private mutating func evaluate(_ a: HealthAssessment, now: Date) -> RollbackAction {
        status.lastAssessment = a
        switch a.severity {
        case .p1: status.p1Streak += 1; status.p2Streak += 1; status.greenStreak = 0; status.healthyForDecay = 0
        case .p2: status.p1Streak = 0; status.p2Streak += 1; status.greenStreak = 0; status.healthyForDecay = 0
        case .healthy: status.p1Streak = 0; status.p2Streak = 0; status.greenStreak += 1; status.healthyForDecay += 1
        case .noData: break  // neither healthy nor a breach: every count waits
        }
        if status.lock == .held || status.lock == .pinned { return .none }
        let p1Confirmed = a.severity == .p1 && status.p1Streak >= policy.p1.consecutiveEvaluations
        let p2Confirmed = (a.severity == .p1 || a.severity == .p2) && status.p2Streak >= policy.p2.consecutiveEvaluations
        switch status.state {
        case .normal:
            if a.isCritical { return rollBack(to: policy.criticalStage, scope: .everywhere, a, now, "critical failure") }
            if p1Confirmed { return rollBack(to: policy.p1StartStage, scope: a.scope, a, now, "P1 breach sustained") }
            if a.severity == .p1 { return move(to: .rollbackPending, stage: .none, scope: a.scope, returnState: .normal, a, now, "P1 breach seen, confirming") }
            if p2Confirmed { return move(to: .degraded, stage: .stage1, scope: a.scope, returnState: nil, a, now, "P2 breach sustained") }
            if a.severity == .healthy, status.rollbacks > 0, status.healthyForDecay >= policy.backoff.decayEvaluations {
                status.rollbacks -= 1
                status.healthyForDecay = 0
                return .publish(change(.backoffDecay, from: .normal, fromStage: .none, a, now, "healthy for \(policy.backoff.decayEvaluations) evaluations: one rollback forgiven"))
            }
        case .degraded:
            let next = max(policy.p1StartStage, RollbackStage.stage1.escalated)
            if a.isCritical { return rollBack(to: policy.criticalStage, scope: .everywhere, a, now, "critical failure") }
            if p1Confirmed { return rollBack(to: next, scope: widened(a.scope), a, now, "P1 breach sustained while degraded") }
            if a.severity == .p1 { return move(to: .rollbackPending, stage: status.stage, scope: status.scope, returnState: .degraded, a, now, "P1 breach seen, confirming") }
            if a.severity == .healthy, status.greenStreak >= policy.degradedDwellEvaluations {
                return move(to: .normal, stage: .none, scope: .everywhere, returnState: nil, a, now, "green for \(status.greenStreak) evaluations")
            }
        case .rollbackPending:
            if a.isCritical { return rollBack(to: policy.criticalStage, scope: .everywhere, a, now, "critical failure") }
            if p1Confirmed {
                let stage = status.returnState == .degraded ? max(policy.p1StartStage, RollbackStage.stage1.escalated) : policy.p1StartStage
                return rollBack(to: stage, scope: status.returnState == .degraded ? widened(a.scope) : a.scope, a, now, "P1 breach confirmed over \(status.p1Streak) evaluations")
            }
            if a.severity == .healthy || a.severity == .p2 {
                let back = status.returnState ?? .normal
                return move(to: back, stage: back == .degraded ? .stage1 : .none, scope: back == .degraded ? status.scope : .everywhere, returnState: nil, a, now, "P1 breach cleared before confirmation")
            }
        case .rolledBack:
            return rolledBack(a, now: now)
        case .recoveryVerify:
            if a.isCritical { return rollBack(to: max(status.restoreStage, policy.criticalStage), scope: .everywhere, a, now, "critical failure during recovery verification") }
            if p1Confirmed || p2Confirmed {
                return rollBack(to: max(status.restoreStage, .stage1), scope: widened(a.scope), a, now, "\(a.severity.rawValue) breach during recovery verification")
            }
            if a.severity == .healthy, status.greenStreak >= policy.verifyDwellEvaluations {
                status.healthyForDecay = 0
                return move(to: .normal, stage: .none, scope: .everywhere, returnState: nil, a, now, "recovery verified: green for \(status.greenStreak) evaluations")
            }
        }
        return .none
    }

    private mutating func rolledBack(_ a: HealthAssessment, now: Date) -> RollbackAction {
        let fromStage = status.stage
        if a.isCritical, status.stage < policy.criticalStage {
            status.stage = policy.criticalStage
            status.stageAppliedAt = now
            return .publish(change(.escalation, from: .rolledBack, fromStage: fromStage, a, now, "critical failure while rolled back"))
        }
        // Escalate on bad metrics only: a critical failure alone was answered above.
        if a.metricsSeverity == .p1 {
            if status.scope != .everywhere, a.scope != status.scope {
                status.scope = .everywhere
                return .publish(change(.scopeWidened, from: .rolledBack, fromStage: fromStage, a, now, "P1 breach outside the rolled-back scope"))
            }
            if status.stage < .emergency, now.timeIntervalSince(status.stageAppliedAt) >= policy.stageEffectSeconds {
                status.stage = status.stage.escalated
                status.stageAppliedAt = now
                return .publish(change(.escalation, from: .rolledBack, fromStage: fromStage, a, now, "P1 breach persists \(Int(policy.stageEffectSeconds)) s after \(fromStage.rawValue)"))
            }
        }
        let dwell = policy.recoveryDwell(afterRollbacks: status.rollbacks)
        if status.lock == .none, a.severity == .healthy, status.greenStreak >= dwell {
            status.restoreStage = status.stage
            return move(to: .recoveryVerify, stage: .stage1, scope: status.scope, returnState: nil, a, now, "green for \(dwell) evaluations (backoff level \(status.rollbacks))")
        }
        return .none
    }

    /// A new breach somewhere other than the current scope is not confined any more.
    private func widened(_ scope: ToggleScope) -> ToggleScope {
        status.stage == .none || scope == status.scope ? scope : .everywhere
    }

    private mutating func rollBack(to stage: RollbackStage, scope: ToggleScope, _ a: HealthAssessment, _ now: Date, _ trigger: String) -> RollbackAction {
        status.rollbacks += 1
        status.p1Streak = 0
        status.p2Streak = 0
        status.stageAppliedAt = now
        return move(to: .rolledBack, stage: stage, scope: scope, returnState: nil, a, now, trigger)
    }

    private mutating func move(
        to state: RollbackState, stage: RollbackStage, scope: ToggleScope, returnState: RollbackState?, _ a: HealthAssessment?, _ now: Date, _ trigger: String,
        kind: RollbackChange.Kind = .transition, actor: String = "automatic", reason: String? = nil
    ) -> RollbackAction {
        let (from, fromStage) = (status.state, status.stage)
        if stage != fromStage { status.stageAppliedAt = now }
        status.state = state
        status.stage = stage
        status.scope = scope
        status.returnState = returnState
        status.enteredAt = now
        status.greenStreak = 0
        return .publish(change(kind, from: from, fromStage: fromStage, a, now, trigger, actor: actor, reason: reason))
    }

    private func change(
        _ kind: RollbackChange.Kind, from: RollbackState, fromStage: RollbackStage, _ a: HealthAssessment?, _ now: Date, _ trigger: String,
        actor: String = "automatic", reason: String? = nil
    ) -> RollbackChange {
        RollbackChange(
            kind: kind, at: now, from: from, to: status.state, fromStage: fromStage, toStage: status.stage, scope: status.scope,
            trigger: trigger, breaches: a?.breaches ?? [], metrics: a?.stats, actor: actor, reason: reason, rollbacks: status.rollbacks)
    }

    // MARK: Manual override

    private mutating func apply(_ command: ManualCommand, now: Date) -> RollbackAction {
        let actor = "operator:\(command.actor)"
        let trigger = "manual \(command.action.rawValue)"
        let scope = command.scope ?? .everywhere
        switch command.action {
        case .forceRollback, .pin:
            let stage = command.stage ?? .emergency
            status.lock = command.action == .pin ? .pinned : .forced
            status.lockedBy = command.actor
            status.stageAppliedAt = now
            return move(to: stage == .none ? .normal : .rolledBack, stage: stage, scope: stage == .none ? .everywhere : scope, returnState: nil, nil, now, trigger, kind: .manual, actor: actor, reason: command.reason)
        case .hold:
            status.lock = .held
            status.lockedBy = command.actor
            return .publish(change(.manual, from: status.state, fromStage: status.stage, nil, now, trigger, actor: actor, reason: command.reason))
        case .reset:
            status.lock = .none
            status.lockedBy = nil
            status.p1Streak = 0
            status.p2Streak = 0
            return move(to: .normal, stage: .none, scope: .everywhere, returnState: nil, nil, now, trigger, kind: .manual, actor: actor, reason: command.reason)
        case .release:
            status.lock = .none
            status.lockedBy = nil
            status.greenStreak = 0  // the dwell counts from the release
            status.stageAppliedAt = now
            return .publish(change(.manual, from: status.state, fromStage: status.stage, nil, now, trigger, actor: actor, reason: command.reason))
        }
    }
}
