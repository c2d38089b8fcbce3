import Foundation
import Testing
@testable import Guardrails

/// `Config/rollback_policy.json`: the shipped file is the defaults; bad files name the field.
@Suite struct RollbackPolicyTests {
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Config/rollback_policy.json").path

    func shippedJSON() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.shipped))) as! [String: Any]
    }

    func parse(_ object: [String: Any]) throws(RollbackPolicyError) -> RollbackPolicy {
        try RollbackPolicy.parse(try! JSONSerialization.data(withJSONObject: object), path: "test.json")
    }

    @Test func shippedFileIsTheDefaults() throws {
        #expect(try RollbackPolicy.load(path: Self.shipped) == RollbackPolicy.default)
    }

    @Test func everyThresholdHasANote() throws {
        let notes = try #require(try shippedJSON()["notes"] as? [String: String])
        for key in ["latency_target_ms", "p1", "p2", "min_requests", "min_errors", "stage_effect_seconds", "backoff", "dwell"] {
            #expect(notes[key]?.isEmpty == false, "no note for \(key)")
        }
    }

    @Test(arguments: [
        ("p1.coverage_below", "missing"),
        ("p2.cache_hit_rate_below", "outside"),
        ("min_requests", "number"),
        ("p1.colour", "unknown"),
        ("p2.coverage_below", "warning level"),
    ])
    func badFilesNameTheField(field: String, expected: String) throws {
        var json = try shippedJSON()
        let parts = field.split(separator: ".").map(String.init)
        func edit(_ o: inout [String: Any], _ key: String) {
            switch expected {
            case "missing": o.removeValue(forKey: key)
            case "outside": o[key] = 1.5
            case "number": o[key] = "lots"
            case "unknown": o[key] = "red"
            default: o[key] = 0.9  // P2 coverage below P1's 0.95
            }
        }
        if parts.count == 2 {
            var inner = json[parts[0]] as! [String: Any]
            edit(&inner, parts[1])
            json[parts[0]] = inner
        } else {
            edit(&json, parts[0])
        }
        do {
            _ = try parse(json)
            Issue.record("\(field) accepted")
        } catch {
            #expect(error.field == field)
            #expect(error.description.contains("test.json"))
            #expect(error.reason.contains(expected) || error.reason.contains("required") || error.reason.contains("expected"), "\(error)")
        }
    }

    @Test func notJSONIsRefused() {
        #expect(throws: RollbackPolicyError.self) { try RollbackPolicy.parse(Data("{".utf8), path: "x.json") }
        #expect(throws: RollbackPolicyError.self) { try RollbackPolicy.load(path: "/nonexistent/rollback_policy.json") }
    }
}

extension RollbackPolicyTests {
    /// The admin API encodes the policy with the file's own keys: what it shows parses back.
    @Test func encodedPolicyReadsBackAsAFile() throws {
        var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(RollbackPolicy.default)) as! [String: Any]
        object["schema_version"] = 1
        var p1 = object["p1"] as! [String: Any]
        p1.removeValue(forKey: "cache_hit_rate_below")  // nil for P1: not a P1 trigger
        object["p1"] = p1
        #expect(try parse(object) == RollbackPolicy.default)
    }
}
