public import Foundation

/// The states of SPEC §5.
public enum RollbackState: String, Sendable, Codable, CaseIterable {
    /// No overrides; the controller counts bad evaluations.
    case normal = "NORMAL"
    /// P2 sustained: Stage 1 applied (exposure 75%, warm cache). P2 alone never goes further.
    case degraded = "DEGRADED"
    /// A P1 breach seen and being confirmed (consecutive evaluations); nothing applied yet
    /// beyond what the state it came from had.
    case rollbackPending = "ROLLBACK_PENDING"
    /// Rollback in force; the stage escalates while P1 persists, each stage given
    /// `stageEffectSeconds` to show an effect.
    case rolledBack = "ROLLED_BACK"
    /// Green long enough: everything released but Stage 1, so the configured policy serves
    /// most traffic again while a relapse reaches fewer users.
    case recoveryVerify = "RECOVERY_VERIFY"
}

/// An operator's override of the automation (SPEC §5 "manual override").
public enum ManualLock: String, Sendable, Codable {
    case none
    /// Forced rollback: may still escalate automatically, never recovers until released.
    case forced
    /// A pinned stage: nothing automatic until released.
    case pinned
    /// Everything frozen as it is until released.
    case held
}

/// Everything the controller knows: persisted on every change, shown by the admin API.
public struct RollbackStatus: Sendable, Equatable, Codable {
    public var state: RollbackState
    public var stage: RollbackStage
    public var scope: ToggleScope
    public var lock: ManualLock
    public var lockedBy: String?
    public var enteredAt: Date
    /// When the current stage was applied (escalation waits `stageEffectSeconds` from here).
    public var stageAppliedAt: Date
    /// ROLLBACK_PENDING returns here when the breach clears unconfirmed.
    public var returnState: RollbackState?
    /// The stage RECOVERY_VERIFY goes back to on a relapse.
    public var restoreStage: RollbackStage
    /// Automatic rollbacks not yet forgiven: the recovery backoff level.
    public var rollbacks: Int
    public var p1Streak: Int
    public var p2Streak: Int
    /// Consecutive healthy evaluations (no-data evaluations neither count nor reset).
    public var greenStreak: Int
    /// Healthy evaluations in NORMAL towards forgiving one rollback.
    public var healthyForDecay: Int
    public var lastAssessment: HealthAssessment?

    public static func initial(now: Date) -> RollbackStatus {
        RollbackStatus(
            state: .normal, stage: .none, scope: .everywhere, lock: .none, lockedBy: nil, enteredAt: now, stageAppliedAt: now,
            returnState: nil, restoreStage: .none, rollbacks: 0, p1Streak: 0, p2Streak: 0, greenStreak: 0, healthyForDecay: 0,
            lastAssessment: nil)
    }

    /// The override layer for the toggles evaluator: one scoped patch, or nothing in NORMAL.
    /// Sources name the stage ("rollback:stage2") for `toggles explain`.
    public var overrides: [ScopedPatch] {
        stage == .none ? [] : [ScopedPatch(scope: scope, patch: stage.patch, source: "rollback:\(stage.rawValue)")]
    }

    public enum CodingKeys: String, CodingKey {
        case state, stage, scope, lock, rollbacks
        case lockedBy = "locked_by"
        case enteredAt = "entered_at"
        case stageAppliedAt = "stage_applied_at"
        case returnState = "return_state"
        case restoreStage = "restore_stage"
        case p1Streak = "p1_streak"
        case p2Streak = "p2_streak"
        case greenStreak = "green_streak"
        case healthyForDecay = "healthy_for_decay"
        case lastAssessment = "last_assessment"
    }
}
