#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import Foundation

/// The controller's state file: written whole on every change through `DurableFile`, so a
/// crash leaves either the old state or the new one, never half of either.
public struct RollbackStateStore: Sendable {
    public let path: String

    /// A state file that exists but cannot be used.
    public struct LoadError: Error, CustomStringConvertible, Equatable {
        public let path: String
        public let reason: String
        public var description: String { "rollback state \(path): \(reason)" }
    }

    public struct SaveError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot save rollback state \(path): \(reason)" }
    }

    /// On-disk shape: the status plus a version, so a future change of shape is refused
    /// rather than misread.
    struct File: Codable {
        var version: Int
        var status: RollbackStatus
    }

    static let version = 1

    public init(path: String) { self.path = path }

    /// nil when there is no file (first start); throws when there is one that can't be read.
    public func load() throws(LoadError) -> RollbackStatus? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw LoadError(path: path, reason: "unreadable: \(error.localizedDescription)")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let file: File
        do { file = try decoder.decode(File.self, from: data) } catch {
            throw LoadError(path: path, reason: "not a valid state file (\(data.count) bytes): \(Self.describe(error))")
        }
        guard file.version == Self.version else { throw LoadError(path: path, reason: "version \(file.version), expected \(Self.version)") }
        return file.status
    }

    public func save(_ status: RollbackStatus) throws(SaveError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.dateEncodingStrategy = .iso8601
        let data: Data
        do { data = try encoder.encode(File(version: Self.version, status: status)) } catch {
            throw SaveError(path: path, reason: "encoding failed: \(error)")
        }
        do {
            try DurableFile.replace(path, with: data)
        } catch {
            throw SaveError(path: path, reason: error.reason)
        }
    }

    /// Moves an unusable state file aside (kept for the post-mortem) and returns its new path.
    public func quarantine(now: Date) -> String? {
        let aside = "\(path).corrupt-\(Int(now.timeIntervalSince1970))"
        return rename(path, aside) == 0 ? aside : nil
    }

    private static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        switch decoding {
        case .dataCorrupted(let c), .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c):
            let field = c.codingPath.map(\.stringValue).joined(separator: ".")
            return field.isEmpty ? c.debugDescription : "\(field): \(c.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
