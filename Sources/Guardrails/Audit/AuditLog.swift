#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import Foundation
import Synchronization

/// An append-only JSON-lines file: one record a line, each written whole and fsynced before
/// `append` returns, so a record that was acknowledged survives a crash and a crash never
/// leaves a torn line in the middle of the file (at worst a torn last line, which
/// `readAll` reports and skips).
///
/// Used for every applied or refused toggles change and every rollback transition and action.
public final class AuditLog: Sendable {
    public let path: String
    private let descriptor: Mutex<Int32>

    public struct OpenError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot open audit log \(path): \(reason)" }
    }

    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OpenError(path: path, reason: String(cString: strerror(errno))) }
        self.descriptor = Mutex(fd)
    }

    deinit {
        descriptor.withLock { fd in _ = close(fd) }
    }

    /// Encodes `record` as one JSON line (keys sorted, so records diff cleanly), appends and fsyncs it.
    public func append(_ record: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        var line = try encoder.encode(record)
        line.append(UInt8(ascii: "\n"))
        try descriptor.withLock { fd in
            try line.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw OpenError(path: path, reason: "write failed: \(String(cString: strerror(errno)))")
                    }
                    offset += written
                }
            }
            guard fsync(fd) == 0 else {
                throw OpenError(path: path, reason: "fsync failed: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Every complete record in the file as raw JSON lines; a torn last line (crash mid-write
    /// before fsync) is not returned and is counted in `tornLines`.
    public static func readAll(path: String) throws -> (records: [Data], tornLines: Int) {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var records: [Data] = []
        var torn = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            if (try? JSONSerialization.jsonObject(with: Data(line))) != nil {
                records.append(Data(line))
            } else {
                torn += 1
            }
        }
        return (records, torn)
    }
}
