import Foundation
import RankingCore
import Testing
@testable import Guardrails

/// Every toggle, served from `defaults`.
@Suite struct TogglesEvaluatorTests {
    let alice = ToggleContext(userID: "alice")

    func eval(_ edit: (inout [String: Any]) -> Void, _ context: ToggleContext? = nil, rollback: [ScopedPatch] = []) throws -> EffectiveToggles {
        try TogglesFixture.snapshot(edit).evaluate(context ?? alice, rollbackOverrides: rollback)
    }

    @Test func hybridUsesTheDefaultAlpha() throws {
        let e = try eval { _ in }
        #expect(e.servedPolicy == .hybridDefault)
        #expect(e.alpha == TogglesDefaults.hybridAlpha && e.alphaRule == .policy)
        #expect(e.rankingSettings == RankingSettings(alpha: RankingDefaults.hybridAlpha, collaborativeEnabled: true, contentEnabled: true, startLevel: .a))
        #expect(e.configVersion == "v1")
        #expect(e.resolutions.isEmpty)
    }

    @Test func alphaOverride() throws {
        let e = try eval { $0.set("defaults.alpha_override", 0.3) }
        #expect(e.alpha == 0.3 && e.alphaRule == .defaults)
        #expect(e.rankingSettings.alpha == 0.3)
    }

    @Test func contentOnlyIsAlphaZero() throws {
        let e = try eval { $0.set("defaults.policy_mode", "content_only") }
        #expect(e.alpha == 0 && !e.collaborativeEnabled && e.contentEnabled)
        #expect(e.disabledStages == [.collaborative])
    }

    @Test func collabOnlyIsAlphaOne() throws {
        let e = try eval { $0.set("defaults.policy_mode", "collab_only") }
        #expect(e.alpha == 1 && e.collaborativeEnabled && !e.contentEnabled)
        #expect(e.disabledStages == [.content])
    }

    @Test func bucketGateServesHybridToExposedUsers() throws {
        let e = try eval {
            $0.set("defaults.policy_mode", "bucket_gate")
            $0.set("defaults.alpha_override", 0.7)
        }
        #expect(e.policy == .bucketGate && e.servedPolicy == .hybridDefault && e.alpha == 0.7)
    }

    @Test func disableCF() throws {
        let e = try eval { $0.set("defaults.disable_cf", true) }
        #expect(!e.collaborativeEnabled && e.contentEnabled && e.alpha == 0)
        #expect(e.resolutions == [.alphaForcedByDisabledStage])
    }

    @Test func disableContent() throws {
        let e = try eval { $0.set("defaults.disable_content", true) }
        #expect(e.collaborativeEnabled && !e.contentEnabled && e.alpha == 1)
    }

    @Test(arguments: FallbackLevel.allCases)
    func candidateFallbackLevel(level: FallbackLevel) throws {
        let e = try eval { $0.set("defaults.candidate_fallback_level", level.rawValue) }
        #expect(e.startLevel == level && e.rankingSettings.startLevel == level)
        #expect(e.resolutions.contains(.popularityOnly) == (level == .d))
    }

    @Test(arguments: CacheMode.allCases)
    func cacheMode(mode: CacheMode) throws {
        #expect(try eval { $0.set("defaults.cache_mode", mode.rawValue) }.cacheMode == mode)
    }

    @Test func experimentFreezeIsReported() throws {
        let e = try eval { $0.set("defaults.experiment_freeze", true) }
        #expect(e.toggles.experimentFreeze && e.sources.experimentFreeze == .defaults)
    }

    @Test func killSwitchServesTheEmergencyBaseline() throws {
        let e = try eval {
            $0.set("defaults.kill_switch", true)
            $0.set("defaults.cache_mode", "cold")
        }
        #expect(e.killSwitch && e.sources.killSwitch == .defaults)
        #expect(e.policy == .contentOnly && e.sources.policyMode == .killSwitch("emergency"))
        #expect(e.startLevel == .d && e.exposurePercent == 10)
        #expect(e.cacheMode == .cold && e.sources.cacheMode == .defaults)  // not named by the baseline
        #expect(e.rankingSettings == RankingSettings(alpha: 0, collaborativeEnabled: false, contentEnabled: true, startLevel: .d))
    }

    /// Everyone gets the emergency settings under the kill switch, exposed or not.
    @Test func killSwitchIgnoresExposureForWhatIsServed() throws {
        let snapshot = try TogglesFixture.snapshot(salt: "golden-salt") { $0.set("defaults.kill_switch", true) }
        let exposed = snapshot.evaluate(ToggleContext(userID: "alice"))  // bucket 66
        let other = snapshot.evaluate(ToggleContext(userID: "bob"))  // bucket 24
        #expect(!exposed.exposed && !other.exposed)  // both above 10
        #expect(exposed.rankingSettings == other.rankingSettings && exposed.startLevel == .d)
        #expect(exposed.cacheMissSettings == exposed.rankingSettings)
    }

    /// Golden buckets (Murmur3Tests): alice 66, bob 24.
    @Test(arguments: [(66, true), (65, false), (100, true), (0, false)])
    func exposureGatesOnTheBucket(exposure: Int, aliceExposed: Bool) throws {
        let e = try TogglesFixture.snapshot(salt: "golden-salt") { $0.set("defaults.exposure_percent", exposure) }
            .evaluate(ToggleContext(userID: "alice"))
        #expect(e.bucket == 66)
        #expect(e.exposed == aliceExposed)
        #expect(e.exposurePercent == exposure)
        if aliceExposed {
            #expect(e.servedPolicy == .hybridDefault && e.startLevel == .a)
        } else {
            #expect(e.servedPolicy == .contentOnly && e.startLevel == .b)
            #expect(e.sources.policyMode == .unexposed("content_only"))
            #expect(e.sources.exposurePercent == .defaults)
        }
    }

    @Test func unexposedProfileIsConfigurable() throws {
        let e = try TogglesFixture.snapshot(salt: "golden-salt") {
            $0.set("defaults.exposure_percent", 0)
            $0["unexposed_profile"] = "emergency"
        }.evaluate(ToggleContext(userID: "alice"))
        #expect(!e.exposed && e.startLevel == .d && e.sources.startLevelIsUnexposed)
        #expect(e.exposurePercent == 0)  // the baseline's own exposure does not replace the gate's
    }

    @Test func warmOnlyMissesGoToTheUnexposedBaseline() throws {
        let e = try eval { $0.set("defaults.cache_mode", "warm_only") }
        #expect(e.cacheMissSettings == RankingSettings(alpha: 0, collaborativeEnabled: false, contentEnabled: true, startLevel: .b))
    }

    @Test func userIDBytesAndStringAgree() throws {
        let s = try TogglesFixture.snapshot(salt: "golden-salt")
        let bytes = s.evaluate(userIDBytes: Array("zoe\u{308}".utf8), region: nil, cohort: nil, client: nil)
        #expect(bytes.bucket == 96)
        #expect(s.evaluate(ToggleContext(userID: "zo\u{eb}")).bucket == 75)
    }

    @Test func explanationJSONHasBucketExposedAndRules() throws {
        let snapshot = try TogglesFixture.snapshot(salt: "golden-salt") {
            $0.addOverride(["name": "eu", "region_scope": ["eu"], "cache_mode": "cold"])
        }
        let x = TogglesExplanation(snapshot: snapshot, context: ToggleContext(userID: "alice", region: "eu"))
        let data = try JSONEncoder().encode(x)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["bucket"] as? Int == 66)
        #expect(json["exposed"] as? Bool == true)
        let toggles = try #require(json["toggles"] as? [String: [String: Any]])
        #expect(Set(toggles.keys) == Set(ToggleKey.all))
        #expect(toggles["cache_mode"]?["rule"] as? String == "scope:eu")
        #expect(toggles["alpha_override"]?["value"] is NSNull)
        #expect(toggles["region_scope"]?["rule"] as? String == "eu")
    }
}

extension ToggleSources {
    var startLevelIsUnexposed: Bool {
        if case .unexposed = candidateFallbackLevel { return true }
        return false
    }
}
