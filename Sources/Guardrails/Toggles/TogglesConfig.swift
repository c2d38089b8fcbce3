/// `metadata` of the toggles file.
public struct TogglesMetadata: Sendable, Equatable {
    public var schemaVersion: Int
    /// Names this configuration in every response and audit record.
    public var configVersion: String
    public var environment: String
    public var updatedBy: String
    public var reason: String
    /// Salt of the experiment bucket hash (SPEC §3).
    public var experimentSalt: String
}

/// A validated toggles file: what `Config/runtime_toggles.json` says, before any request
/// context is applied. Built only by `TogglesConfig.parse`, so every value is in range.
public struct TogglesConfig: Sendable {
    public var file: String
    public var metadata: TogglesMetadata
    /// Every toggle present (validation requires all of them).
    public var defaults: TogglePatch
    /// Scoped override blocks in file order; `source` is `overrides[i]` or the block's `name`.
    public var overrides: [ScopedPatch]
    /// Named safety baselines (at least `TogglesDefaults.requiredBaselines`).
    public var baselines: [String: TogglePatch]
    /// A baseline applied to every request above the scoped blocks, or nil.
    public var activeProfile: String?
    /// The baseline served to users outside `exposure_percent`.
    public var unexposedProfile: String
    /// The parsed file, kept for field-level diffs in the audit log.
    public var document: JSONNode
    /// Warnings found while validating (contradictions and how they resolve).
    public var warnings: [TogglesIssue]
}

/// The toggle keys of SPEC §3, as spelled in the file.
enum ToggleKey {
    static let alphaOverride = "alpha_override"
    static let policyMode = "policy_mode"
    static let disableCF = "disable_cf"
    static let disableContent = "disable_content"
    static let candidateFallbackLevel = "candidate_fallback_level"
    static let killSwitch = "kill_switch"
    static let exposurePercent = "exposure_percent"
    static let cacheMode = "cache_mode"
    static let experimentFreeze = "experiment_freeze"
    static let regionScope = "region_scope"
    static let cohortScope = "cohort_scope"
    static let clientScope = "client_scope"

    static let settings = [
        alphaOverride, policyMode, disableCF, disableContent, candidateFallbackLevel,
        killSwitch, exposurePercent, cacheMode, experimentFreeze,
    ]
    static let scopes = [regionScope, cohortScope, clientScope]
    /// All twelve, in the order of SPEC §3.
    static let all = settings + scopes
}
