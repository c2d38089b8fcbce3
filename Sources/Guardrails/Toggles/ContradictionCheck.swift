/// Validator warnings for settings that contradict each other: each block is folded over
/// `defaults` as the evaluator would, and every resolution it needs becomes a warning that
/// says how it is resolved.
enum ContradictionCheck {
    static func warnings(for config: TogglesConfig) -> [TogglesIssue] {
        var out: [TogglesIssue] = []
        let base = ResolvedToggles(defaults: config.defaults)
        // A contradiction already in defaults is reported once there, not again per block.
        var inDefaults = ServedSettings(base).resolutions
        inDefaults.insert(.popularityOnly)  // a deliberate choice in the baselines, not a contradiction
        func check(_ t: ResolvedToggles, _ path: String, isDefaults: Bool = false) {
            var resolutions = ServedSettings(t).resolutions
            resolutions.remove(.popularityOnly)
            if !isDefaults { resolutions.subtract(inDefaults) }
            for sentence in resolutions.explanations {
                out.append(TogglesIssue(severity: .warning, file: config.file, line: nil, path: path, value: nil, reason: sentence))
            }
        }
        check(base, "$.defaults", isDefaults: true)
        for (i, block) in config.overrides.enumerated() {
            var t = base
            t.apply(block.patch, rule: .scope(i))
            check(t, "$.overrides[\(i)]")
        }
        for name in config.baselines.keys.sorted() {
            var t = base
            t.apply(config.baselines[name]!, rule: .profile)
            check(t, "$.baselines.\(name)")
        }
        if base.killSwitch {
            out.append(TogglesIssue(severity: .warning, file: config.file, line: nil, path: "$.defaults.kill_switch", value: "true",
                                    reason: "kill switch is on: every request is served the emergency baseline"))
        }
        if let profile = config.activeProfile {
            out.append(TogglesIssue(severity: .warning, file: config.file, line: nil, path: "$.active_profile", value: "\"\(profile)\"",
                                    reason: "baseline \"\(profile)\" is active: its settings override defaults and every override block"))
        }
        return out
    }
}
