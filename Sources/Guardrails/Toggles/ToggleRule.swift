/// Which rule set a field of the effective configuration: what `toggles explain` prints.
public enum ToggleRule: Sendable, Equatable, CustomStringConvertible {
    /// `$.defaults`.
    case defaults
    /// A matching override block (its `name` or `overrides[i]`).
    case scope(String)
    /// The file's `active_profile` baseline.
    case profile(String)
    /// One of the rollback controller's override patches (its `source`).
    case rollback(String)
    /// The kill switch's emergency baseline.
    case killSwitch(String)
    /// The baseline served to users outside `exposure_percent`.
    case unexposed(String)
    /// Bucketing pinned by `experiment_freeze` to the configuration named.
    case frozen(String)
    /// Derived from the policy (α of a single-stage policy, hybrid default α).
    case policy
    /// A contradiction resolved (see `ToggleResolutions`).
    case resolution

    public var description: String {
        switch self {
        case .defaults: "defaults"
        case let .scope(s): "scope:\(s)"
        case let .profile(s): "active_profile:\(s)"
        case let .rollback(s): "rollback:\(s)"
        case let .killSwitch(s): "kill_switch:\(s)"
        case let .unexposed(s): "unexposed:\(s)"
        case let .frozen(s): "experiment_freeze:\(s)"
        case .policy: "policy"
        case .resolution: "resolution"
        }
    }
}

/// The contradictions the evaluator resolved for a request. Deterministic: the same
/// settings always resolve the same way (docs/toggles.md, "Contradictions").
public struct ToggleResolutions: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `disable_cf` and `disable_content` both true: popularity only (start level D).
    public static let bothStagesDisabled = ToggleResolutions(rawValue: 1 << 0)
    /// `collab_only` with `disable_cf`: served as `content_only` (a disabled stage means broken).
    public static let collabOnlyWithoutCF = ToggleResolutions(rawValue: 1 << 1)
    /// `content_only` with `disable_content`: served as `collab_only`.
    public static let contentOnlyWithoutContent = ToggleResolutions(rawValue: 1 << 2)
    /// `alpha_override` under a single-stage policy: ignored, the policy fixes α.
    public static let alphaOverrideIgnored = ToggleResolutions(rawValue: 1 << 3)
    /// α forced to 0 or 1 because one stage is disabled.
    public static let alphaForcedByDisabledStage = ToggleResolutions(rawValue: 1 << 4)
    /// Start level D serves popularity only: policy and α have no effect.
    public static let popularityOnly = ToggleResolutions(rawValue: 1 << 5)

    static let all: [(ToggleResolutions, String)] = [
        (.bothStagesDisabled, "disable_cf and disable_content are both true: no scoring stage is left, so popularity serves (start level D)"),
        (.collabOnlyWithoutCF, "policy_mode collab_only with disable_cf: the disabled stage wins, served as content_only (alpha 0)"),
        (.contentOnlyWithoutContent, "policy_mode content_only with disable_content: the disabled stage wins, served as collab_only (alpha 1)"),
        (.alphaOverrideIgnored, "alpha_override is ignored under a single-stage policy_mode, which fixes alpha"),
        (.alphaForcedByDisabledStage, "alpha forced to the one enabled stage (0 with disable_cf, 1 with disable_content)"),
        (.popularityOnly, "candidate_fallback_level D serves popularity only; policy_mode and alpha have no effect"),
    ]

    /// One sentence per resolution, in a fixed order.
    public var explanations: [String] { Self.all.filter { contains($0.0) }.map(\.1) }
}

/// The hot path's form of a `ToggleRule`: a kind and an index, no strings, so copying a
/// resolved configuration per request costs no reference counting. Names are looked up
/// only when someone asks (`EffectiveToggles.sources`, `toggles explain`).
struct RuleRef: Sendable, Hashable {
    enum Kind: UInt8, Sendable { case defaults, scope, profile, rollback, killSwitch, unexposed, frozen, policy, resolution }
    var kind: Kind
    /// Index into the file's `overrides` (scope) or the rollback layer (rollback).
    var index: Int32 = 0

    static let defaults = RuleRef(kind: .defaults)
    static let profile = RuleRef(kind: .profile)
    static let killSwitch = RuleRef(kind: .killSwitch)
    static let unexposed = RuleRef(kind: .unexposed)
    static let frozen = RuleRef(kind: .frozen)
    static let policy = RuleRef(kind: .policy)
    static let resolution = RuleRef(kind: .resolution)
    static func scope(_ i: Int) -> RuleRef { RuleRef(kind: .scope, index: Int32(i)) }
    static func rollback(_ i: Int) -> RuleRef { RuleRef(kind: .rollback, index: Int32(i)) }

    func rule(snapshot: TogglesSnapshot, rollbackOverrides: [ScopedPatch]) -> ToggleRule {
        switch kind {
        case .defaults: .defaults
        case .scope: .scope(snapshot.config.overrides[Int(index)].source)
        case .profile: .profile(snapshot.config.activeProfile ?? "")
        case .rollback: .rollback(rollbackOverrides[Int(index)].source)
        case .killSwitch: .killSwitch(snapshot.killBaseline)
        case .unexposed: .unexposed(snapshot.config.unexposedProfile)
        case .frozen: .frozen(snapshot.bucketing.configVersion)
        case .policy: .policy
        case .resolution: .resolution
        }
    }
}

/// Which rule set each toggle of an `EffectiveToggles`.
public struct ToggleSources: Sendable, Equatable {
    public var alphaOverride: ToggleRule
    public var policyMode: ToggleRule
    public var disableCF: ToggleRule
    public var disableContent: ToggleRule
    public var candidateFallbackLevel: ToggleRule
    public var killSwitch: ToggleRule
    public var exposurePercent: ToggleRule
    public var cacheMode: ToggleRule
    public var experimentFreeze: ToggleRule
}
