/// The staged actions of SPEC §5. Stages are cumulative: each includes the settings of
/// the ones before it, later values winning (Stage 3's 50% exposure replaces Stage 1's 75%).
public enum RollbackStage: String, Sendable, Codable, CaseIterable, Comparable {
    case none
    /// Exposure 75%, warm cache.
    case stage1
    /// + content-only, collaborative filtering off, filter pruning (fallback level C).
    case stage2
    /// + exposure 50%, popularity fallback (level D), experiments frozen.
    case stage3
    /// Kill switch, exposure 10%, content-only, popularity fallback.
    case emergency

    public var level: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: RollbackStage, rhs: RollbackStage) -> Bool { lhs.level < rhs.level }

    /// The next stage up (emergency stays emergency).
    public var escalated: RollbackStage { Self.allCases[min(level + 1, Self.allCases.count - 1)] }

    /// What this stage sets in the toggles evaluator's rollback layer.
    /// "Warm cache" is `prewarm` (read-through with precomputed entries), not `warm_only`,
    /// which would send every miss to the baseline and is the operator's call.
    public var patch: TogglePatch {
        var patch = TogglePatch()
        if self >= .stage1 {
            patch.exposurePercent = 75
            patch.cacheMode = .prewarm
        }
        if self >= .stage2 {
            patch.policyMode = .contentOnly
            patch.disableCF = true
            patch.candidateFallbackLevel = .c
        }
        if self >= .stage3 {
            patch.exposurePercent = 50
            patch.candidateFallbackLevel = .d
            patch.experimentFreeze = true
        }
        if self == .emergency {
            patch.killSwitch = true
            patch.exposurePercent = 10
        }
        return patch
    }
}
