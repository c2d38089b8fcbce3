import Foundation
import RankingCore
import Testing
@testable import Guardrails

/// `Config/runtime_toggles.schema.json` says what the Swift validator enforces: the same
/// toggle names, enum values, ranges and required baselines. (scripts/check-schema.py checks
/// the shipped file against it with python-jsonschema, optionally.)
@Suite struct TogglesSchemaTests {
    static let config = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Config")

    let schema: JSONNode

    init() throws {
        let data = try Data(contentsOf: Self.config.appendingPathComponent("runtime_toggles.schema.json"))
        schema = try TogglesConfig.parseDocument(Array(data), file: "runtime_toggles.schema.json")
    }

    func strings(_ node: JSONNode?) -> [String] {
        guard case let .array(items)? = node?.value else { return [] }
        return items.compactMap { if case let .string(s) = $0.value { s } else { nil } }
    }

    func number(_ node: JSONNode?) -> Double? {
        if case let .number(n)? = node?.value { n } else { nil }
    }

    @Test func enumsMatchTheSwiftTypes() {
        let settings = schema["$defs"]?["settings"]?["properties"]
        #expect(strings(settings?["policy_mode"]?["enum"]) == PolicyMode.allCases.map(\.rawValue))
        #expect(strings(settings?["cache_mode"]?["enum"]) == CacheMode.allCases.map(\.rawValue))
        #expect(strings(settings?["candidate_fallback_level"]?["enum"]) == FallbackLevel.allCases.map(\.rawValue))
    }

    @Test func rangesMatchTheValidator() {
        let settings = schema["$defs"]?["settings"]?["properties"]
        #expect(number(settings?["alpha_override"]?["minimum"]) == 0 && number(settings?["alpha_override"]?["maximum"]) == 1)
        #expect(number(settings?["exposure_percent"]?["minimum"]) == 0 && number(settings?["exposure_percent"]?["maximum"]) == 100)
        #expect(number(schema["properties"]?["metadata"]?["properties"]?["schema_version"]?["const"]) == Double(TogglesDefaults.schemaVersion))
    }

    @Test func requiredKeysMatchTheValidator() {
        let properties = schema["properties"]
        #expect(Set(strings(properties?["defaults"]?["required"])) == Set(ToggleKey.all))
        #expect(strings(properties?["baselines"]?["required"]) == TogglesDefaults.requiredBaselines)
        #expect(Set(strings(properties?["metadata"]?["required"])).count == 6)
    }
}
