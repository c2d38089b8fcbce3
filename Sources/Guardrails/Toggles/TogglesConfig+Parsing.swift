import RankingCore

extension TogglesConfig {
    /// Parses and validates a toggles file. Refuses the whole file on any error, listing
    /// every error found; warnings (contradictions and how they resolve) ride along in
    /// `warnings` of the result, or in the thrown error's issues.
    public static func parse(_ bytes: [UInt8], file: String) throws(TogglesValidationError) -> TogglesConfig {
        if bytes.count > TogglesDefaults.maxFileBytes {
            throw .file(file, "file is \(bytes.count) bytes, more than the \(TogglesDefaults.maxFileBytes) a toggles file may have")
        }
        let root = try parseDocument(bytes, file: file)
        var walker = TogglesWalker(file: file)
        let config = walker.config(from: root)
        if walker.issues.contains(where: { $0.severity == .error }) { throw TogglesValidationError(issues: walker.issues) }
        guard var config else { throw TogglesValidationError(issues: walker.issues) }
        config.warnings = walker.issues + ContradictionCheck.warnings(for: config)
        return config
    }
}

extension TogglesConfig {
    /// Only the JSON syntax check: the parsed tree, for diffing files that may not validate.
    public static func parseDocument(_ bytes: [UInt8], file: String) throws(TogglesValidationError) -> JSONNode {
        do throws(JSONParser.SyntaxError) {
            return try JSONParser.parse(bytes)
        } catch {
            throw TogglesValidationError(issues: [
                TogglesIssue(severity: .error, file: file, line: error.line, path: "$", value: nil,
                             reason: "JSON syntax error at line \(error.line), column \(error.column): \(error.reason)"),
            ])
        }
    }
}

/// The hand-written walk over the parsed file: checks types, ranges and names, collecting
/// every issue with its JSON path.
struct TogglesWalker {
    let file: String
    var issues: [TogglesIssue] = []

    private static let topKeys = ["metadata", "defaults", "overrides", "baselines", "active_profile", "unexposed_profile"]
    private static let metadataKeys = ["schema_version", "config_version", "environment", "updated_by", "reason", "experiment_salt"]

    mutating func error(_ path: String, _ node: JSONNode?, _ reason: String) {
        issues.append(TogglesIssue(severity: .error, file: file, line: node?.line, path: path, value: node?.jsonText, reason: reason))
    }

    mutating func warning(_ path: String, _ node: JSONNode?, _ reason: String) {
        issues.append(TogglesIssue(severity: .warning, file: file, line: node?.line, path: path, value: node?.jsonText, reason: reason))
    }

    /// Members of an object, reporting unknown keys (with a suggestion) and missing required ones.
    mutating func members(_ node: JSONNode, _ path: String, known: [String], required: [String]) -> [String: JSONNode]? {
        guard case let .object(list) = node.value else {
            error(path, node, "must be an object, found \(Self.typeName(node))")
            return nil
        }
        var out: [String: JSONNode] = [:]
        for (key, value) in list {
            if known.contains(key) {
                out[key] = value
            } else {
                error("\(path).\(key)", value, "unknown key \"\(key)\"\(Suggestion.hint(key, among: known))")
            }
        }
        for key in required where out[key] == nil {
            error("\(path).\(key)", nil, "required key \"\(key)\" is missing")
        }
        return out
    }

    static func typeName(_ node: JSONNode) -> String {
        switch node.value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    mutating func config(from root: JSONNode) -> TogglesConfig? {
        guard let top = members(root, "$", known: Self.topKeys, required: ["metadata", "defaults", "baselines"]) else { return nil }
        let metadata = top["metadata"].flatMap { self.metadata($0) }
        var defaults: TogglePatch?
        if let node = top["defaults"] {
            defaults = block(node, "$.defaults", kind: .defaults).map(\.patch)
        }
        var overrides: [ScopedPatch] = []
        if let node = top["overrides"] {
            if case let .array(items) = node.value {
                for (i, item) in items.enumerated() {
                    if let b = block(item, "$.overrides[\(i)]", kind: .override) {
                        overrides.append(ScopedPatch(scope: b.scope, patch: b.patch, source: b.name ?? "overrides[\(i)]"))
                    }
                }
            } else {
                error("$.overrides", node, "must be an array of override blocks, found \(Self.typeName(node))")
            }
        }
        var baselines: [String: TogglePatch] = [:]
        if let node = top["baselines"], let list = members(node, "$.baselines", known: Self.knownBaselineNames(node), required: TogglesDefaults.requiredBaselines) {
            for (name, value) in list {
                if name.isEmpty { error("$.baselines", value, "baseline name must not be empty"); continue }
                if let b = block(value, "$.baselines.\(name)", kind: .baseline) { baselines[name] = b.patch }
            }
        }
        let activeProfile = profileName(top["active_profile"], "$.active_profile", baselines: baselines, nullable: true)
        let unexposed = profileName(top["unexposed_profile"], "$.unexposed_profile", baselines: baselines, nullable: false)
        guard let metadata, let defaults else { return nil }
        return TogglesConfig(
            file: file, metadata: metadata, defaults: defaults, overrides: overrides, baselines: baselines,
            activeProfile: activeProfile, unexposedProfile: unexposed ?? TogglesDefaults.unexposedBaseline,
            document: root, warnings: []
        )
    }

    /// Any name is a valid baseline name; the required ones must be there.
    private static func knownBaselineNames(_ node: JSONNode) -> [String] {
        guard case let .object(list) = node.value else { return [] }
        return list.map(\.key)
    }

    private mutating func profileName(_ node: JSONNode?, _ path: String, baselines: [String: TogglePatch], nullable: Bool) -> String? {
        guard let node else { return nil }
        switch node.value {
        case .null where nullable: return nil
        case let .string(name):
            if baselines[name] == nil {
                error(path, node, "unknown baseline \"\(name)\"\(Suggestion.hint(name, among: baselines.keys.sorted())); known: \(baselines.keys.sorted().joined(separator: ", "))")
                return nil
            }
            return name
        default:
            error(path, node, "must be a baseline name\(nullable ? " or null" : ""), found \(Self.typeName(node))")
            return nil
        }
    }

    private mutating func metadata(_ node: JSONNode) -> TogglesMetadata? {
        guard let m = members(node, "$.metadata", known: Self.metadataKeys, required: Self.metadataKeys) else { return nil }
        var schema: Int?
        if let v = m["schema_version"] {
            if case let .number(n) = v.value, n.rounded() == n {
                if Int(n) == TogglesDefaults.schemaVersion { schema = Int(n) } else {
                    error("$.metadata.schema_version", v, "unsupported schema version; this build reads version \(TogglesDefaults.schemaVersion)")
                }
            } else {
                error("$.metadata.schema_version", v, "must be a whole number, found \(Self.typeName(v))")
            }
        }
        func text(_ key: String) -> String? {
            guard let v = m[key] else { return nil }
            guard case let .string(s) = v.value else {
                error("$.metadata.\(key)", v, "must be a string, found \(Self.typeName(v))")
                return nil
            }
            if s.allSatisfy(\.isWhitespace) {
                error("$.metadata.\(key)", v, "must not be empty")
                return nil
            }
            return s
        }
        let version = text("config_version"), env = text("environment"), by = text("updated_by")
        let reason = text("reason"), salt = text("experiment_salt")
        guard let schema, let version, let env, let by, let reason, let salt else { return nil }
        return TogglesMetadata(schemaVersion: schema, configVersion: version, environment: env, updatedBy: by, reason: reason, experimentSalt: salt)
    }
}
