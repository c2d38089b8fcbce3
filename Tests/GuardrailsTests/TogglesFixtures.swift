import Foundation
@testable import Guardrails

/// Builds toggles files for tests: a valid base document as nested dictionaries that a
/// test edits, serialised with sorted keys.
enum TogglesFixture {
    static func base(version: String = "v1", salt: String = "test-salt") -> [String: Any] {
        [
            "metadata": [
                "schema_version": 1, "config_version": version, "environment": "test",
                "updated_by": "tests", "reason": "fixture", "experiment_salt": salt,
            ] as [String: Any],
            "defaults": [
                "alpha_override": NSNull(), "policy_mode": "hybrid_default", "disable_cf": false,
                "disable_content": false, "candidate_fallback_level": "A", "kill_switch": false,
                "exposure_percent": 100, "cache_mode": "prewarm", "experiment_freeze": false,
                "region_scope": [String](), "cohort_scope": [String](), "client_scope": [String](),
            ] as [String: Any],
            "overrides": [[String: Any]](),
            "baselines": [
                "emergency": ["exposure_percent": 10, "policy_mode": "content_only", "candidate_fallback_level": "D"] as [String: Any],
                "degraded": ["exposure_percent": 50, "policy_mode": "content_only", "candidate_fallback_level": "C"] as [String: Any],
                "content_only": ["policy_mode": "content_only", "candidate_fallback_level": "B"],
                "collab_only": ["policy_mode": "collab_only", "candidate_fallback_level": "B"],
            ] as [String: Any],
            "active_profile": NSNull(),
        ]
    }

    /// The base document with `edit` applied, as JSON text.
    static func text(version: String = "v1", salt: String = "test-salt", _ edit: (inout [String: Any]) -> Void = { _ in }) -> String {
        var doc = base(version: version, salt: salt)
        edit(&doc)
        let data = try! JSONSerialization.data(withJSONObject: doc, options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self)
    }

    static func config(version: String = "v1", salt: String = "test-salt", _ edit: (inout [String: Any]) -> Void = { _ in }) throws -> TogglesConfig {
        try TogglesConfig.parse(Array(text(version: version, salt: salt, edit).utf8), file: "test.json")
    }

    static func snapshot(version: String = "v1", salt: String = "test-salt", _ edit: (inout [String: Any]) -> Void = { _ in }) throws -> TogglesSnapshot {
        TogglesSnapshot(config: try config(version: version, salt: salt, edit))
    }
}

extension Dictionary where Key == String, Value == Any {
    /// Sets `value` at a dotted path of nested dictionaries ("defaults.exposure_percent").
    mutating func set(_ path: String, _ value: Any?) {
        let parts = path.split(separator: ".").map(String.init)
        self = Self.setting(self, parts[...], value)
    }

    private static func setting(_ dict: [String: Any], _ parts: ArraySlice<String>, _ value: Any?) -> [String: Any] {
        var dict = dict
        let key = parts.first!
        if parts.count == 1 {
            dict[key] = value
        } else {
            dict[key] = setting(dict[key] as? [String: Any] ?? [:], parts.dropFirst(), value)
        }
        return dict
    }

    mutating func addOverride(_ block: [String: Any]) {
        var list = self["overrides"] as? [[String: Any]] ?? []
        list.append(block)
        self["overrides"] = list
    }
}

/// A temporary directory removed at the end of the test.
final class TempDirectory {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "guardrank-toggles-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }
}
