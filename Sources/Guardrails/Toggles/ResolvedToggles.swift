import RankingCore

/// Every toggle with a value and the rule that set it: the layers folded together, before
/// exposure gating and contradiction resolution. Value type, copied per request.
public struct ResolvedToggles: Sendable, Equatable {
    /// The rule behind each value (names resolved by `EffectiveToggles.sources`).
    struct Rules: Sendable, Equatable {
        var alphaOverride = RuleRef.defaults
        var policyMode = RuleRef.defaults
        var disableCF = RuleRef.defaults
        var disableContent = RuleRef.defaults
        var candidateFallbackLevel = RuleRef.defaults
        var killSwitch = RuleRef.defaults
        var exposurePercent = RuleRef.defaults
        var cacheMode = RuleRef.defaults
        var experimentFreeze = RuleRef.defaults
    }

    public var alphaOverride: Double?
    public var policyMode: PolicyMode
    public var disableCF: Bool
    public var disableContent: Bool
    public var candidateFallbackLevel: FallbackLevel
    public var killSwitch: Bool
    public var exposurePercent: Int
    public var cacheMode: CacheMode
    public var experimentFreeze: Bool
    var sources = Rules()

    /// From a complete patch (validated `defaults`); missing values take the safest reading.
    init(defaults p: TogglePatch) {
        alphaOverride = p.alphaOverride ?? nil
        policyMode = p.policyMode ?? .contentOnly
        disableCF = p.disableCF ?? false
        disableContent = p.disableContent ?? false
        candidateFallbackLevel = p.candidateFallbackLevel ?? .a
        killSwitch = p.killSwitch ?? false
        exposurePercent = Int(p.exposurePercent ?? 0)
        cacheMode = p.cacheMode ?? .cold
        experimentFreeze = p.experimentFreeze ?? false
    }

    /// Lays `patch` over these values. The kill switch only turns on: a higher layer can
    /// pull it but never release one pulled below (a scoped block cannot un-kill a region).
    mutating func apply(_ p: TogglePatch, rule: RuleRef) {
        if let v = p.alphaOverride { alphaOverride = v; sources.alphaOverride = rule }
        if let v = p.policyMode { policyMode = v; sources.policyMode = rule }
        if let v = p.disableCF { disableCF = v; sources.disableCF = rule }
        if let v = p.disableContent { disableContent = v; sources.disableContent = rule }
        if let v = p.candidateFallbackLevel { candidateFallbackLevel = v; sources.candidateFallbackLevel = rule }
        if p.killSwitch == true, !killSwitch { killSwitch = true; sources.killSwitch = rule }
        if let v = p.exposurePercent { exposurePercent = Int(v); sources.exposurePercent = rule }
        if let v = p.cacheMode { cacheMode = v; sources.cacheMode = rule }
        if let v = p.experimentFreeze { experimentFreeze = v; sources.experimentFreeze = rule }
    }
}
