import RankingCore
import Testing
@testable import Guardrails

/// kill switch > rollback overrides > active_profile > most specific matching scope > defaults.
@Suite struct TogglesPrecedenceTests {
    static let eu = ToggleContext(userID: "alice", region: "eu", cohort: "beta", client: "ios")

    @Test func scopeBeatsDefaults() throws {
        let e = try TogglesFixture.snapshot { $0.addOverride(["region_scope": ["eu"], "cache_mode": "cold"]) }.evaluate(Self.eu)
        #expect(e.cacheMode == .cold && e.sources.cacheMode == .scope("overrides[0]"))
    }

    @Test func moreSpecificScopeWinsWhateverTheFileOrder() throws {
        let s = try TogglesFixture.snapshot {
            $0.addOverride(["name": "eu+beta", "region_scope": ["eu"], "cohort_scope": ["beta"], "cache_mode": "warm_only"])
            $0.addOverride(["name": "eu", "region_scope": ["eu"], "cache_mode": "cold", "exposure_percent": 80])
        }
        let e = s.evaluate(Self.eu)
        #expect(e.cacheMode == .warmOnly && e.sources.cacheMode == .scope("eu+beta"))
        #expect(e.exposurePercent == 80 && e.sources.exposurePercent == .scope("eu"))  // less specific still fills the rest
        #expect(s.evaluate(ToggleContext(userID: "alice", region: "eu", cohort: "ga")).cacheMode == .cold)
    }

    @Test func equalSpecificityLaterBlockWins() throws {
        let s = try TogglesFixture.snapshot {
            $0.addOverride(["name": "first", "region_scope": ["eu"], "cache_mode": "cold"])
            $0.addOverride(["name": "second", "client_scope": ["ios"], "cache_mode": "warm_only"])
        }
        #expect(s.evaluate(Self.eu).sources.cacheMode == .scope("second"))
    }

    @Test func activeProfileBeatsScopes() throws {
        let e = try TogglesFixture.snapshot(salt: "golden-salt") {
            $0.addOverride(["region_scope": ["eu"], "policy_mode": "collab_only", "cache_mode": "cold"])
            $0["active_profile"] = "degraded"
        }.evaluate(ToggleContext(userID: "bob", region: "eu"))  // bucket 24: exposed at 50%
        #expect(e.exposed)
        #expect(e.policy == .contentOnly && e.sources.policyMode == .profile("degraded"))
        #expect(e.startLevel == .c && e.sources.candidateFallbackLevel == .profile("degraded"))
        #expect(e.cacheMode == .cold && e.sources.cacheMode == .scope("overrides[0]"))  // not named by the profile
        #expect(e.exposurePercent == 50)
    }

    @Test func rollbackBeatsProfileAndScopes() throws {
        let s = try TogglesFixture.snapshot {
            $0.addOverride(["region_scope": ["eu"], "cache_mode": "cold"])
            $0["active_profile"] = "collab_only"
        }
        let rollback = [ScopedPatch(scope: .everywhere, patch: TogglePatch(policyMode: .contentOnly, cacheMode: .warmOnly), source: "stage2")]
        let e = s.evaluate(Self.eu, rollbackOverrides: rollback)
        #expect(e.policy == .contentOnly && e.sources.policyMode == .rollback("stage2"))
        #expect(e.cacheMode == .warmOnly && e.sources.cacheMode == .rollback("stage2"))
    }

    @Test func rollbackAppliesOnlyWhereItsScopeMatches() throws {
        let s = try TogglesFixture.snapshot()
        let rollback = [ScopedPatch(scope: ToggleScope(regions: ["us"]), patch: TogglePatch(disableCF: true), source: "us-latency")]
        #expect(s.evaluate(Self.eu, rollbackOverrides: rollback).collaborativeEnabled)
        #expect(!s.evaluate(ToggleContext(userID: "alice", region: "us"), rollbackOverrides: rollback).collaborativeEnabled)
    }

    @Test func laterRollbackPatchWins() throws {
        let s = try TogglesFixture.snapshot()
        let rollback = [
            ScopedPatch(scope: .everywhere, patch: TogglePatch(exposurePercent: 75), source: "stage1"),
            ScopedPatch(scope: .everywhere, patch: TogglePatch(exposurePercent: 50), source: "stage3"),
        ]
        let e = s.evaluate(Self.eu, rollbackOverrides: rollback)
        #expect(e.exposurePercent == 50 && e.sources.exposurePercent == .rollback("stage3"))
    }

    @Test func killSwitchBeatsRollback() throws {
        let s = try TogglesFixture.snapshot { $0.set("defaults.kill_switch", true) }
        let rollback = [ScopedPatch(scope: .everywhere, patch: TogglePatch(policyMode: .collabOnly, killSwitch: false), source: "stage1")]
        let e = s.evaluate(Self.eu, rollbackOverrides: rollback)
        #expect(e.killSwitch && e.policy == .contentOnly && e.startLevel == .d)
        #expect(e.sources.policyMode == .killSwitch("emergency"))
    }

    @Test func rollbackCanPullTheKillSwitch() throws {
        let rollback = [ScopedPatch(scope: .everywhere, patch: TogglePatch(killSwitch: true), source: "emergency")]
        let e = try TogglesFixture.snapshot().evaluate(Self.eu, rollbackOverrides: rollback)
        #expect(e.killSwitch && e.sources.killSwitch == .rollback("emergency") && e.startLevel == .d)
    }

    @Test func scopedKillSwitchKillsOnlyItsScopeAndCannotBeReleasedAbove() throws {
        let s = try TogglesFixture.snapshot {
            $0.addOverride(["region_scope": ["eu"], "kill_switch": true])
            $0.addOverride(["region_scope": ["eu"], "cohort_scope": ["beta"], "kill_switch": false])
        }
        #expect(s.evaluate(Self.eu).killSwitch)
        #expect(!s.evaluate(ToggleContext(userID: "alice", region: "us")).killSwitch)
    }

    @Test(arguments: [
        ("emergency", PolicyMode.contentOnly, FallbackLevel.d, 10),
        ("degraded", .contentOnly, .c, 50),
        ("content_only", .contentOnly, .b, 100),
        ("collab_only", .collabOnly, .b, 100),
    ])
    func eachBaselineAsActiveProfile(name: String, policy: PolicyMode, level: FallbackLevel, exposure: Int) throws {
        // A user in bucket 1...10 is exposed under every baseline's exposure.
        let s = try TogglesFixture.snapshot { $0["active_profile"] = name }
        let user = (0..<1000).map { "u\($0)" }.first { s.evaluate(ToggleContext(userID: $0)).bucket <= 10 }!
        let e = s.evaluate(ToggleContext(userID: user))
        #expect(e.exposed)
        #expect(e.policy == policy && e.startLevel == level && e.exposurePercent == exposure)
        #expect(e.sources.policyMode == .profile(name))
    }
}

@Suite struct ToggleScopeMatchingTests {
    let snapshot: TogglesSnapshot

    init() throws {
        snapshot = try TogglesFixture.snapshot {
            $0.addOverride(["name": "regions", "region_scope": ["eu", "uk"], "cache_mode": "cold"])
            $0.addOverride(["name": "all-three", "region_scope": ["eu"], "cohort_scope": ["beta"], "client_scope": ["ios", "android"], "alpha_override": 0.9])
        }
    }

    func rules(_ region: String?, _ cohort: String?, _ client: String?) -> (ToggleRule, ToggleRule) {
        let s = snapshot.evaluate(ToggleContext(userID: "u", region: region, cohort: cohort, client: client)).sources
        return (s.cacheMode, s.alphaOverride)
    }

    @Test func anyListedValueMatches() {
        #expect(rules("uk", nil, nil).0 == .scope("regions"))
        #expect(rules("eu", nil, nil).0 == .scope("regions"))
    }

    @Test func unlistedOrMissingValueDoesNotMatch() {
        #expect(rules("us", nil, nil).0 == .defaults)
        #expect(rules(nil, "beta", "ios").0 == .defaults)
        #expect(rules("EU", nil, nil).0 == .defaults)  // exact match: scopes are identifiers
    }

    @Test func everyConstrainedDimensionMustMatch() {
        #expect(rules("eu", "beta", "android").1 == .scope("all-three"))
        #expect(rules("eu", "beta", "web").1 == .defaults)
        #expect(rules("uk", "beta", "ios").1 == .defaults)
    }

    /// The precomputed table gives the same answer as folding the blocks per request, also
    /// when there are too many combinations to precompute.
    @Test(arguments: [3, 17])
    func precomputedTableAgreesWithFoldingPerRequest(valuesPerDimension n: Int) throws {
        let names = (0..<n).map { "v\($0)" }
        let config = try TogglesFixture.config {
            for i in 0..<n {
                $0.addOverride(["region_scope": [names[i]], "cache_mode": "cold", "exposure_percent": i])
                $0.addOverride(["cohort_scope": [names[(i + 1) % n]], "client_scope": [names[i]], "alpha_override": Double(i) / Double(n)])
                $0.addOverride(["region_scope": [names[i]], "cohort_scope": [names[(i * 7) % n]], "client_scope": [names[(i * 3) % n]], "policy_mode": "collab_only"])
            }
        }
        let table = ScopeTable(config: config)
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            func pick() -> String? { Int.random(in: 0...n, using: &rng) == n ? (Bool.random() ? nil : "other") : names.randomElement()! }
            let (r, c, k) = (pick(), pick(), pick())
            var expected = ResolvedToggles(defaults: config.defaults)
            for block in config.overrides.enumerated().sorted(by: { ($0.element.scope.specificity, $0.offset) < ($1.element.scope.specificity, $1.offset) })
            where block.element.scope.matches(region: r, cohort: c, client: k) {
                expected.apply(block.element.patch, rule: .scope(block.offset))
            }
            #expect(table.resolved(region: r, cohort: c, client: k) == expected)
        }
    }
}
