import Foundation
import Testing
@testable import Guardrails

/// One kind of invalid file: its content, the JSON path the error must name and a
/// substring of the reason.
struct InvalidCase: CustomTestStringConvertible, Sendable {
    var label: String
    var text: String
    var path: String
    var reason: String
    var testDescription: String { label }

    init(_ label: String, raw text: String, _ path: String, _ reason: String) {
        self.label = label
        self.text = text
        self.path = path
        self.reason = reason
    }

    init(_ label: String, _ path: String, _ reason: String, edit: (inout [String: Any]) -> Void) {
        self.init(label, raw: TogglesFixture.text(edit), path, reason)
    }
}

extension InvalidCase {
    static let syntax: [InvalidCase] = [
        InvalidCase("empty file", raw: "", "$", "file is empty"),
        InvalidCase("whitespace only", raw: "  \n\t\n", "$", "file is empty"),
        InvalidCase("truncated inside a string", raw: #"{"metadata": {"reason": "half"#, "$", "truncated"),
        InvalidCase("truncated after a comma", raw: #"{"metadata": {"schema_version": 1,"#, "$", "truncated"),
        InvalidCase("trailing comma in object", raw: #"{"a": 1,}"#, "$", "trailing comma before '}'"),
        InvalidCase("trailing comma in array", raw: #"{"a": [1,]}"#, "$", "trailing comma before ']'"),
        InvalidCase("missing colon", raw: #"{"a" 1}"#, "$", "expected ':' after key \"a\""),
        InvalidCase("unquoted key", raw: #"{a: 1}"#, "$", "expected a double-quoted key"),
        InvalidCase("single quotes", raw: #"{"a": 'x'}"#, "$", "strings must use double quotes"),
        InvalidCase("garbage after the document", raw: #"{"a": 1} x"#, "$", "after the end of the top-level value"),
        InvalidCase("bad literal", raw: #"{"a": tru}"#, "$", "invalid literal; expected 'true'"),
        InvalidCase("leading zero", raw: #"{"a": 01}"#, "$", "leading zero"),
        InvalidCase("number ends in a dot", raw: #"{"a": 1.}"#, "$", "digit expected after '.'"),
        InvalidCase("newline inside a string", raw: "{\"a\": \"x\ny\"}", "$", "newline inside a string"),
        InvalidCase("control character in a string", raw: "{\"a\": \"x\u{1}y\"}", "$", "control character"),
        InvalidCase("invalid escape", raw: #"{"a": "\x"}"#, "$", "invalid escape"),
        InvalidCase("unpaired surrogate", raw: #"{"a": "\ud800"}"#, "$", "unpaired UTF-16 surrogate"),
        InvalidCase("duplicate key", raw: #"{"kill_switch": true, "kill_switch": false}"#, "$", "duplicate key \"kill_switch\""),
        InvalidCase("NaN", raw: #"{"a": NaN}"#, "$", "expected a JSON value"),
        InvalidCase("comment", raw: "{\n// note\n}", "$", "comments are not allowed"),
        InvalidCase("byte-order mark", raw: "\u{FEFF}{}", "$", "byte-order mark"),
        InvalidCase("number out of range", raw: #"{"a": 1e400}"#, "$", "out of range"),
        InvalidCase("nesting too deep", raw: String(repeating: "[", count: 100), "$", "nesting deeper than"),
        InvalidCase("root is an array", raw: "[]", "$", "must be an object, found an array"),
    ]

    static let metadata: [InvalidCase] = [
        InvalidCase("metadata missing", "$.metadata", "required key \"metadata\" is missing") { $0["metadata"] = nil },
        InvalidCase("metadata not an object", "$.metadata", "must be an object, found a string") { $0["metadata"] = "v1" },
        InvalidCase("schema_version missing", "$.metadata.schema_version", "is missing") { $0.set("metadata.schema_version", nil) },
        InvalidCase("schema_version unsupported", "$.metadata.schema_version", "unsupported schema version") { $0.set("metadata.schema_version", 2) },
        InvalidCase("schema_version fractional", "$.metadata.schema_version", "whole number") { $0.set("metadata.schema_version", 1.5) },
        InvalidCase("config_version empty", "$.metadata.config_version", "must not be empty") { $0.set("metadata.config_version", " ") },
        InvalidCase("config_version a number", "$.metadata.config_version", "must be a string, found a number") { $0.set("metadata.config_version", 7) },
        InvalidCase("updated_by empty", "$.metadata.updated_by", "must not be empty") { $0.set("metadata.updated_by", "") },
        InvalidCase("reason missing", "$.metadata.reason", "is missing") { $0.set("metadata.reason", nil) },
        InvalidCase("experiment_salt missing", "$.metadata.experiment_salt", "is missing") { $0.set("metadata.experiment_salt", nil) },
        InvalidCase("unknown metadata key", "$.metadata.enviroment", "did you mean \"environment\"?") { $0.set("metadata.enviroment", "x") },
        InvalidCase("unknown top-level key", "$.overides", "did you mean \"overrides\"?") { $0["overides"] = [Any]() },
    ]

    static let defaults: [InvalidCase] = [
        InvalidCase("defaults missing", "$.defaults", "required key \"defaults\" is missing") { $0["defaults"] = nil },
        InvalidCase("defaults missing a toggle", "$.defaults.cache_mode", "must set all twelve toggles") { $0.set("defaults.cache_mode", nil) },
        InvalidCase("unknown toggle", "$.defaults.expsure_percent", "did you mean \"exposure_percent\"?") { $0.set("defaults.expsure_percent", 5) },
        InvalidCase("alpha above 1", "$.defaults.alpha_override", "between 0 and 1") { $0.set("defaults.alpha_override", 1.5) },
        InvalidCase("alpha negative", "$.defaults.alpha_override", "between 0 and 1") { $0.set("defaults.alpha_override", -0.1) },
        InvalidCase("alpha a string", "$.defaults.alpha_override", "found a string") { $0.set("defaults.alpha_override", "0.5") },
        InvalidCase("policy prefix", "$.defaults.policy_mode", "did you mean \"hybrid_default\"?") { $0.set("defaults.policy_mode", "hybrid") },
        InvalidCase("policy typo", "$.defaults.policy_mode", "did you mean \"collab_only\"?") { $0.set("defaults.policy_mode", "colab_only") },
        InvalidCase("policy a number", "$.defaults.policy_mode", "must be one of hybrid_default") { $0.set("defaults.policy_mode", 1) },
        InvalidCase("disable_cf quoted", "$.defaults.disable_cf", "write true without quotes") { $0.set("defaults.disable_cf", "true") },
        InvalidCase("disable_content a number", "$.defaults.disable_content", "must be true or false, found a number") { $0.set("defaults.disable_content", 1) },
        InvalidCase("fallback level E", "$.defaults.candidate_fallback_level", "unknown value \"E\"") { $0.set("defaults.candidate_fallback_level", "E") },
        InvalidCase("fallback level lowercase", "$.defaults.candidate_fallback_level", "did you mean \"D\"?") { $0.set("defaults.candidate_fallback_level", "d") },
        InvalidCase("kill_switch null", "$.defaults.kill_switch", "found null") { $0.set("defaults.kill_switch", NSNull()) },
        InvalidCase("exposure above 100", "$.defaults.exposure_percent", "between 0 and 100") { $0.set("defaults.exposure_percent", 101) },
        InvalidCase("exposure negative", "$.defaults.exposure_percent", "between 0 and 100") { $0.set("defaults.exposure_percent", -1) },
        InvalidCase("exposure fractional", "$.defaults.exposure_percent", "whole number") { $0.set("defaults.exposure_percent", 12.5) },
        InvalidCase("exposure a string", "$.defaults.exposure_percent", "found a string") { $0.set("defaults.exposure_percent", "50") },
        InvalidCase("cache_mode unknown", "$.defaults.cache_mode", "expected one of cold, prewarm, warm_only") { $0.set("defaults.cache_mode", "hot") },
        InvalidCase("cache_mode typo", "$.defaults.cache_mode", "did you mean \"warm_only\"?") { $0.set("defaults.cache_mode", "warm-only") },
        InvalidCase("freeze not a bool", "$.defaults.experiment_freeze", "must be true or false") { $0.set("defaults.experiment_freeze", "yes") },
        InvalidCase("scope in defaults", "$.defaults.region_scope", "must be [] in $.defaults") { $0.set("defaults.region_scope", ["eu"]) },
        InvalidCase("scope not an array", "$.defaults.cohort_scope", "must be an array of strings") { $0.set("defaults.cohort_scope", "all") },
        InvalidCase("defaults not an object", "$.defaults", "must be an object of toggles") { $0["defaults"] = [1, 2] },
    ]

    static let overrides: [InvalidCase] = [
        InvalidCase("overrides not an array", "$.overrides", "must be an array of override blocks") { $0["overrides"] = ["a": 1] },
        InvalidCase("override not an object", "$.overrides[0]", "must be an object of toggles") { $0["overrides"] = ["eu"] },
        InvalidCase("override without scope", "$.overrides[0]", "has no region_scope, cohort_scope or client_scope") {
            $0.addOverride(["exposure_percent": 5])
        },
        InvalidCase("override with empty scope", "$.overrides[0].region_scope", "empty scope list") {
            $0.addOverride(["region_scope": [String](), "exposure_percent": 5])
        },
        InvalidCase("scope value a number", "$.overrides[0].region_scope[1]", "scope values must be strings") {
            $0.addOverride(["region_scope": ["eu", 3] as [Any], "exposure_percent": 5])
        },
        InvalidCase("scope value empty", "$.overrides[0].client_scope[0]", "scope value must not be empty") {
            $0.addOverride(["client_scope": [""], "exposure_percent": 5])
        },
        InvalidCase("freeze in an override", "$.overrides[0].experiment_freeze", "experiment_freeze is global") {
            $0.addOverride(["region_scope": ["eu"], "experiment_freeze": true])
        },
        InvalidCase("unknown toggle in an override", "$.overrides[1].cache_mod", "did you mean \"cache_mode\"?") {
            $0.addOverride(["region_scope": ["eu"], "cache_mode": "cold"])
            $0.addOverride(["region_scope": ["us"], "cache_mod": "cold"])
        },
        InvalidCase("override name not a string", "$.overrides[0].name", "non-empty string") {
            $0.addOverride(["region_scope": ["eu"], "name": 5, "cache_mode": "cold"])
        },
        InvalidCase("bad value in an override", "$.overrides[0].alpha_override", "between 0 and 1") {
            $0.addOverride(["cohort_scope": ["beta"], "alpha_override": 2])
        },
    ]

    static let baselines: [InvalidCase] = [
        InvalidCase("baselines missing", "$.baselines", "required key \"baselines\" is missing") { $0["baselines"] = nil },
        InvalidCase("baselines not an object", "$.baselines", "must be an object") { $0["baselines"] = [String]() },
        InvalidCase("emergency baseline missing", "$.baselines.emergency", "required key \"emergency\" is missing") { $0.set("baselines.emergency", nil) },
        InvalidCase("baseline scoped", "$.baselines.degraded.region_scope", "cannot be scoped") { $0.set("baselines.degraded.region_scope", ["eu"]) },
        InvalidCase("baseline sets kill_switch", "$.baselines.emergency.kill_switch", "cannot set kill_switch") { $0.set("baselines.emergency.kill_switch", true) },
        InvalidCase("baseline sets freeze", "$.baselines.degraded.experiment_freeze", "experiment_freeze is global") { $0.set("baselines.degraded.experiment_freeze", true) },
        InvalidCase("baseline exposure out of range", "$.baselines.degraded.exposure_percent", "between 0 and 100") { $0.set("baselines.degraded.exposure_percent", 200) },
        InvalidCase("baseline unknown toggle", "$.baselines.collab_only.polcy_mode", "did you mean \"policy_mode\"?") { $0.set("baselines.collab_only.polcy_mode", "collab_only") },
        InvalidCase("baseline with empty name", "$.baselines", "baseline name must not be empty") {
            var baselines = $0["baselines"] as! [String: Any]
            baselines[""] = ["policy_mode": "content_only"]
            $0["baselines"] = baselines
        },
        InvalidCase("active_profile unknown", "$.active_profile", "did you mean \"emergency\"?") { $0["active_profile"] = "emergncy" },
        InvalidCase("active_profile a number", "$.active_profile", "must be a baseline name or null") { $0["active_profile"] = 3 },
        InvalidCase("unexposed_profile unknown", "$.unexposed_profile", "unknown baseline \"nope\"") { $0["unexposed_profile"] = "nope" },
        InvalidCase("unexposed_profile null", "$.unexposed_profile", "must be a baseline name, found null") { $0["unexposed_profile"] = NSNull() },
    ]

    static let all = syntax + metadata + defaults + overrides + baselines
}

@Suite struct TogglesValidationTests {
    @Test func thereAreAtLeastFiftyKinds() {
        #expect(InvalidCase.all.count >= 50)
    }

    /// Each invalid file is refused with the expected path and reason, and the store keeps
    /// serving the configuration it had.
    @Test(arguments: InvalidCase.all)
    func refusedWhileOldConfigServes(_ c: InvalidCase) throws {
        let store = try TogglesStore(bytes: Array(TogglesFixture.text(version: "good").utf8), file: "t.json")
        let outcome = store.apply(Array(c.text.utf8), file: "t.json")
        guard case let .refused(errors) = outcome else {
            Issue.record("not refused: \(outcome)")
            return
        }
        #expect(errors.contains { $0.path == c.path && $0.reason.contains(c.reason) }, "got: \(errors.map(\.description))")
        #expect(errors.allSatisfy { $0.file == "t.json" && $0.severity == .error })
        #expect(store.snapshot().configVersion == "good")
        #expect(store.evaluate(ToggleContext(userID: "u")).configVersion == "good")
        #expect(store.failureCount == 1 && store.successCount == 0)
        #expect(store.lastStatus.ok == false)
    }

    @Test func oversizedFileIsRefused() {
        let big = [UInt8](repeating: UInt8(ascii: " "), count: TogglesDefaults.maxFileBytes + 1)
        #expect { try TogglesConfig.parse(big, file: "big.json") } throws: { error in
            (error as? TogglesValidationError)?.errors.first?.reason.contains("more than") == true
        }
    }

    @Test func invalidUTF8InAStringIsRefused() {
        let bytes = Array(#"{"a": ""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8)
        #expect { try TogglesConfig.parse(bytes, file: "x.json") } throws: { error in
            (error as? TogglesValidationError)?.errors.first?.reason.contains("not valid UTF-8") == true
        }
    }

    @Test func syntaxErrorsNameLineAndColumn() throws {
        let text = "{\n  \"metadata\": {\n    \"reason\": \"x\",,\n  }\n}"
        let error = try #require(throws: TogglesValidationError.self) { try TogglesConfig.parse(Array(text.utf8), file: "f.json") }
        let issue = try #require(error.errors.first)
        #expect(issue.line == 3)
        #expect(issue.reason.contains("line 3, column 19"))  // the second comma
        #expect(issue.description.hasPrefix("f.json:3: error: $: JSON syntax error"))
    }

    @Test func structuralErrorsNameTheValuesLine() throws {
        let text = TogglesFixture.text { $0.set("defaults.exposure_percent", 150) }
        let expectedLine = text.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("150") }! + 1
        let error = try #require(throws: TogglesValidationError.self) { try TogglesConfig.parse(Array(text.utf8), file: "f.json") }
        #expect(error.errors.first?.line == expectedLine)
        #expect(error.errors.first?.value == "150")
    }

    @Test func everyErrorIsReportedAtOnce() throws {
        let text = TogglesFixture.text {
            $0.set("defaults.exposure_percent", 150)
            $0.set("defaults.cache_mode", "hot")
            $0["active_profile"] = "nope"
        }
        let error = try #require(throws: TogglesValidationError.self) { try TogglesConfig.parse(Array(text.utf8), file: "f.json") }
        #expect(Set(error.errors.map(\.path)) == ["$.defaults.exposure_percent", "$.defaults.cache_mode", "$.active_profile"])
    }

    @Test func shippedFileIsValidWithoutWarnings() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Config/runtime_toggles.json")
        let config = try TogglesConfig.parse(Array(try Data(contentsOf: url)), file: url.path)
        #expect(config.warnings.isEmpty)
        #expect(Set(config.baselines.keys).isSuperset(of: TogglesDefaults.requiredBaselines))
        #expect(config.activeProfile == nil)
        #expect(config.baselines["emergency"] == TogglePatch(policyMode: .contentOnly, candidateFallbackLevel: .d, exposurePercent: 10))
        #expect(config.baselines["degraded"] == TogglePatch(policyMode: .contentOnly, candidateFallbackLevel: .c, exposurePercent: 50))
    }

    @Test func contradictionsAreWarningsWithTheResolution() throws {
        let config = try TogglesFixture.config {
            $0.set("defaults.disable_cf", true)
            $0.set("defaults.disable_content", true)
            $0.addOverride(["region_scope": ["eu"], "policy_mode": "collab_only", "disable_content": false, "disable_cf": true])
            $0.set("baselines.collab_only.alpha_override", 0.3)
        }
        let byPath = Dictionary(grouping: config.warnings, by: \.path)
        #expect(byPath["$.defaults"]?.contains { $0.reason.contains("popularity serves (start level D)") } == true)
        #expect(byPath["$.overrides[0]"]?.contains { $0.reason.contains("served as content_only") } == true)
        #expect(byPath["$.baselines.collab_only"]?.contains { $0.reason.contains("alpha_override is ignored") } == true)
        #expect(config.warnings.allSatisfy { $0.severity == .warning })
    }

    @Test func killSwitchAndActiveProfileWarn() throws {
        let config = try TogglesFixture.config {
            $0.set("defaults.kill_switch", true)
            $0["active_profile"] = "degraded"
        }
        #expect(config.warnings.contains { $0.path == "$.defaults.kill_switch" })
        #expect(config.warnings.contains { $0.path == "$.active_profile" && $0.reason.contains("degraded") })
    }

    @Test func duplicateScopeValuesWarn() throws {
        let config = try TogglesFixture.config { $0.addOverride(["region_scope": ["eu", "eu"], "cache_mode": "cold"]) }
        #expect(config.warnings.contains { $0.path == "$.overrides[0].region_scope[1]" && $0.reason.contains("duplicate") })
        #expect(config.overrides[0].scope.regions == ["eu"])
    }

    @Test func emptyOverrideBlockWarns() throws {
        let config = try TogglesFixture.config { $0.addOverride(["region_scope": ["eu"]]) }
        #expect(config.warnings.contains { $0.path == "$.overrides[0]" && $0.reason.contains("sets no toggle") })
    }

    @Test func suggestionDistance() {
        #expect(Suggestion.distance("kitten", "sitting") == 3)
        #expect(Suggestion.closest(to: "kill_swich", among: ToggleKey.all) == "kill_switch")
        #expect(Suggestion.closest(to: "banana", among: ToggleKey.all) == nil)
    }
}
