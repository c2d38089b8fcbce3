import RankingCore

extension TogglesSnapshot {
    /// The effective configuration for one request. Precedence, highest first:
    /// kill switch > rollback overrides > active_profile > most specific matching scope >
    /// defaults; then users outside `exposure_percent` get the unexposed baseline, and
    /// contradictions resolve (docs/toggles.md). Pure, allocation-free on the common path.
    ///
    /// - Parameter rollbackOverrides: the rollback controller's layer, applied in order
    ///   (a later patch wins), each only where its scope matches.
    public func evaluate(_ context: ToggleContext, rollbackOverrides: [ScopedPatch] = []) -> EffectiveToggles {
        evaluate(userID: context.userID.utf8, region: context.region, cohort: context.cohort, client: context.client,
                 rollbackOverrides: rollbackOverrides)
    }

    /// As `evaluate(_:rollbackOverrides:)`, with the user id as the raw bytes of the request.
    public func evaluate(userIDBytes: [UInt8], region: String?, cohort: String?, client: String?,
                         rollbackOverrides: [ScopedPatch] = []) -> EffectiveToggles {
        evaluate(userID: userIDBytes, region: region, cohort: cohort, client: client, rollbackOverrides: rollbackOverrides)
    }

    func evaluate(userID: some Sequence<UInt8>, region: String?, cohort: String?, client: String?,
                  rollbackOverrides: [ScopedPatch]) -> EffectiveToggles {
        var r = table.resolved(region: region, cohort: cohort, client: client)
        for (i, patch) in rollbackOverrides.enumerated() where patch.scope.matches(region: region, cohort: cohort, client: client) {
            r.apply(patch.patch, rule: .rollback(i))
        }
        let killed = r.killSwitch
        if killed {
            let rule = r.sources.killSwitch
            r = self.killed
            r.sources.killSwitch = rule
        }
        let frame = bucketing
        let bucket = ExperimentBucket.bucket(salt: frame.saltBytes, userID: userID)
        // Freeze pins the file's exposure; the kill switch and the rollback controller are
        // safety actions and still apply.
        if frame !== ownBucketing, !killed, r.sources.exposurePercent.kind != .rollback {
            r.exposurePercent = frame.table.resolved(region: region, cohort: cohort, client: client).exposurePercent
            r.sources.exposurePercent = .frozen
        }
        let exposed = ExperimentBucket.isExposed(bucket: bucket, exposurePercent: r.exposurePercent)
        if !exposed, !killed { r.apply(unexposedPatch, rule: .unexposed) }
        let served = ServedSettings(r)
        let settings = served.rankingSettings
        return EffectiveToggles(
            snapshot: self, rollbackOverrides: rollbackOverrides, toggles: r, bucket: bucket, exposed: exposed,
            servedPolicy: served.policy, alpha: served.alpha, alphaRuleRef: served.alphaRule,
            collaborativeEnabled: served.collaborative, contentEnabled: served.content,
            startLevel: served.startLevel, startLevelRuleRef: served.startLevelRule, resolutions: served.resolutions,
            rankingSettings: settings, cacheMissSettings: killed ? settings : unexposedSettings.rankingSettings
        )
    }
}
