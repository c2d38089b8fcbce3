import Foundation

/// Bearer tokens of the admin API, from `--tokens FILE` or `GUARDRANK_ADMIN_TOKENS` (the same
/// JSON: `{"tokens":[{"token":"…","role":"viewer|operator","name":"…"}]}`). With none
/// configured every admin request is refused: the admin API is closed by default.
public struct AdminTokens: Sendable {
    public enum Role: String, Sendable, Codable, Comparable {
        case viewer, `operator`

        public static func < (lhs: Role, rhs: Role) -> Bool { lhs == .viewer && rhs == .operator }
    }

    public struct Entry: Sendable, Codable {
        public var token: String
        public var role: Role
        public var name: String
    }

    private struct File: Codable { var tokens: [Entry] }

    public let entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    public static func parse(_ data: Data, source: String) throws -> AdminTokens {
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch {
            throw LoadError(description: "\(source): expected {\"tokens\":[{\"token\":…,\"role\":\"viewer|operator\",\"name\":…}]}: \(error)")
        }
        for (index, entry) in file.tokens.enumerated() where entry.token.utf8.count < 16 {
            throw LoadError(description: "\(source): tokens[\(index)] (\(entry.name)) is shorter than 16 characters")
        }
        return AdminTokens(entries: file.tokens)
    }

    /// The entry whose token equals `presented`. Compares against every token, each in time
    /// independent of where the bytes differ, so timing tells nothing about a token.
    public func authenticate(_ presented: String) -> Entry? {
        let given = Array(presented.utf8)
        var match: Entry?
        for entry in entries {
            let expected = Array(entry.token.utf8)
            var difference = UInt8(given.count == expected.count ? 0 : 1)
            for index in 0..<expected.count {
                difference |= expected[index] ^ (index < given.count ? given[index] : 0)
            }
            if difference == 0 && match == nil { match = entry }
        }
        return match
    }
}
