import Foundation
public import Guardrails
public import RankingCore

/// The configuration when no toggles file is given: the shipped defaults (hybrid,
/// α = `RankingDefaults.hybridAlpha`, everyone exposed, cache off), with the admin and
/// rollback override layers applied on top (kill switch first, SPEC §3 precedence).
public struct ShippedDefaultsProvider: ServingConfigProvider {
    public let configVersion = "shipped-defaults"

    public init() {}

    public func evaluate(userID: String, region: String?, cohort: String?, client: String?, overrides: [ScopedPatch]) -> ServingConfig {
        var patch = TogglePatch.empty
        // Overrides are applied in order; later layers win, the kill switch wins over all.
        for layer in overrides where layer.scope.matches(region: region, cohort: cohort, client: client) {
            patch = patch.merged(over: layer.patch)
        }
        let bucket = Self.bucket(userID)
        if patch.killSwitch == true {
            // SPEC §3 emergency baseline: 10% exposure, content-only, popularity fallback.
            let exposed = bucket <= 10
            return ServingConfig(configVersion: configVersion, bucket: bucket, exposed: exposed,
                                 policy: exposed ? "content_only" : "baseline",
                                 settings: exposed ? RankingSettings(alpha: 0, collaborativeEnabled: false, contentEnabled: true, startLevel: .d)
                                     : ServingConfig.baselineSettings,
                                 cacheMode: .cold, killSwitch: true)
        }
        let exposure = patch.exposurePercent ?? 100
        let exposed = Double(bucket) <= exposure
        guard exposed else {
            return ServingConfig(configVersion: configVersion, bucket: bucket, exposed: false, policy: "baseline",
                                 settings: ServingConfig.baselineSettings, cacheMode: patch.cacheMode ?? .cold, killSwitch: false)
        }
        let mode = patch.policyMode ?? .hybridDefault
        var alpha: Float = switch mode {
        case .contentOnly: 0
        case .collabOnly: 1
        case .hybridDefault, .bucketGate: RankingDefaults.hybridAlpha
        }
        if let override = patch.alphaOverride, let value = override { alpha = Float(value) }
        var cf = mode != .contentOnly && patch.disableCF != true
        var content = mode != .collabOnly && patch.disableContent != true
        // Both disabled is a contradiction: keep content (the cheaper, always-available signal).
        if !cf && !content { content = true; cf = false }
        let settings = RankingSettings(alpha: alpha, collaborativeEnabled: cf, contentEnabled: content,
                                       startLevel: patch.candidateFallbackLevel ?? .a)
        return ServingConfig(configVersion: configVersion, bucket: bucket, exposed: true, policy: mode.rawValue,
                             settings: settings, cacheMode: patch.cacheMode ?? .cold, killSwitch: false)
    }

    /// A stable 1…100 bucket of the user id's bytes (FNV-1a; the toggles evaluator uses
    /// murmur3 with the file's salt, SPEC §3).
    static func bucket(_ userID: String) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in userID.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return Int(hash % 100) + 1
    }

    public func statusJSON() -> [UInt8] {
        var json = JSONWriter()
        json.object {
            $0.field("source", "shipped defaults (no --toggles file)")
            $0.field("config_version", configVersion)
            $0.key("effective")
            $0.object {
                $0.field("policy_mode", "hybrid_default")
                $0.field("alpha", Double(RankingDefaults.hybridAlpha))
                $0.field("exposure_percent", 100)
                $0.field("cache_mode", "cold")
                $0.field("kill_switch", false)
            }
            $0.key("last_reload")
            $0.null()
        }
        return json.bytes
    }

    public func explainJSON(userID: String, region: String?, cohort: String?, client: String?, overrides: [ScopedPatch]) -> [UInt8] {
        let config = evaluate(userID: userID, region: region, cohort: cohort, client: client, overrides: overrides)
        var json = JSONWriter()
        json.object {
            $0.field("user", userID)
            $0.field("bucket", config.bucket)
            $0.field("exposed", config.exposed)
            $0.field("policy", config.policy)
            $0.field("kill_switch", config.killSwitch)
            $0.field("alpha", Double(config.settings.alpha))
            $0.field("candidate_fallback_level", config.settings.startLevel.rawValue)
            $0.key("rules")
            $0.array { json in
                for layer in overrides where layer.scope.matches(region: region, cohort: cohort, client: client) { json.string(layer.source) }
                json.string("shipped defaults")
            }
        }
        return json.bytes
    }

    public var reloadSuccesses: Int { 0 }
    public var reloadFailures: Int { 0 }
}

extension TogglePatch {
    /// `top`'s present values over this patch's.
    func merged(over top: TogglePatch) -> TogglePatch {
        var result = self
        if let v = top.alphaOverride { result.alphaOverride = v }
        if let v = top.policyMode { result.policyMode = v }
        if let v = top.disableCF { result.disableCF = v }
        if let v = top.disableContent { result.disableContent = v }
        if let v = top.candidateFallbackLevel { result.candidateFallbackLevel = v }
        if let v = top.killSwitch { result.killSwitch = v }
        if let v = top.exposurePercent { result.exposurePercent = v }
        if let v = top.cacheMode { result.cacheMode = v }
        if let v = top.experimentFreeze { result.experimentFreeze = v }
        return result
    }
}
