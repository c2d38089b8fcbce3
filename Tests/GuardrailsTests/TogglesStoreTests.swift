import Foundation
import Synchronization
import Testing
@testable import Guardrails

@Suite struct TogglesStoreTests {
    func bytes(_ version: String, _ edit: (inout [String: Any]) -> Void = { _ in }) -> [UInt8] {
        Array(TogglesFixture.text(version: version, edit).utf8)
    }

    @Test func startupRefusesAnInvalidFile() {
        #expect(throws: TogglesValidationError.self) { try TogglesStore(bytes: Array("{".utf8), file: "t.json") }
    }

    @Test func aRequestKeepsItsSnapshotAcrossAReload() throws {
        let store = try TogglesStore(bytes: bytes("v1"), file: "t.json")
        let held = store.snapshot()
        #expect(store.apply(bytes("v2") { $0.set("defaults.cache_mode", "cold") }, file: "t.json") == .applied(version: "v2"))
        #expect(held.evaluate(ToggleContext(userID: "u")).configVersion == "v1")
        #expect(held.evaluate(ToggleContext(userID: "u")).cacheMode == .prewarm)
        #expect(store.evaluate(ToggleContext(userID: "u")).cacheMode == .cold)
    }

    @Test func countersAndStatus() throws {
        let times = Mutex(0.0)
        let store = try TogglesStore(bytes: bytes("v1"), file: "t.json", now: { Date(timeIntervalSince1970: times.withLock { $0 += 1; return $0 }) })
        store.apply(bytes("v2") { $0.set("defaults.exposure_percent", 5) }, file: "t.json")
        store.apply(Array("{\"a\": }".utf8), file: "t.json")
        #expect(store.successCount == 1 && store.failureCount == 1)
        let status = store.lastStatus
        #expect(!status.ok && status.servingVersion == "v2" && status.file == "t.json")
        #expect(status.errors.first?.reason.contains("expected a JSON value") == true)
        #expect(status.time == Date(timeIntervalSince1970: 3))
        // The same content again is not a change; status recovers.
        #expect(store.apply(bytes("v2") { $0.set("defaults.exposure_percent", 5) }, file: "t.json") == .unchanged)
        #expect(store.lastStatus.ok && store.successCount == 1)
    }

    @Test func appliedAndRefusedChangesAreAudited() throws {
        let dir = TempDirectory()
        let log = try AuditLog(path: dir.file("audit.jsonl"))
        let store = try TogglesStore(bytes: bytes("v1"), file: "t.json", audit: log)
        store.apply(bytes("v2") {
            $0.set("defaults.exposure_percent", 40)
            $0.set("metadata.updated_by", "oncall")
            $0.set("metadata.reason", "INC-7: throttle")
        }, file: "t.json")
        store.apply(bytes("v3") { $0.set("defaults.exposure_percent", 400) }, file: "t.json")
        let lines = try AuditLog.readAll(path: dir.file("audit.jsonl")).records
        let records = try lines.map { try #require(try JSONSerialization.jsonObject(with: $0) as? [String: Any]) }
        #expect(records.map { $0["kind"] as? String } == ["toggles_loaded", "toggles_applied", "toggles_refused"])
        let applied = records[1]
        #expect(applied["old_version"] as? String == "v1" && applied["new_version"] as? String == "v2")
        #expect(applied["updated_by"] as? String == "oncall" && applied["reason"] as? String == "INC-7: throttle")
        #expect(applied["time"] is String)
        let diff = try #require(applied["diff"] as? [[String: Any]])
        let paths = diff.compactMap { $0["path"] as? String }
        #expect(Set(paths) == ["$.metadata.config_version", "$.metadata.updated_by", "$.metadata.reason", "$.defaults.exposure_percent"])
        let exposure = try #require(diff.first { $0["path"] as? String == "$.defaults.exposure_percent" })
        #expect(exposure["old"] as? String == "100" && exposure["new"] as? String == "40")
        let refused = records[2]
        #expect(refused["old_version"] as? String == "v2" && refused["new_version"] == nil)
        let errors = try #require(refused["errors"] as? [[String: Any]])
        #expect(errors.first?["path"] as? String == "$.defaults.exposure_percent")
    }
}
