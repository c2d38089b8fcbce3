/// The fixed-size header and footer that frame a snapshot file.
///
/// Header (32 bytes, layout identical in every format version so any reader can tell which
/// version a file is): magic, version, flags, reserved, xxHash64 of bytes 0..<24.
/// Footer (40 bytes, last in the file): table offset, table size, table xxHash64, file size,
/// end magic. See docs/model-format.md.
package struct SnapshotHeader: Equatable, Sendable {
    package var version: UInt32
    package var flags: UInt32

    package func encoded() -> [UInt8] {
        var sink = ByteSink()
        sink.append(bytes: SnapshotDefaults.magic)
        sink.append(version)
        sink.append(flags)
        sink.append(UInt64(0))
        sink.append(XXHash64.hash(sink.bytes))
        return sink.bytes
    }

    /// Checks magic, then the header checksum, then the version and flags, in that order: a
    /// corrupt header is reported as corrupt, not as "newer version".
    package static func parse(_ bytes: UnsafeRawBufferPointer, path: String) throws(SnapshotError) -> SnapshotHeader {
        let size = SnapshotDefaults.headerSize
        guard bytes.count >= SnapshotDefaults.magic.count,
              Array(bytes[0 ..< SnapshotDefaults.magic.count]) == SnapshotDefaults.magic else {
            throw SnapshotError(.badMagic, path: path, offset: 0,
                                reason: "not a guardrank model snapshot (the first bytes are not \"GRNKSNAP\")")
        }
        guard bytes.count >= size else {
            throw SnapshotError(.truncated, path: path, offset: bytes.count,
                                reason: "file ends inside the \(size)-byte header")
        }
        var cursor = ByteCursor(UnsafeRawBufferPointer(rebasing: bytes[0 ..< size])) { position in
            SnapshotError(.corruptHeader, path: path, offset: position, reason: "header ends early")
        }
        try cursor.skip(8)
        let version = try cursor.read(UInt32.self)
        let flags = try cursor.read(UInt32.self)
        try cursor.skip(8)
        let stored = try cursor.read(UInt64.self)
        let computed = XXHash64.hash(UnsafeRawBufferPointer(rebasing: bytes[0 ..< 24]))
        guard stored == computed else {
            throw SnapshotError(.corruptHeader, path: path, offset: 24,
                                reason: "header checksum mismatch (stored \(hex(stored)), computed \(hex(computed)))")
        }
        let supported = SnapshotDefaults.supportedVersions
        guard supported.contains(version) else {
            let reason = version > supported.upperBound
                ? "format version \(version) is newer than this build supports (≤ \(supported.upperBound)); upgrade guardrank to read it"
                : "format version \(version) is not one this build reads (\(supported.lowerBound)…\(supported.upperBound))"
            throw SnapshotError(.unsupportedVersion, path: path, offset: 8, reason: reason)
        }
        let unknown = flags & SnapshotDefaults.requiredFlagMask & ~SnapshotDefaults.knownRequiredFlags
        guard unknown == 0 else {
            throw SnapshotError(.unsupportedFlags, path: path, offset: 12,
                                reason: "header sets required flags \(hex(UInt64(unknown))) this build does not understand")
        }
        return SnapshotHeader(version: version, flags: flags)
    }
}

package struct SnapshotFooter: Equatable, Sendable {
    package var tableOffset: Int
    package var tableSize: Int
    package var tableChecksum: UInt64
    package var fileSize: Int

    package func encoded() -> [UInt8] {
        var sink = ByteSink()
        sink.append(UInt64(tableOffset))
        sink.append(UInt64(tableSize))
        sink.append(tableChecksum)
        sink.append(UInt64(fileSize))
        sink.append(bytes: SnapshotDefaults.endMagic)
        return sink.bytes
    }

    /// Reads the footer at the end of `file` and checks that it describes this file exactly.
    package static func parse(_ file: UnsafeRawBufferPointer, path: String) throws(SnapshotError) -> SnapshotFooter {
        let size = SnapshotDefaults.footerSize
        let start = file.count - size
        guard start >= SnapshotDefaults.headerSize,
              Array(file[(file.count - 8)...]) == SnapshotDefaults.endMagic else {
            throw SnapshotError(.truncated, path: path, offset: file.count,
                                reason: "the file does not end with the footer's \"GRNKEND!\": it was cut short or not completely written")
        }
        var cursor = ByteCursor(UnsafeRawBufferPointer(rebasing: file[start...])) { position in
            SnapshotError(.corruptFooter, path: path, offset: start + position, reason: "footer ends early")
        }
        let tableOffset = try cursor.read(UInt64.self)
        let tableSize = try cursor.read(UInt64.self)
        let checksum = try cursor.read(UInt64.self)
        let fileSize = try cursor.read(UInt64.self)
        guard fileSize == UInt64(file.count) else {
            throw SnapshotError(.corruptFooter, path: path, offset: start + 24,
                                reason: "footer records a file size of \(fileSize) bytes but the file has \(file.count)")
        }
        guard tableOffset >= UInt64(SnapshotDefaults.headerSize), tableSize <= UInt64(start),
              tableOffset == UInt64(start) - tableSize else {
            throw SnapshotError(.corruptFooter, path: path, offset: start,
                                reason: "footer places the section table at \(tableOffset) (\(tableSize) bytes), which does not end at the footer (\(start))")
        }
        return SnapshotFooter(tableOffset: Int(tableOffset), tableSize: Int(tableSize), tableChecksum: checksum,
                              fileSize: Int(fileSize))
    }
}

package func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }
