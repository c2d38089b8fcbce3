public import Foundation
import RankingCore

/// The salt and exposure table buckets are computed with. Normally the snapshot's own;
/// while `experiment_freeze` stays on, the one of the configuration that turned it on,
/// carried from snapshot to snapshot so later edits of salt or exposure move nobody.
public final class BucketingFrame: Sendable {
    public let salt: String
    /// `config_version` of the configuration this frame was taken from.
    public let configVersion: String
    let saltBytes: [UInt8]
    let table: ScopeTable

    init(salt: String, configVersion: String, table: ScopeTable) {
        self.salt = salt
        self.configVersion = configVersion
        self.saltBytes = Array(salt.utf8)
        self.table = table
    }
}

/// One validated configuration, precomputed for evaluation and never changed: requests
/// hold one for their whole life (SPEC §3), the store swaps in a new one on reload.
public final class TogglesSnapshot: Sendable {
    public let config: TogglesConfig
    /// When the store applied it.
    public let loadedAt: Date
    /// The bucketing in force: this configuration's own, or the one pinned by `experiment_freeze`.
    public let bucketing: BucketingFrame
    /// True when `bucketing` comes from an earlier configuration.
    public var bucketingIsPinned: Bool { bucketing !== ownBucketing }

    let table: ScopeTable
    let ownBucketing: BucketingFrame
    /// defaults + emergency baseline: what every request gets while the kill switch is on.
    let killed: ResolvedToggles
    let killBaseline: String
    /// The unexposed baseline without `exposure_percent` (gating keeps reporting the exposure it used).
    let unexposedPatch: TogglePatch
    let unexposedSettings: ServedSettings

    /// - Parameter previous: the snapshot this one replaces; while `experiment_freeze` is
    ///   on in both, its bucketing frame is kept.
    public init(config: TogglesConfig, previous: TogglesSnapshot? = nil, loadedAt: Date = Date()) {
        self.config = config
        self.loadedAt = loadedAt
        table = ScopeTable(config: config)
        let own = BucketingFrame(salt: config.metadata.experimentSalt, configVersion: config.metadata.configVersion, table: table)
        ownBucketing = own
        let frozen = config.defaults.experimentFreeze == true
        if frozen, let previous, previous.config.defaults.experimentFreeze == true {
            bucketing = previous.bucketing
        } else {
            bucketing = own
        }
        let base = ResolvedToggles(defaults: config.defaults)
        killBaseline = TogglesDefaults.killSwitchBaseline
        var k = base
        k.apply(config.baselines[killBaseline] ?? TogglePatch(), rule: .killSwitch)
        k.killSwitch = true
        killed = k
        var u = config.baselines[config.unexposedProfile] ?? TogglePatch()
        u.exposurePercent = nil
        unexposedPatch = u
        var ub = base
        ub.apply(u, rule: .unexposed)
        unexposedSettings = ServedSettings(ub)
    }

    public var configVersion: String { config.metadata.configVersion }
}
