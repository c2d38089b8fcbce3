import RankingCore

/// Parsing one block of toggles: `defaults`, an override block or a baseline.
extension TogglesWalker {
    enum BlockKind {
        /// All twelve toggles required; scopes must be empty (defaults apply everywhere).
        case defaults
        /// At least one non-empty scope; no `experiment_freeze` (bucketing is global).
        case override
        /// Settings only: no scopes, no `kill_switch` (it selects the emergency baseline),
        /// no `experiment_freeze`.
        case baseline
    }

    struct Block {
        var patch = TogglePatch()
        var scope = ToggleScope()
        var name: String?
    }

    mutating func block(_ node: JSONNode, _ path: String, kind: BlockKind) -> Block? {
        let known: [String]
        switch kind {
        case .defaults: known = ToggleKey.all
        case .override: known = ToggleKey.all.filter { $0 != ToggleKey.experimentFreeze } + ["name"]
        case .baseline: known = ToggleKey.settings.filter { $0 != ToggleKey.killSwitch && $0 != ToggleKey.experimentFreeze }
        }
        let before = issues.count
        guard let m = membersForBlock(node, path, known: known, kind: kind) else { return nil }
        var b = Block()
        for (key, value) in m {
            let p = "\(path).\(key)"
            switch key {
            case ToggleKey.alphaOverride:
                switch value.value {
                case .null: b.patch.alphaOverride = .some(nil)
                case let .number(n) where (0...1).contains(n): b.patch.alphaOverride = .some(n)
                case .number: error(p, value, "must be between 0 and 1 (or null for the policy's α)")
                default: error(p, value, "must be a number between 0 and 1 or null, found \(Self.typeName(value))")
                }
            case ToggleKey.policyMode: b.patch.policyMode = enumValue(value, p, PolicyMode.self)
            case ToggleKey.cacheMode: b.patch.cacheMode = enumValue(value, p, CacheMode.self)
            case ToggleKey.candidateFallbackLevel: b.patch.candidateFallbackLevel = enumValue(value, p, FallbackLevel.self)
            case ToggleKey.disableCF: b.patch.disableCF = bool(value, p)
            case ToggleKey.disableContent: b.patch.disableContent = bool(value, p)
            case ToggleKey.killSwitch: b.patch.killSwitch = bool(value, p)
            case ToggleKey.experimentFreeze: b.patch.experimentFreeze = bool(value, p)
            case ToggleKey.exposurePercent:
                switch value.value {
                case let .number(n) where n.rounded() != n: error(p, value, "must be a whole number of percent (buckets are 1...100)")
                case let .number(n) where !(0...100).contains(n): error(p, value, "must be between 0 and 100")
                case let .number(n): b.patch.exposurePercent = n
                default: error(p, value, "must be a number between 0 and 100, found \(Self.typeName(value))")
                }
            case ToggleKey.regionScope: b.scope.regions = scopeList(value, p, kind: kind) ?? []
            case ToggleKey.cohortScope: b.scope.cohorts = scopeList(value, p, kind: kind) ?? []
            case ToggleKey.clientScope: b.scope.clients = scopeList(value, p, kind: kind) ?? []
            case "name":
                if case let .string(s) = value.value, !s.isEmpty { b.name = s } else { error(p, value, "must be a non-empty string") }
            default: break
            }
        }
        if kind == .override {
            if b.scope.specificity == 0, !m.keys.contains(where: ToggleKey.scopes.contains) {
                error(path, nil, "override block has no region_scope, cohort_scope or client_scope; settings for every request belong in $.defaults")
            }
            if !m.keys.contains(where: ToggleKey.settings.contains) {
                warning(path, nil, "override block sets no toggle; it has no effect")
            }
        }
        return issues[before...].contains { $0.severity == .error } ? nil : b
    }

    private mutating func membersForBlock(_ node: JSONNode, _ path: String, known: [String], kind: BlockKind) -> [String: JSONNode]? {
        guard case let .object(list) = node.value else {
            error(path, node, "must be an object of toggles, found \(Self.typeName(node))")
            return nil
        }
        var out: [String: JSONNode] = [:]
        for (key, value) in list {
            if known.contains(key) { out[key] = value; continue }
            let p = "\(path).\(key)"
            if ToggleKey.all.contains(key) {
                switch (kind, key) {
                case (.override, ToggleKey.experimentFreeze), (.baseline, ToggleKey.experimentFreeze):
                    error(p, value, "experiment_freeze is global; set it in $.defaults")
                case (.baseline, ToggleKey.killSwitch):
                    error(p, value, "a baseline cannot set kill_switch; the kill switch selects the emergency baseline")
                default:
                    error(p, value, "a baseline applies everywhere and cannot be scoped; use an override block")
                }
            } else {
                error(p, value, "unknown toggle \"\(key)\"\(Suggestion.hint(key, among: known))")
            }
        }
        if kind == .defaults {
            for key in ToggleKey.all where out[key] == nil {
                error("\(path).\(key)", nil, "toggle \"\(key)\" is missing; $.defaults must set all twelve toggles")
            }
        }
        return out
    }

    private mutating func bool(_ node: JSONNode, _ path: String) -> Bool? {
        if case let .bool(b) = node.value { return b }
        var hint = ""
        if case let .string(s) = node.value, ["true", "false"].contains(s.lowercased()) { hint = "; write \(s.lowercased()) without quotes" }
        error(path, node, "must be true or false, found \(Self.typeName(node))\(hint)")
        return nil
    }

    private mutating func enumValue<E: RawRepresentable & CaseIterable>(_ node: JSONNode, _ path: String, _: E.Type) -> E?
    where E.RawValue == String {
        let names = E.allCases.map(\.rawValue)
        guard case let .string(s) = node.value else {
            error(path, node, "must be one of \(names.joined(separator: ", ")), found \(Self.typeName(node))")
            return nil
        }
        if let e = E(rawValue: s) { return e }
        let suggestion = Suggestion.closest(to: s, among: names) ?? names.first { $0.hasPrefix(s.lowercased()) || s.lowercased().hasPrefix($0) }
        error(path, node, "unknown value \"\(s)\"\(suggestion.map { "; did you mean \"\($0)\"?" } ?? ""); expected one of \(names.joined(separator: ", "))")
        return nil
    }

    private mutating func scopeList(_ node: JSONNode, _ path: String, kind: BlockKind) -> [String]? {
        guard case let .array(items) = node.value else {
            error(path, node, "must be an array of strings, found \(Self.typeName(node))")
            return nil
        }
        if kind == .defaults {
            if !items.isEmpty { error(path, node, "must be [] in $.defaults (defaults apply everywhere); put scoped settings in an override block") }
            return []
        }
        if items.isEmpty {
            error(path, node, "empty scope list; name at least one value or remove the key")
            return nil
        }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            guard case let .string(s) = item.value else {
                error("\(path)[\(i)]", item, "scope values must be strings, found \(Self.typeName(item))")
                continue
            }
            if s.isEmpty { error("\(path)[\(i)]", item, "scope value must not be empty"); continue }
            if out.contains(s) { warning("\(path)[\(i)]", item, "duplicate scope value \"\(s)\"; ignored"); continue }
            out.append(s)
        }
        return out
    }
}
