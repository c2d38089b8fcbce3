/// One changed field between two toggles files. `old`/`new` are compact JSON; nil means
/// the field is absent on that side.
public struct TogglesFieldChange: Sendable, Equatable, Encodable, CustomStringConvertible {
    public var path: String
    public var old: String?
    public var new: String?

    public var description: String { "\(path): \(old ?? "(absent)") -> \(new ?? "(absent)")" }
}

/// Field-level diff of two parsed files: objects compare key by key, arrays of objects
/// element by element, and arrays of scalars (scopes) as one value, which reads better
/// than per-index changes when a region is inserted.
public enum TogglesDiff {
    public static func diff(_ old: JSONNode, _ new: JSONNode) -> [TogglesFieldChange] {
        var out: [TogglesFieldChange] = []
        walk(old, new, "$", &out)
        return out
    }

    private static func walk(_ a: JSONNode?, _ b: JSONNode?, _ path: String, _ out: inout [TogglesFieldChange]) {
        switch (a?.value, b?.value) {
        case let (.object(x)?, .object(y)?):
            var keys = x.map(\.key)
            for key in y.map(\.key) where !keys.contains(key) { keys.append(key) }
            for key in keys {
                walk(x.first { $0.key == key }?.node, y.first { $0.key == key }?.node, "\(path).\(key)", &out)
            }
        case let (.array(x)?, .array(y)?) where containsObjects(x) || containsObjects(y):
            for i in 0..<max(x.count, y.count) {
                walk(i < x.count ? x[i] : nil, i < y.count ? y[i] : nil, "\(path)[\(i)]", &out)
            }
        default:
            if a != b || (a == nil) != (b == nil) {
                out.append(TogglesFieldChange(path: path, old: a?.jsonText, new: b?.jsonText))
            }
        }
    }

    private static func containsObjects(_ items: [JSONNode]) -> Bool {
        items.contains { if case .object = $0.value { true } else { false } }
    }
}
