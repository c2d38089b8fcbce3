public import Guardrails
public import RankingCore

/// The effective configuration of one request, taken once at its start (SPEC §3: nothing
/// changes under a request in flight). Produced by a `ServingConfigProvider`.
public struct ServingConfig: Sendable, Equatable {
    public var configVersion: String
    /// 1…100, stable per user (SPEC §3 bucket hash).
    public var bucket: Int
    public var exposed: Bool
    /// The policy that actually serves this request ("baseline" for unexposed users).
    public var policy: String
    public var settings: RankingSettings
    /// What a `warm_only` cache miss is answered with (the popularity baseline).
    public var cacheMissSettings: RankingSettings
    public var cacheMode: CacheMode
    public var killSwitch: Bool

    public init(configVersion: String, bucket: Int, exposed: Bool, policy: String, settings: RankingSettings,
                cacheMissSettings: RankingSettings = ServingConfig.baselineSettings, cacheMode: CacheMode, killSwitch: Bool) {
        self.configVersion = configVersion
        self.bucket = bucket
        self.exposed = exposed
        self.policy = policy
        self.settings = settings
        self.cacheMissSettings = cacheMissSettings
        self.cacheMode = cacheMode
        self.killSwitch = killSwitch
    }

    /// Popularity only (stage D): the safe baseline.
    public static let baselineSettings = RankingSettings(alpha: 0, collaborativeEnabled: false, contentEnabled: false, startLevel: .d)

    /// Everything that changes a ranked list: part of the result cache's key.
    public var fingerprint: String {
        "\(configVersion)|\(policy)|\(settings.alpha)|\(settings.collaborativeEnabled)|\(settings.contentEnabled)|\(settings.startLevel.rawValue)"
    }
}

/// Where the server gets a request's effective configuration and the toggles status for
/// the admin API. A seam so the toggles evaluator can be swapped in without touching routes.
public protocol ServingConfigProvider: Sendable {
    func evaluate(userID: String, region: String?, cohort: String?, client: String?, overrides: [ScopedPatch]) -> ServingConfig
    /// The configuration version now serving.
    var configVersion: String { get }
    /// JSON for `GET /v1/admin/toggles`: the effective defaults and the last reload result.
    func statusJSON() -> [UInt8]
    /// JSON for `GET /v1/admin/toggles/explain`.
    func explainJSON(userID: String, region: String?, cohort: String?, client: String?, overrides: [ScopedPatch]) -> [UInt8]
    var reloadSuccesses: Int { get }
    var reloadFailures: Int { get }
}
