/// The section kinds of format version 1. Numbers are stable forever; a reader skips kinds it
/// does not know, so new optional data is a new kind, not a version bump.
package enum SectionKind: UInt32, CaseIterable, Sendable {
    case metadata = 1
    case catalog = 2
    case itemFactors = 3
    case userFactors = 4
    case userIndex = 5
    case histories = 6
    case contentVectors = 7
    case popularity = 8
    case contentNeighbours = 9
    case collaborativeNeighbours = 10
    /// Optional (docs/model-format.md): the candidate index, so serving need not rebuild it.
    case candidateIndex = 11

    package var name: String { String(describing: self) }

    /// The kinds a version-1 file must contain; the others are optional.
    package static let required: [SectionKind] = allCases.filter { $0 != .candidateIndex }
}

/// The element type of one array of a section; arrays are little-endian memory images.
package enum ElementType: UInt8, Sendable {
    case bytes = 1
    case int32 = 2
    case int64 = 3
    case float32 = 4

    package var size: Int {
        switch self {
        case .bytes: 1
        case .int32, .float32: 4
        case .int64: 8
        }
    }
}

/// How one chunk's bytes are stored. `stored` is used when LZ4 would not make the chunk
/// smaller (trained factors are close to random floats), which also saves the decompression.
package enum ChunkEncoding: UInt8, Sendable {
    case stored = 0
    case lz4 = 1
}

/// One chunk of an array: where its bytes are, how big before and after compression, and the
/// xxHash64 of the bytes as stored in the file.
package struct ChunkEntry: Equatable, Sendable {
    package var fileOffset: Int
    package var storedSize: Int
    package var rawSize: Int
    package var encodingRaw: UInt8
    package var checksum: UInt64

    package static let encodedSize = 32
}

/// One array of a section: its element type, element count and chunks in order.
package struct ArrayEntry: Equatable, Sendable {
    package var elementTypeRaw: UInt8
    package var elementCount: Int
    package var chunks: [ChunkEntry]

    package static let encodedSize = 16
}

package struct SectionEntry: Equatable, Sendable {
    package var kindRaw: UInt32
    package var arrays: [ArrayEntry]

    package var kind: SectionKind? { SectionKind(rawValue: kindRaw) }
    package var name: String { kind?.name ?? "kind \(kindRaw)" }

    package static let encodedSize = 8
}

/// The section table, written after the data and located by the footer.
package struct SnapshotTable: Equatable, Sendable {
    package var sections: [SectionEntry]

    package func encoded() -> [UInt8] {
        var sink = ByteSink()
        sink.append(UInt32(sections.count))
        sink.append(UInt32(0))
        for section in sections {
            sink.append(section.kindRaw)
            sink.append(UInt32(section.arrays.count))
            for array in section.arrays {
                sink.append(array.elementTypeRaw)
                sink.append(bytes: [0, 0, 0])
                sink.append(UInt32(array.chunks.count))
                sink.append(UInt64(array.elementCount))
                for chunk in array.chunks {
                    sink.append(UInt64(chunk.fileOffset))
                    sink.append(UInt32(chunk.storedSize))
                    sink.append(UInt32(chunk.rawSize))
                    sink.append(chunk.encodingRaw)
                    sink.append(bytes: [0, 0, 0, 0, 0, 0, 0])
                    sink.append(chunk.checksum)
                }
            }
        }
        return sink.bytes
    }

    /// Parses a table whose checksum has been verified, still checking every count against the
    /// bytes left (so a bad count cannot make it allocate wildly) and every chunk against the
    /// data region `dataRange` of the file.
    package static func parse(_ bytes: UnsafeRawBufferPointer, tableOffset: Int, dataRange: Range<Int>,
                              path: String) throws(SnapshotError) -> SnapshotTable {
        func bad(_ reason: String, at position: Int) -> SnapshotError {
            SnapshotError(.corruptTable, path: path, offset: tableOffset + position, reason: reason)
        }
        var cursor = ByteCursor(bytes) { bad("section table ends early", at: $0) }
        let sectionCount = Int(try cursor.read(UInt32.self))
        try cursor.skip(4)
        guard sectionCount <= cursor.remaining / SectionEntry.encodedSize else {
            throw bad("section count \(sectionCount) does not fit in the table", at: 0)
        }
        var sections: [SectionEntry] = []
        for _ in 0 ..< sectionCount {
            let kind = try cursor.read(UInt32.self)
            let arrayCount = Int(try cursor.read(UInt32.self))
            guard arrayCount <= cursor.remaining / ArrayEntry.encodedSize else {
                throw bad("array count \(arrayCount) of section kind \(kind) does not fit in the table", at: cursor.position)
            }
            var arrays: [ArrayEntry] = []
            for _ in 0 ..< arrayCount {
                let type = try cursor.read(UInt8.self)
                try cursor.skip(3)
                let chunkCount = Int(try cursor.read(UInt32.self))
                let elementCount = try cursor.read(UInt64.self)
                guard chunkCount <= cursor.remaining / ChunkEntry.encodedSize, elementCount <= UInt64(Int.max / 8) else {
                    throw bad("array of section kind \(kind) has impossible counts", at: cursor.position)
                }
                var chunks: [ChunkEntry] = []
                chunks.reserveCapacity(chunkCount)
                for _ in 0 ..< chunkCount {
                    let entryStart = cursor.position
                    let offset = try cursor.read(UInt64.self)
                    let stored = Int(try cursor.read(UInt32.self))
                    let raw = Int(try cursor.read(UInt32.self))
                    let encoding = try cursor.read(UInt8.self)
                    try cursor.skip(7)
                    let checksum = try cursor.read(UInt64.self)
                    guard offset <= UInt64(dataRange.upperBound), Int(offset) >= dataRange.lowerBound,
                          stored <= dataRange.upperBound - Int(offset) else {
                        throw bad("chunk at \(offset) (\(stored) bytes) lies outside the data region \(dataRange)",
                                  at: entryStart)
                    }
                    guard raw <= SnapshotDefaults.maxChunkSize else {
                        throw bad("chunk raw size \(raw) exceeds the limit \(SnapshotDefaults.maxChunkSize)", at: entryStart)
                    }
                    chunks.append(ChunkEntry(fileOffset: Int(offset), storedSize: stored, rawSize: raw,
                                             encodingRaw: encoding, checksum: checksum))
                }
                arrays.append(ArrayEntry(elementTypeRaw: type, elementCount: Int(elementCount), chunks: chunks))
            }
            sections.append(SectionEntry(kindRaw: kind, arrays: arrays))
        }
        return SnapshotTable(sections: sections)
    }
}
