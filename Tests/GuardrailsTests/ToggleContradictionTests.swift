import RankingCore
import Testing
@testable import Guardrails

/// The contradictions table of docs/toggles.md.
@Suite struct ToggleContradictionTests {
    func eval(_ edit: (inout [String: Any]) -> Void) throws -> EffectiveToggles {
        try TogglesFixture.snapshot(edit).evaluate(ToggleContext(userID: "alice"))
    }

    @Test func bothStagesDisabledServesPopularity() throws {
        let e = try eval {
            $0.set("defaults.disable_cf", true)
            $0.set("defaults.disable_content", true)
        }
        #expect(!e.collaborativeEnabled && !e.contentEnabled)
        #expect(e.startLevel == .d && e.startLevelRule == .resolution)
        #expect(e.resolutions.contains(.bothStagesDisabled))
    }

    @Test func collabOnlyWithCFDisabledServesContentOnly() throws {
        let e = try eval {
            $0.set("defaults.policy_mode", "collab_only")
            $0.set("defaults.disable_cf", true)
        }
        #expect(e.policy == .collabOnly && e.servedPolicy == .contentOnly)
        #expect(e.alpha == 0 && e.contentEnabled && !e.collaborativeEnabled && e.startLevel == .a)
        #expect(e.resolutions == [.collabOnlyWithoutCF])
    }

    @Test func contentOnlyWithContentDisabledServesCollabOnly() throws {
        let e = try eval {
            $0.set("defaults.policy_mode", "content_only")
            $0.set("defaults.disable_content", true)
        }
        #expect(e.servedPolicy == .collabOnly && e.alpha == 1 && e.collaborativeEnabled && !e.contentEnabled)
        #expect(e.resolutions == [.contentOnlyWithoutContent])
    }

    @Test func singleStagePolicyIgnoresAlphaOverride() throws {
        let e = try eval {
            $0.set("defaults.policy_mode", "collab_only")
            $0.set("defaults.alpha_override", 0.2)
        }
        #expect(e.alpha == 1 && e.alphaRule == .policy && e.resolutions == [.alphaOverrideIgnored])
    }

    @Test func disabledStageForcesAlpha() throws {
        let e = try eval {
            $0.set("defaults.alpha_override", 0.2)
            $0.set("defaults.disable_content", true)
        }
        #expect(e.alpha == 1 && e.alphaRule == .resolution && e.resolutions == [.alphaForcedByDisabledStage])
    }

    @Test func collabOnlyWithBothDisabledIsPopularity() throws {
        let e = try eval {
            $0.set("defaults.policy_mode", "collab_only")
            $0.set("defaults.disable_cf", true)
            $0.set("defaults.disable_content", true)
        }
        #expect(e.startLevel == .d && e.resolutions.contains(.bothStagesDisabled))
    }

    @Test func explanationsAreOneSentenceEachInFixedOrder() {
        let r: ToggleResolutions = [.popularityOnly, .bothStagesDisabled]
        #expect(r.explanations.count == 2)
        #expect(r.explanations[0].hasPrefix("disable_cf and disable_content"))
    }
}
