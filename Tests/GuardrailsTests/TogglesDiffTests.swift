import Testing
@testable import Guardrails

@Suite struct TogglesDiffTests {
    func doc(_ edit: (inout [String: Any]) -> Void = { _ in }) throws -> JSONNode {
        try TogglesFixture.config(edit).document
    }

    @Test func identicalFilesHaveNoDiff() throws {
        #expect(TogglesDiff.diff(try doc(), try doc()).isEmpty)
    }

    @Test func changedAddedAndRemovedFields() throws {
        let old = try doc { $0.addOverride(["region_scope": ["eu"], "cache_mode": "cold"]) }
        let new = try doc {
            $0.addOverride(["region_scope": ["eu", "uk"], "exposure_percent": 5])
            $0.addOverride(["client_scope": ["ios"], "kill_switch": true])
            $0.set("defaults.alpha_override", 0.25)
        }
        let changes = TogglesDiff.diff(old, new)
        #expect(changes.contains(TogglesFieldChange(path: "$.defaults.alpha_override", old: "null", new: "0.25")))
        #expect(changes.contains(TogglesFieldChange(path: "$.overrides[0].region_scope", old: "[\"eu\"]", new: "[\"eu\",\"uk\"]")))
        #expect(changes.contains(TogglesFieldChange(path: "$.overrides[0].cache_mode", old: "\"cold\"", new: nil)))
        #expect(changes.contains(TogglesFieldChange(path: "$.overrides[0].exposure_percent", old: nil, new: "5")))
        #expect(changes.contains { $0.path == "$.overrides[1]" && $0.old == nil && $0.new?.contains("kill_switch") == true })
        #expect(changes.count == 5)
    }

    @Test func typeChangeIsOneChange() throws {
        let a = try TogglesConfig.parseDocument(Array(#"{"a": {"b": 1}}"#.utf8), file: "a")
        let b = try TogglesConfig.parseDocument(Array(#"{"a": [1]}"#.utf8), file: "b")
        #expect(TogglesDiff.diff(a, b) == [TogglesFieldChange(path: "$.a", old: #"{"b":1}"#, new: "[1]")])
    }
}
