public import RankingCore

/// What one request is served: immutable, taken once at the request's start (SPEC §3).
/// `toggles` holds each toggle's value and the rule that set it; the other fields are what
/// those values mean once exposure and contradictions are resolved.
public struct EffectiveToggles: Sendable {
    /// The configuration this was evaluated from (held, so names resolve lazily).
    public let snapshot: TogglesSnapshot
    /// The rollback layer it was evaluated with.
    public let rollbackOverrides: [ScopedPatch]
    /// The toggle values after layering, kill switch and exposure gating, with their rules.
    public var toggles: ResolvedToggles
    /// Experiment bucket, 1...100.
    public var bucket: Int
    /// `bucket <= exposure_percent`: served the configured policy rather than the unexposed baseline.
    public var exposed: Bool
    /// The policy actually served (after contradictions; `bucket_gate` serves as hybrid).
    public var servedPolicy: PolicyMode
    public var alpha: Double
    var alphaRuleRef: RuleRef
    public var collaborativeEnabled: Bool
    public var contentEnabled: Bool
    public var startLevel: FallbackLevel
    var startLevelRuleRef: RuleRef
    public var resolutions: ToggleResolutions
    /// What the ranking core receives.
    public var rankingSettings: RankingSettings
    /// What a `warm_only` cache miss is answered with: the unexposed baseline's settings.
    public var cacheMissSettings: RankingSettings

    /// `metadata.config_version` of the file this was evaluated from.
    public var configVersion: String { snapshot.configVersion }
    public var alphaRule: ToggleRule { rule(alphaRuleRef) }
    public var startLevelRule: ToggleRule { rule(startLevelRuleRef) }

    /// The rule behind each toggle value (`toggles explain`).
    public var sources: ToggleSources {
        let s = toggles.sources
        return ToggleSources(
            alphaOverride: rule(s.alphaOverride), policyMode: rule(s.policyMode), disableCF: rule(s.disableCF),
            disableContent: rule(s.disableContent), candidateFallbackLevel: rule(s.candidateFallbackLevel),
            killSwitch: rule(s.killSwitch), exposurePercent: rule(s.exposurePercent), cacheMode: rule(s.cacheMode),
            experimentFreeze: rule(s.experimentFreeze)
        )
    }

    func rule(_ ref: RuleRef) -> ToggleRule { ref.rule(snapshot: snapshot, rollbackOverrides: rollbackOverrides) }

    public var policy: PolicyMode { toggles.policyMode }
    public var cacheMode: CacheMode { toggles.cacheMode }
    public var exposurePercent: Int { toggles.exposurePercent }
    public var killSwitch: Bool { toggles.killSwitch }

    /// Stages switched off for this request.
    public var disabledStages: [RankingStage] {
        var out: [RankingStage] = []
        if !collaborativeEnabled { out.append(.collaborative) }
        if !contentEnabled { out.append(.content) }
        return out
    }
}

/// What the values mean: the contradiction rules of docs/toggles.md, in one function so the
/// evaluator, the validator's warnings and `toggles explain` agree.
struct ServedSettings: Equatable {
    var policy: PolicyMode
    var alpha: Double
    var alphaRule: RuleRef
    var collaborative: Bool
    var content: Bool
    var startLevel: FallbackLevel
    var startLevelRule: RuleRef
    var resolutions: ToggleResolutions

    init(_ t: ResolvedToggles) {
        resolutions = []
        var policy = t.policyMode == .bucketGate ? .hybridDefault : t.policyMode
        if policy == .collabOnly, t.disableCF, !t.disableContent {
            policy = .contentOnly
            resolutions.insert(.collabOnlyWithoutCF)
        } else if policy == .contentOnly, t.disableContent, !t.disableCF {
            policy = .collabOnly
            resolutions.insert(.contentOnlyWithoutContent)
        }
        collaborative = !t.disableCF && policy != .contentOnly
        content = !t.disableContent && policy != .collabOnly
        startLevel = t.candidateFallbackLevel
        startLevelRule = t.sources.candidateFallbackLevel
        if !collaborative && !content {
            resolutions.insert(.bothStagesDisabled)
            if startLevel != .d { startLevel = .d; startLevelRule = .resolution }
        }
        switch policy {
        case .collabOnly, .contentOnly:
            alpha = policy == .collabOnly ? 1 : 0
            alphaRule = .policy
            if t.alphaOverride != nil { resolutions.insert(.alphaOverrideIgnored) }
        case .hybridDefault, .bucketGate:
            if let a = t.alphaOverride { alpha = a; alphaRule = t.sources.alphaOverride } else {
                alpha = TogglesDefaults.hybridAlpha
                alphaRule = .policy
            }
            if !collaborative || !content {
                let forced: Double = collaborative ? 1 : 0
                if content || collaborative, alpha != forced { resolutions.insert(.alphaForcedByDisabledStage) }
                alpha = forced
                alphaRule = .resolution
            }
        }
        if startLevel == .d { resolutions.insert(.popularityOnly) }
        self.policy = policy
    }

    var rankingSettings: RankingSettings {
        RankingSettings(alpha: Float(alpha), collaborativeEnabled: collaborative, contentEnabled: content, startLevel: startLevel)
    }
}
