/// One problem found in a toggles file, phrased for the operator who has to fix it:
/// which file, which line, which JSON path, what value, and why it is wrong.
public struct TogglesIssue: Sendable, Equatable, Encodable, CustomStringConvertible {
    public enum Severity: String, Sendable, Encodable {
        /// The file is refused.
        case error
        /// The file is accepted; the message says how the evaluator resolves it.
        case warning
    }

    public var severity: Severity
    public var file: String
    /// 1-based line, when known (syntax errors, and the line where the offending value starts).
    public var line: Int?
    /// JSON path of the offending value, `$` for the whole document, e.g. `$.overrides[1].exposure_percent`.
    public var path: String
    /// The offending value as compact JSON, when there is one.
    public var value: String?
    public var reason: String

    public init(severity: Severity, file: String, line: Int?, path: String, value: String?, reason: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.path = path
        self.value = value
        self.reason = reason
    }

    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        s += ": \(severity.rawValue): \(path): \(reason)"
        if let value { s += " (value: \(value.count > 80 ? String(value.prefix(77)) + "..." : value))" }
        return s
    }
}

/// Thrown when a toggles file is refused. Carries every error found (and the warnings), so
/// one validation run lists everything to fix instead of one problem per attempt.
public struct TogglesValidationError: Error, Sendable, CustomStringConvertible {
    public var issues: [TogglesIssue]

    public init(issues: [TogglesIssue]) { self.issues = issues }

    public var errors: [TogglesIssue] { issues.filter { $0.severity == .error } }
    public var warnings: [TogglesIssue] { issues.filter { $0.severity == .warning } }

    public var description: String { errors.map(\.description).joined(separator: "\n") }

    /// A refusal that is not about the content: missing, unreadable or oversized file.
    static func file(_ file: String, _ reason: String) -> TogglesValidationError {
        TogglesValidationError(issues: [TogglesIssue(severity: .error, file: file, line: nil, path: "$", value: nil, reason: reason)])
    }
}

/// "Did you mean" for unknown names: the closest known name within a small edit distance.
enum Suggestion {
    static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let d = distance(word.lowercased(), candidate.lowercased())
            if d <= TogglesDefaults.suggestionMaxDistance, d < (best?.1 ?? .max) { best = (candidate, d) }
        }
        return best?.0
    }

    static func hint(_ word: String, among candidates: some Sequence<String>) -> String {
        closest(to: word, among: candidates).map { "; did you mean \"\($0)\"?" } ?? ""
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
