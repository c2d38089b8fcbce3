public import RankingCore

/// Which algorithm serves (SPEC §3 `policy_mode`).
public enum PolicyMode: String, Sendable, CaseIterable, Codable {
    case hybridDefault = "hybrid_default"
    case contentOnly = "content_only"
    case collabOnly = "collab_only"
    /// Serve by experiment bucket: exposed users get the configured policy, the rest the baseline.
    case bucketGate = "bucket_gate"
}

/// The result cache's behaviour (SPEC §3 `cache_mode`).
public enum CacheMode: String, Sendable, CaseIterable, Codable {
    /// Off.
    case cold
    /// Read-through, with entries precomputed for the most active users.
    case prewarm
    /// Only cached results; a miss is answered by the baseline.
    case warmOnly = "warm_only"
}

/// A set of toggle values where each may be absent: the shape of the file's `defaults`,
/// of a scoped override block, of a safety baseline and of the rollback controller's
/// override layer. Layers are applied in precedence order; a present value wins over the
/// layers below it.
///
/// `alphaOverride` is doubly optional: `.some(nil)` is the file's explicit `null`
/// ("no override, use the policy's α"), `nil` is "this layer says nothing".
public struct TogglePatch: Sendable, Equatable, Codable {
    public var alphaOverride: Double??
    public var policyMode: PolicyMode?
    public var disableCF: Bool?
    public var disableContent: Bool?
    public var candidateFallbackLevel: FallbackLevel?
    public var killSwitch: Bool?
    public var exposurePercent: Double?
    public var cacheMode: CacheMode?
    public var experimentFreeze: Bool?

    public init(
        alphaOverride: Double?? = nil,
        policyMode: PolicyMode? = nil,
        disableCF: Bool? = nil,
        disableContent: Bool? = nil,
        candidateFallbackLevel: FallbackLevel? = nil,
        killSwitch: Bool? = nil,
        exposurePercent: Double? = nil,
        cacheMode: CacheMode? = nil,
        experimentFreeze: Bool? = nil
    ) {
        self.alphaOverride = alphaOverride
        self.policyMode = policyMode
        self.disableCF = disableCF
        self.disableContent = disableContent
        self.candidateFallbackLevel = candidateFallbackLevel
        self.killSwitch = killSwitch
        self.exposurePercent = exposurePercent
        self.cacheMode = cacheMode
        self.experimentFreeze = experimentFreeze
    }

    public static let empty = TogglePatch()

    public enum CodingKeys: String, CodingKey {
        case alphaOverride = "alpha_override"
        case policyMode = "policy_mode"
        case disableCF = "disable_cf"
        case disableContent = "disable_content"
        case candidateFallbackLevel = "candidate_fallback_level"
        case killSwitch = "kill_switch"
        case exposurePercent = "exposure_percent"
        case cacheMode = "cache_mode"
        case experimentFreeze = "experiment_freeze"
    }
}

/// Where a block of settings applies: requests whose region, cohort and client each match
/// (an empty list matches anything). The three `*_scope` toggles of SPEC §3.
public struct ToggleScope: Sendable, Equatable, Hashable, Codable {
    public var regions: [String]
    public var cohorts: [String]
    public var clients: [String]

    public init(regions: [String] = [], cohorts: [String] = [], clients: [String] = []) {
        self.regions = regions
        self.cohorts = cohorts
        self.clients = clients
    }

    public static let everywhere = ToggleScope()

    /// How many dimensions this scope constrains: more = more specific (precedence among scopes).
    public var specificity: Int {
        (regions.isEmpty ? 0 : 1) + (cohorts.isEmpty ? 0 : 1) + (clients.isEmpty ? 0 : 1)
    }

    public func matches(region: String?, cohort: String?, client: String?) -> Bool {
        func ok(_ list: [String], _ value: String?) -> Bool {
            list.isEmpty || (value.map { list.contains($0) } ?? false)
        }
        return ok(regions, region) && ok(cohorts, cohort) && ok(clients, client)
    }

    public enum CodingKeys: String, CodingKey {
        case regions = "region_scope"
        case cohorts = "cohort_scope"
        case clients = "client_scope"
    }
}

/// A patch that applies within a scope: a scoped block of the toggles file, or one of the
/// rollback controller's actions confined to the region or cohort that breached.
public struct ScopedPatch: Sendable, Equatable, Codable {
    public var scope: ToggleScope
    public var patch: TogglePatch
    /// Names the rule in `toggles explain` (e.g. "overrides[2]", "rollback:stage2").
    public var source: String

    public init(scope: ToggleScope, patch: TogglePatch, source: String) {
        self.scope = scope
        self.patch = patch
        self.source = source
    }
}
