import Foundation
public import Logging
import NIOCore

/// swift-log handler writing one JSON object a line to stderr: time, level, label, message
/// and metadata (seed 002: structured logs with request ids). Callers never put tokens in.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var json = JSONWriter(capacity: 256)
        json.object {
            $0.field("time", Date().timeIntervalSince1970)
            $0.field("level", event.level.rawValue)
            $0.field("label", label)
            $0.field("message", event.message.description)
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            for (key, value) in merged.sorted(by: { $0.key < $1.key }) { $0.field(key, value.description) }
        }
        json.newline()
        let bytes = json.bytes
        // One write(2) per line: lines from concurrent requests never interleave.
        bytes.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
    }
}
