import Testing
@testable import Guardrails

/// `experiment_freeze`: while on, the salt and exposure buckets are computed with stay
/// those of the configuration that turned it on, across reloads.
@Suite struct ExperimentFreezeTests {
    static let users = (0..<500).map { ToggleContext(userID: "user-\($0)", region: $0 % 2 == 0 ? "eu" : "us") }

    func store(_ edit: (inout [String: Any]) -> Void) throws -> TogglesStore {
        try TogglesStore(bytes: Array(TogglesFixture.text(version: "v1", salt: "salt-a", edit).utf8), file: "t.json")
    }

    func apply(_ store: TogglesStore, version: String, salt: String, _ edit: (inout [String: Any]) -> Void) {
        let outcome = store.apply(Array(TogglesFixture.text(version: version, salt: salt, edit).utf8), file: "t.json")
        #expect(outcome == .applied(version: version))
    }

    func assignment(_ store: TogglesStore) -> [(Int, Bool)] {
        let s = store.snapshot()
        return Self.users.map { let e = s.evaluate($0); return (e.bucket, e.exposed) }
    }

    @Test func frozenAssignmentSurvivesSaltAndExposureEdits() throws {
        let frozen: (inout [String: Any]) -> Void = {
            $0.set("defaults.experiment_freeze", true)
            $0.set("defaults.exposure_percent", 30)
            $0.addOverride(["region_scope": ["eu"], "exposure_percent": 60])
        }
        let store = try store(frozen)
        let before = assignment(store)
        apply(store, version: "v2", salt: "salt-b") {
            frozen(&$0)
            $0.set("defaults.exposure_percent", 90)
            $0["overrides"] = [["region_scope": ["eu"], "exposure_percent": 5]]
            $0.set("defaults.cache_mode", "cold")
        }
        #expect(assignment(store).elementsEqual(before, by: ==))
        let e = store.evaluate(Self.users[0])
        #expect(e.configVersion == "v2" && e.cacheMode == .cold)  // other edits do apply
        #expect(e.sources.exposurePercent == .frozen("v1"))
        #expect(store.snapshot().bucketing.salt == "salt-a" && store.snapshot().bucketingIsPinned)
        // Still pinned two reloads later.
        apply(store, version: "v3", salt: "salt-c") { frozen(&$0); $0.set("defaults.exposure_percent", 1) }
        #expect(assignment(store).elementsEqual(before, by: ==))
    }

    @Test func withoutFreezeEditsMoveUsers() throws {
        let store = try store { $0.set("defaults.exposure_percent", 30) }
        let before = assignment(store)
        apply(store, version: "v2", salt: "salt-b") { $0.set("defaults.exposure_percent", 30) }
        #expect(!assignment(store).elementsEqual(before, by: ==))
        #expect(!store.snapshot().bucketingIsPinned)
    }

    /// The version that turns freeze on defines the frame, including its own edits.
    @Test func turningFreezeOnPinsTheValuesOfThatVersion() throws {
        let store = try store { $0.set("defaults.exposure_percent", 30) }
        apply(store, version: "v2", salt: "salt-b") {
            $0.set("defaults.exposure_percent", 40)
            $0.set("defaults.experiment_freeze", true)
        }
        let atFreeze = assignment(store)
        #expect(store.snapshot().bucketing.configVersion == "v2")
        apply(store, version: "v3", salt: "salt-c") {
            $0.set("defaults.exposure_percent", 70)
            $0.set("defaults.experiment_freeze", true)
        }
        #expect(assignment(store).elementsEqual(atFreeze, by: ==))
    }

    @Test func unfreezingReleasesThePin() throws {
        let store = try store { $0.set("defaults.experiment_freeze", true) }
        apply(store, version: "v2", salt: "salt-b") { $0.set("defaults.experiment_freeze", false) }
        #expect(store.snapshot().bucketing.salt == "salt-b")
        apply(store, version: "v3", salt: "salt-c") { $0.set("defaults.experiment_freeze", true) }
        #expect(store.snapshot().bucketing.configVersion == "v3")
    }

    @Test func rollbackExposureStillAppliesWhileFrozen() throws {
        let store = try store {
            $0.set("defaults.experiment_freeze", true)
            $0.set("defaults.exposure_percent", 100)
        }
        apply(store, version: "v2", salt: "salt-b") { $0.set("defaults.experiment_freeze", true) }
        let rollback = [ScopedPatch(scope: .everywhere, patch: TogglePatch(exposurePercent: 0), source: "stage1")]
        let e = store.evaluate(Self.users[0], rollbackOverrides: rollback)
        #expect(!e.exposed && e.sources.exposurePercent == .rollback("stage1"))
    }
}
