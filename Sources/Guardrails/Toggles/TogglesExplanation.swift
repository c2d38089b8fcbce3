/// `toggles explain` as a value: each effective toggle with the rule that set it, the
/// bucket, and the contradictions resolved. Encodes to the JSON of SPEC §9; the admin API
/// can return it as is.
public struct TogglesExplanation: Sendable, Encodable {
    public struct Field<Value: Encodable & Sendable>: Sendable, Encodable {
        public var value: Value
        public var rule: String

        enum CodingKeys: String, CodingKey { case value, rule }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(value, forKey: .value)  // generic path: a nil Optional encodes as null
            try c.encode(rule, forKey: .rule)
        }
    }

    public struct Toggles: Sendable, Encodable {
        var alpha_override: Field<Double?>
        var policy_mode: Field<String>
        var disable_cf: Field<Bool>
        var disable_content: Field<Bool>
        var candidate_fallback_level: Field<String>
        var kill_switch: Field<Bool>
        var exposure_percent: Field<Int>
        var cache_mode: Field<String>
        var experiment_freeze: Field<Bool>
        /// The request's value and the override blocks whose scope it matched.
        var region_scope: Field<String?>
        var cohort_scope: Field<String?>
        var client_scope: Field<String?>
    }

    public struct Served: Sendable, Encodable {
        var policy: String
        var alpha: Field<Double>
        var collaborative_enabled: Bool
        var content_enabled: Bool
        var start_level: Field<String>
        var cache_miss_start_level: String
    }

    public var config_version: String
    public var user: String
    public var bucket: Int
    public var exposed: Bool
    public var experiment_salt: String
    /// `config_version` whose salt and exposure bucket this user (differs while frozen).
    public var bucketing_version: String
    public var toggles: Toggles
    public var served: Served
    public var resolutions: [String]
    public var matched_overrides: [String]

    public init(snapshot: TogglesSnapshot, context: ToggleContext, rollbackOverrides: [ScopedPatch] = []) {
        let e = snapshot.evaluate(context, rollbackOverrides: rollbackOverrides)
        let t = e.toggles, s = e.sources
        let matched = snapshot.config.overrides.filter { $0.scope.matches(region: context.region, cohort: context.cohort, client: context.client) }
        func scopeRule(_ pick: (ToggleScope) -> [String]) -> String {
            let names = matched.filter { !pick($0.scope).isEmpty }.map(\.source)
            return names.isEmpty ? "no override block matched" : names.joined(separator: ", ")
        }
        config_version = e.configVersion
        user = context.userID
        bucket = e.bucket
        exposed = e.exposed
        experiment_salt = snapshot.bucketing.salt
        bucketing_version = snapshot.bucketing.configVersion
        toggles = Toggles(
            alpha_override: Field(value: t.alphaOverride, rule: s.alphaOverride.description),
            policy_mode: Field(value: t.policyMode.rawValue, rule: s.policyMode.description),
            disable_cf: Field(value: t.disableCF, rule: s.disableCF.description),
            disable_content: Field(value: t.disableContent, rule: s.disableContent.description),
            candidate_fallback_level: Field(value: t.candidateFallbackLevel.rawValue, rule: s.candidateFallbackLevel.description),
            kill_switch: Field(value: t.killSwitch, rule: s.killSwitch.description),
            exposure_percent: Field(value: t.exposurePercent, rule: s.exposurePercent.description),
            cache_mode: Field(value: t.cacheMode.rawValue, rule: s.cacheMode.description),
            experiment_freeze: Field(value: t.experimentFreeze, rule: s.experimentFreeze.description),
            region_scope: Field(value: context.region, rule: scopeRule(\.regions)),
            cohort_scope: Field(value: context.cohort, rule: scopeRule(\.cohorts)),
            client_scope: Field(value: context.client, rule: scopeRule(\.clients))
        )
        served = Served(
            policy: e.servedPolicy.rawValue,
            alpha: Field(value: e.alpha, rule: e.alphaRule.description),
            collaborative_enabled: e.collaborativeEnabled,
            content_enabled: e.contentEnabled,
            start_level: Field(value: e.startLevel.rawValue, rule: e.startLevelRule.description),
            cache_miss_start_level: e.cacheMissSettings.startLevel.rawValue
        )
        var notes = e.resolutions.explanations
        if e.killSwitch { notes.insert("kill_switch is on: every request is served the emergency baseline, exposed or not", at: 0) }
        if !e.exposed, !e.killSwitch {
            notes.insert("bucket \(e.bucket) > exposure_percent \(e.exposurePercent): served the unexposed baseline \"\(snapshot.config.unexposedProfile)\"", at: 0)
        }
        resolutions = notes
        matched_overrides = matched.map(\.source)
    }
}
