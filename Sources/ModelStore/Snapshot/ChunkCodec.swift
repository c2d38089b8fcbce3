import CLZ4

/// LZ4 block compression of one chunk, and the matching verified decode.
package enum ChunkCodec {
    /// Compresses `raw` (at most `SnapshotDefaults.maxChunkSize` bytes); returns nil when LZ4 would
    /// not make it smaller, in which case the chunk is stored as is.
    package static func compress(_ raw: UnsafeRawBufferPointer) -> [UInt8]? {
        guard raw.count > 0, let source = raw.baseAddress else { return nil }
        let bound = Int(LZ4_compressBound(Int32(raw.count)))
        var size = 0
        let out = [UInt8](unsafeUninitializedCapacity: bound) { buffer, initialized in
            size = Int(LZ4_compress_default(source.assumingMemoryBound(to: CChar.self),
                                            UnsafeMutableRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self),
                                            Int32(raw.count), Int32(bound)))
            initialized = max(size, 0)
        }
        guard size > 0, size < raw.count else { return nil }
        return out
    }

    /// Verifies the chunk's checksum and decodes it into `destination` (exactly `chunk.rawSize`
    /// bytes). `file` is the whole mapped file; the table parser has checked the chunk lies inside it.
    package static func decode(_ chunk: ChunkEntry, from file: UnsafeRawBufferPointer,
                               into destination: UnsafeMutableRawPointer,
                               describe: (SnapshotError.Code, String) -> SnapshotError) throws(SnapshotError) {
        let stored = UnsafeRawBufferPointer(rebasing: file[chunk.fileOffset ..< chunk.fileOffset + chunk.storedSize])
        func verify(_ computed: UInt64) throws(SnapshotError) {
            guard computed == chunk.checksum else {
                throw describe(.checksumMismatch,
                               "checksum mismatch (stored \(hex(chunk.checksum)), computed \(hex(computed)))")
            }
        }
        let encoding = ChunkEncoding(rawValue: chunk.encodingRaw)
        if encoding == .stored {
            guard chunk.storedSize == chunk.rawSize else {
                throw describe(.sizeMismatch, "stored chunk has \(chunk.storedSize) bytes but declares \(chunk.rawSize)")
            }
            // Copied before the check (one pass over the bytes); on a mismatch the caller
            // discards the whole destination array.
            try verify(XXHash64.copyAndHash(from: file.baseAddress! + chunk.fileOffset, to: destination, count: chunk.rawSize))
            return
        }
        try verify(XXHash64.hash(stored))
        switch encoding {
        case .stored:
            break
        case .lz4:
            guard chunk.storedSize > 0 else { throw describe(.decompressionFailed, "empty LZ4 chunk") }
            let produced = LZ4_decompress_safe(stored.baseAddress!.assumingMemoryBound(to: CChar.self),
                                               destination.assumingMemoryBound(to: CChar.self),
                                               Int32(chunk.storedSize), Int32(chunk.rawSize))
            guard produced >= 0 else { throw describe(.decompressionFailed, "LZ4 refused the chunk (error \(produced))") }
            guard Int(produced) == chunk.rawSize else {
                throw describe(.sizeMismatch, "chunk decompressed to \(produced) bytes, expected \(chunk.rawSize)")
            }
        case nil:
            throw describe(.corruptTable, "unknown chunk encoding \(chunk.encodingRaw)")
        }
    }
}
