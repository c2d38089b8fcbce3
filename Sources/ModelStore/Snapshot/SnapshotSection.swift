/// One array of a section as the writer sees it: a Swift array whose storage is written as is.
package enum SnapshotArray: Sendable {
    case bytes([UInt8])
    case int32([Int32])
    case int64([Int64])
    case float32([Float])

    package var elementType: ElementType {
        switch self {
        case .bytes: .bytes
        case .int32: .int32
        case .int64: .int64
        case .float32: .float32
        }
    }

    package var count: Int {
        switch self {
        case .bytes(let a): a.count
        case .int32(let a): a.count
        case .int64(let a): a.count
        case .float32(let a): a.count
        }
    }

    /// The array's storage as bytes, without copying: this is the bulk (memcpy) encoding.
    package func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        switch self {
        case .bytes(let a): try a.withUnsafeBytes(body)
        case .int32(let a): try a.withUnsafeBytes(body)
        case .int64(let a): try a.withUnsafeBytes(body)
        case .float32(let a): try a.withUnsafeBytes(body)
        }
    }

    /// Strings as two arrays: `count + 1` Int64 byte offsets and one UTF-8 blob.
    package static func strings(_ strings: [String]) -> [SnapshotArray] {
        var offsets: [Int64] = [0]
        offsets.reserveCapacity(strings.count + 1)
        var blob: [UInt8] = []
        blob.reserveCapacity(strings.count * 8)
        for string in strings {
            blob.append(contentsOf: string.utf8)
            offsets.append(Int64(blob.count))
        }
        return [.int64(offsets), .bytes(blob)]
    }
}

/// A section as the writer sees it: a kind and its arrays, in the order the format defines.
package struct SnapshotSection: Sendable {
    package var kindRaw: UInt32
    package var arrays: [SnapshotArray]

    package init(_ kind: SectionKind, _ arrays: [SnapshotArray]) {
        self.kindRaw = kind.rawValue
        self.arrays = arrays
    }

    /// A section of a kind this build does not know (tests of forward compatibility).
    package init(unknownKind: UInt32, _ arrays: [SnapshotArray]) {
        self.kindRaw = unknownKind
        self.arrays = arrays
    }
}
