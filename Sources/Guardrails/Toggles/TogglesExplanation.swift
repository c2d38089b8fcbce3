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

    /// Keyed by the file's toggle names.
    public struct Toggles: Sendable, Encodable {
        public var alphaOverride: Field<Double?>
        public var policyMode: Field<String>
        public var disableCF: Field<Bool>
        public var disableContent: Field<Bool>
        public var candidateFallbackLevel: Field<String>
        public var killSwitch: Field<Bool>
        public var exposurePercent: Field<Int>
        public var cacheMode: Field<String>
        public var experimentFreeze: Field<Bool>
        /// The request's value; the rule names the override blocks whose scope it matched.
        public var regionScope: Field<String?>
        public var cohortScope: Field<String?>
        public var clientScope: Field<String?>

        enum CodingKeys: String, CodingKey {
            case alphaOverride = "alpha_override", policyMode = "policy_mode", disableCF = "disable_cf"
            case disableContent = "disable_content", candidateFallbackLevel = "candidate_fallback_level"
            case killSwitch = "kill_switch", exposurePercent = "exposure_percent", cacheMode = "cache_mode"
            case experimentFreeze = "experiment_freeze", regionScope = "region_scope", cohortScope = "cohort_scope"
            case clientScope = "client_scope"
        }
    }

    /// What the values mean for this request.
    public struct Served: Sendable, Encodable {
        public var policy: String
        public var alpha: Field<Double>
        public var collaborativeEnabled: Bool
        public var contentEnabled: Bool
        public var startLevel: Field<String>
        public var cacheMissStartLevel: String

        enum CodingKeys: String, CodingKey {
            case policy, alpha
            case collaborativeEnabled = "collaborative_enabled", contentEnabled = "content_enabled"
            case startLevel = "start_level", cacheMissStartLevel = "cache_miss_start_level"
        }
    }

    public var configVersion: String
    public var user: String
    public var bucket: Int
    public var exposed: Bool
    public var experimentSalt: String
    /// `config_version` whose salt and exposure bucket this user (differs while frozen).
    public var bucketingVersion: String
    public var toggles: Toggles
    public var served: Served
    /// Sentences: exposure gating, kill switch, contradictions resolved.
    public var resolutions: [String]
    public var matchedOverrides: [String]

    enum CodingKeys: String, CodingKey {
        case user, bucket, exposed, toggles, served, resolutions
        case configVersion = "config_version", experimentSalt = "experiment_salt"
        case bucketingVersion = "bucketing_version", matchedOverrides = "matched_overrides"
    }

    public init(snapshot: TogglesSnapshot, context: ToggleContext, rollbackOverrides: [ScopedPatch] = []) {
        let e = snapshot.evaluate(context, rollbackOverrides: rollbackOverrides)
        let t = e.toggles, s = e.sources
        let matched = snapshot.config.overrides.filter { $0.scope.matches(region: context.region, cohort: context.cohort, client: context.client) }
        func scopeRule(_ pick: (ToggleScope) -> [String]) -> String {
            let names = matched.filter { !pick($0.scope).isEmpty }.map(\.source)
            return names.isEmpty ? "no override block matched" : names.joined(separator: ", ")
        }
        configVersion = e.configVersion
        user = context.userID
        bucket = e.bucket
        exposed = e.exposed
        experimentSalt = snapshot.bucketing.salt
        bucketingVersion = snapshot.bucketing.configVersion
        toggles = Toggles(
            alphaOverride: Field(value: t.alphaOverride, rule: s.alphaOverride.description),
            policyMode: Field(value: t.policyMode.rawValue, rule: s.policyMode.description),
            disableCF: Field(value: t.disableCF, rule: s.disableCF.description),
            disableContent: Field(value: t.disableContent, rule: s.disableContent.description),
            candidateFallbackLevel: Field(value: t.candidateFallbackLevel.rawValue, rule: s.candidateFallbackLevel.description),
            killSwitch: Field(value: t.killSwitch, rule: s.killSwitch.description),
            exposurePercent: Field(value: t.exposurePercent, rule: s.exposurePercent.description),
            cacheMode: Field(value: t.cacheMode.rawValue, rule: s.cacheMode.description),
            experimentFreeze: Field(value: t.experimentFreeze, rule: s.experimentFreeze.description),
            regionScope: Field(value: context.region, rule: scopeRule(\.regions)),
            cohortScope: Field(value: context.cohort, rule: scopeRule(\.cohorts)),
            clientScope: Field(value: context.client, rule: scopeRule(\.clients))
        )
        served = Served(
            policy: e.servedPolicy.rawValue,
            alpha: Field(value: e.alpha, rule: e.alphaRule.description),
            collaborativeEnabled: e.collaborativeEnabled,
            contentEnabled: e.contentEnabled,
            startLevel: Field(value: e.startLevel.rawValue, rule: e.startLevelRule.description),
            cacheMissStartLevel: e.cacheMissSettings.startLevel.rawValue
        )
        var notes = e.resolutions.explanations
        if e.killSwitch { notes.insert("kill_switch is on: every request is served the emergency baseline, exposed or not", at: 0) }
        if !e.exposed, !e.killSwitch {
            notes.insert("bucket \(e.bucket) > exposure_percent \(e.exposurePercent): served the unexposed baseline \"\(snapshot.config.unexposedProfile)\"", at: 0)
        }
        resolutions = notes
        matchedOverrides = matched.map(\.source)
    }
}
