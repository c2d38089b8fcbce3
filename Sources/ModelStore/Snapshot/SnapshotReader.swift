import Foundation
import Synchronization

/// A read-only memory map of a whole snapshot file, unmapped when released.
///
/// Mapping instead of reading saves one copy of gigabytes; chunks are then checked and
/// decoded straight from the page cache by several threads. Every offset is validated against
/// the size before it is touched, so a short file is an error, not a SIGBUS. (Snapshots are
/// replaced by rename, never rewritten in place, so the mapped file does not shrink under us.)
package final class MappedFile: @unchecked Sendable {
    package let bytes: UnsafeRawBufferPointer

    package init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SnapshotError(.io, path: path, reason: "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw SnapshotError(.io, path: path, reason: "cannot stat: \(String(cString: strerror(errno)))") }
        let size = Int(info.st_size)
        guard size > 0 else { throw SnapshotError(.emptyFile, path: path, offset: 0, reason: "the file is empty (0 bytes)") }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw SnapshotError(.io, path: path, reason: "cannot map \(size) bytes: \(String(cString: strerror(errno)))")
        }
        _ = madvise(base, size, MADV_WILLNEED)
        bytes = UnsafeRawBufferPointer(start: base, count: size)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count) }
}

/// Opens a snapshot and checks its frame (magic, header checksum, version, flags, footer,
/// table checksum and bounds); then decodes arrays on demand, verifying every chunk.
package struct SnapshotReader {
    package let path: String
    package let file: MappedFile
    package let header: SnapshotHeader
    package let table: SnapshotTable
    /// Sections by kind; unknown kinds are kept in `table` but never decoded.
    private let known: [SectionKind: SectionEntry]

    package init(path: String) throws {
        self.path = path
        file = try MappedFile(path: path)
        let bytes = file.bytes
        header = try SnapshotHeader.parse(bytes, path: path)
        let footer = try SnapshotFooter.parse(bytes, path: path)
        let tableBytes = UnsafeRawBufferPointer(rebasing: bytes[footer.tableOffset ..< footer.tableOffset + footer.tableSize])
        let computed = XXHash64.hash(tableBytes)
        guard computed == footer.tableChecksum else {
            throw SnapshotError(.corruptTable, path: path, offset: footer.tableOffset,
                                reason: "section table checksum mismatch (stored \(hex(footer.tableChecksum)), computed \(hex(computed)))")
        }
        table = try SnapshotTable.parse(tableBytes, tableOffset: footer.tableOffset,
                                        dataRange: SnapshotDefaults.headerSize ..< footer.tableOffset, path: path)
        var known: [SectionKind: SectionEntry] = [:]
        for section in table.sections {
            guard let kind = section.kind else { continue }  // forward compatibility: skip unknown kinds
            guard known[kind] == nil else {
                throw SnapshotError(.duplicateSection, path: path, section: kind.name, reason: "the section appears twice")
            }
            known[kind] = section
        }
        self.known = known
    }

    package func has(_ kind: SectionKind) -> Bool { known[kind] != nil }

    package func section(_ kind: SectionKind) throws -> SectionEntry {
        guard let section = known[kind] else {
            throw SnapshotError(.missingSection, path: path, section: kind.name,
                                reason: "required section is missing from the file")
        }
        return section
    }

    /// Decodes array `index` of `kind` into a Swift array: chunks are verified and decompressed
    /// in parallel straight into the array's storage (no per-element work, no second copy).
    /// (Advising huge pages for the destination was tried: it saves page faults when the kernel
    /// has free huge pages and costs more in compaction when it has not; left out.)
    package func decode<T: BitwiseCopyable>(_ kind: SectionKind, array index: Int, named name: String,
                                            as type: ElementType, _: T.Type = T.self) throws -> [T] {
        precondition(MemoryLayout<T>.size == type.size)
        let section = try section(kind)
        guard index < section.arrays.count else {
            throw SnapshotError(.sizeMismatch, path: path, section: kind.name,
                                reason: "array \(index) (\(name)) is missing: the section has \(section.arrays.count) arrays")
        }
        let array = section.arrays[index]
        guard array.elementTypeRaw == type.rawValue else {
            throw SnapshotError(.invalidContent, path: path, section: kind.name,
                                reason: "array \(name) has element type \(array.elementTypeRaw), expected \(type.rawValue) (\(type))")
        }
        var starts: [Int] = []
        var total = 0
        for chunk in array.chunks {
            starts.append(total)
            total += chunk.rawSize
        }
        let (expected, overflow) = array.elementCount.multipliedReportingOverflow(by: type.size)
        guard !overflow, total == expected else {
            throw SnapshotError(.sizeMismatch, path: path, section: kind.name,
                                reason: "array \(name) declares \(array.elementCount) elements (\(expected) bytes) but its chunks hold \(total) bytes")
        }
        if array.elementCount == 0 { return [] }
        let failure = Mutex<SnapshotError?>(nil)
        let fileBytes = file.bytes
        let path = path
        let result = [T](unsafeUninitializedCapacity: array.elementCount) { buffer, initialized in
            let destination = UnsafeMutableRawPointer(buffer.baseAddress!)
            parallelFor(array.chunks.count) { chunkIndex in
                let chunk = array.chunks[chunkIndex]
                do throws(SnapshotError) {
                    try ChunkCodec.decode(chunk, from: fileBytes, into: destination + starts[chunkIndex]) { code, reason in
                        SnapshotError(code, path: path, section: kind.name, chunk: chunkIndex, offset: chunk.fileOffset,
                                      reason: "array \(name): \(reason)")
                    }
                } catch {
                    // Keep the first failing chunk in file order, so the message does not depend on timing.
                    failure.withLock { first in
                        if first == nil || first!.chunk! > chunkIndex { first = error }
                    }
                }
            }
            // Trivial element types: every byte has been written unless a chunk failed, and then
            // the whole array is thrown away below.
            initialized = array.elementCount
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return result
    }
}

