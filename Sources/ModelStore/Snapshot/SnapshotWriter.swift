import Foundation
import RankingCore

/// Knobs of the writer that only tests and tools change.
package struct SnapshotWriteOptions: Sendable {
    /// Raw bytes per chunk; tests use a few KiB to get many chunks from a small model.
    package var chunkSize = SnapshotDefaults.chunkSize
    /// Version written in the header (tests write "newer" files with it).
    package var formatVersion = SnapshotDefaults.currentVersion
    package var flags: UInt32 = 0
    /// Refuse to write a model whose arrays disagree; tests turn it off to make such a file.
    package var checkConsistency = true
    /// Simulated failure: the write fails with EIO once this many bytes have been written.
    package var failAfterBytes: Int?
    /// Extra sections appended after the model's (tests of unknown-kind skipping).
    package var extraSections: [SnapshotSection] = []
    /// Write the optional candidate-index section (the model's own, or one built at write time
    /// for a catalog of at least `indexThreshold` items); tests lower the threshold.
    package var persistIndex = true
    package var indexThreshold = RankingDefaults.indexThreshold

    package init() {}
}

/// Writes sections to a snapshot file atomically: a temporary file in the same directory,
/// fsync, rename over the target, fsync of the directory. A reader sees the old file or the
/// new one, never a half-written one; on any failure the temporary file is removed.
package struct SnapshotWriter {
    package static func write(_ sections: [SnapshotSection], to path: String,
                              options: SnapshotWriteOptions) throws -> Int {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ioError(path, "cannot create temporary file \(temporary)") }
        var file = OutputFile(fd: fd, path: path, failAfter: options.failAfterBytes)
        do {
            try file.write(SnapshotHeader(version: options.formatVersion, flags: options.flags).encoded())
            var table = SnapshotTable(sections: [])
            for section in sections + options.extraSections {
                var entry = SectionEntry(kindRaw: section.kindRaw, arrays: [])
                for array in section.arrays {
                    entry.arrays.append(try writeArray(array, chunkSize: options.chunkSize, to: &file))
                }
                table.sections.append(entry)
            }
            let tableBytes = table.encoded()
            let tableOffset = file.written
            try file.write(tableBytes)
            let footer = SnapshotFooter(tableOffset: tableOffset, tableSize: tableBytes.count,
                                        tableChecksum: XXHash64.hash(tableBytes),
                                        fileSize: file.written + SnapshotDefaults.footerSize)
            try file.write(footer.encoded())
            guard fsync(fd) == 0 else { throw ioError(path, "fsync of \(temporary) failed") }
            guard close(fd) == 0 else { file.closed = true; throw ioError(path, "close of \(temporary) failed") }
            file.closed = true
            guard rename(temporary, path) == 0 else { throw ioError(path, "rename of \(temporary) failed") }
        } catch {
            if !file.closed { close(fd) }
            unlink(temporary)
            throw error
        }
        // The rename is durable only once the directory entry is on disk.
        let dirFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 {
            _ = fsync(dirFD)
            close(dirFD)
        }
        return file.written
    }

    /// Compresses an array's storage chunk by chunk (a batch of chunks in parallel, then
    /// written in order, so memory stays at a few chunks whatever the array's size).
    private static func writeArray(_ array: SnapshotArray, chunkSize: Int,
                                   to file: inout OutputFile) throws -> ArrayEntry {
        let elementSize = array.elementType.size
        let step = max(elementSize, min(chunkSize, SnapshotDefaults.maxChunkSize) / elementSize * elementSize)
        var entry = ArrayEntry(elementTypeRaw: array.elementType.rawValue, elementCount: array.count, chunks: [])
        try array.withUnsafeBytes { raw in
            let ranges = stride(from: 0, to: raw.count, by: step).map { $0 ..< min($0 + step, raw.count) }
            let batch = max(2, ProcessInfo.processInfo.activeProcessorCount * 2)
            for batchStart in stride(from: 0, to: ranges.count, by: batch) {
                let batchRanges = Array(ranges[batchStart ..< min(batchStart + batch, ranges.count)])
                var compressed = [[UInt8]?](repeating: nil, count: batchRanges.count)
                compressed.withUnsafeMutableBufferPointer { slots in
                    parallelFor(batchRanges.count) { index in
                        slots[index] = ChunkCodec.compress(UnsafeRawBufferPointer(rebasing: raw[batchRanges[index]]))
                    }
                }
                for (index, range) in batchRanges.enumerated() {
                    let offset = file.written
                    if let bytes = compressed[index] {
                        try file.write(bytes)
                        entry.chunks.append(ChunkEntry(fileOffset: offset, storedSize: bytes.count, rawSize: range.count,
                                                       encodingRaw: ChunkEncoding.lz4.rawValue,
                                                       checksum: XXHash64.hash(bytes)))
                    } else {
                        let stored = UnsafeRawBufferPointer(rebasing: raw[range])
                        try file.write(stored)
                        entry.chunks.append(ChunkEntry(fileOffset: offset, storedSize: range.count, rawSize: range.count,
                                                       encodingRaw: ChunkEncoding.stored.rawValue,
                                                       checksum: XXHash64.hash(stored)))
                    }
                }
            }
        }
        return entry
    }

    fileprivate static func ioError(_ path: String, _ what: String, errno code: Int32 = errno) -> SnapshotError {
        SnapshotError(.io, path: path, reason: "\(what): \(String(cString: strerror(code)))")
    }
}

/// A file descriptor plus the count of bytes written, with full-write loops and the test fault.
private struct OutputFile {
    let fd: Int32
    let path: String
    let failAfter: Int?
    var written = 0
    var closed = false

    init(fd: Int32, path: String, failAfter: Int?) {
        self.fd = fd
        self.path = path
        self.failAfter = failAfter
    }

    mutating func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            if let failAfter, written + (bytes.count - done) > failAfter {
                throw SnapshotWriter.ioError(path, "write failed after \(written) bytes (simulated)", errno: EIO)
            }
            let n = Glibc.write(fd, bytes.baseAddress! + done, min(bytes.count - done, 1 << 30))
            if n < 0 {
                if errno == EINTR { continue }
                throw SnapshotWriter.ioError(path, "write failed after \(written) bytes")
            }
            done += n
            written += n
        }
    }
}
