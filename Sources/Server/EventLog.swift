import Foundation
import NIOCore
public import ServiceLifecycle
import Synchronization

/// Ranking and error events to rotating JSON-lines files, written off the request path.
///
/// `emit` only enqueues into a bounded `AsyncStream` buffer; when the writer falls behind the
/// buffer is full and the event is dropped and counted (the request never waits on disk).
/// Files are `events-<start>-<n>.jsonl` in the directory, rotated at `maxFileBytes`, the
/// `filesKept` newest kept. Without a directory, events are discarded (and not counted).
public final class EventLog: Service, Sendable {
    public let directory: String?
    private let stream: AsyncStream<ServingEvent>
    private let continuation: AsyncStream<ServingEvent>.Continuation
    private let maxFileBytes: Int
    private let filesKept: Int
    private let enqueuedCount = Atomic<Int>(0)
    private let droppedCount = Atomic<Int>(0)
    private let writtenCount = Atomic<Int>(0)

    public init(directory: String?, capacity: Int = ServerDefaults.eventQueueCapacity,
                maxFileBytes: Int = ServerDefaults.eventFileMaxBytes, filesKept: Int = ServerDefaults.eventFilesKept) throws {
        self.directory = directory
        self.maxFileBytes = maxFileBytes
        self.filesKept = filesKept
        (stream, continuation) = AsyncStream.makeStream(of: ServingEvent.self, bufferingPolicy: .bufferingOldest(capacity))
        if let directory {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
    }

    public func emit(_ event: ServingEvent) {
        guard directory != nil else { return }
        switch continuation.yield(event) {
        case .enqueued: enqueuedCount.add(1, ordering: .relaxed)
        case .dropped, .terminated: droppedCount.add(1, ordering: .relaxed)
        @unknown default: droppedCount.add(1, ordering: .relaxed)
        }
    }

    public var enqueued: Int { enqueuedCount.load(ordering: .relaxed) }
    public var dropped: Int { droppedCount.load(ordering: .relaxed) }
    public var written: Int { writtenCount.load(ordering: .relaxed) }

    /// Drains the queue into files until graceful shutdown, then writes what is left.
    public func run() async throws {
        guard let directory else {
            try? await gracefulShutdown()
            continuation.finish()
            return
        }
        var writer = RotatingFile(directory: directory, maxBytes: maxFileBytes, keep: filesKept)
        await withGracefulShutdownHandler {
            for await event in stream {
                writer.write(event.line())
                writtenCount.add(1, ordering: .relaxed)
            }
        } onGracefulShutdown: {
            self.continuation.finish()
        }
        writer.close()
    }
}

/// The current events file and its rotation.
struct RotatingFile {
    let directory: String
    let maxBytes: Int
    let keep: Int
    private let prefix: String
    private var handle: FileHandle?
    private var bytes = 0
    private var sequence = 0

    init(directory: String, maxBytes: Int, keep: Int) {
        self.directory = directory
        self.maxBytes = maxBytes
        self.keep = keep
        prefix = "events-\(Int(Date().timeIntervalSince1970))-\(getpid())"
    }

    mutating func write(_ line: ByteBuffer) {
        if handle == nil || bytes >= maxBytes { rotate() }
        guard let handle else { return }
        let data = Data(line.readableBytesView)
        handle.write(data)
        bytes += data.count
    }

    mutating func close() {
        try? handle?.synchronize()
        try? handle?.close()
        handle = nil
    }

    private mutating func rotate() {
        close()
        sequence += 1
        let path = "\(directory)/\(prefix)-\(String(format: "%05d", sequence)).jsonl"
        FileManager.default.createFile(atPath: path, contents: nil)
        handle = FileHandle(forWritingAtPath: path)
        bytes = 0
        prune()
    }

    /// Keeps the `keep` newest events files (names sort by start time, pid, then sequence).
    private func prune() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        let files = names.filter { $0.hasPrefix("events-") && $0.hasSuffix(".jsonl") }.sorted()
        for name in files.dropLast(keep) { try? FileManager.default.removeItem(atPath: "\(directory)/\(name)") }
    }
}
