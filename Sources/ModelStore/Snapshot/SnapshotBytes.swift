#if _endian(big)
#error("The snapshot format stores arrays as little-endian memory images; big-endian hosts are not supported.")
#endif

/// Appends little-endian fixed-width integers: the header, table and footer encoder.
package struct ByteSink {
    package private(set) var bytes: [UInt8] = []

    package init() {}

    package mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    package mutating func append(bytes more: [UInt8]) { bytes.append(contentsOf: more) }
}

/// Reads little-endian fixed-width integers from a bounded region, throwing (never trapping)
/// when a read would run past its end.
package struct ByteCursor {
    private let base: UnsafeRawBufferPointer
    package private(set) var position: Int
    /// Turns "ran out of bytes" into the caller's error (it knows the file and region).
    private let overrun: (Int) -> SnapshotError

    package init(_ base: UnsafeRawBufferPointer, overrun: @escaping (Int) -> SnapshotError) {
        self.base = base
        self.position = 0
        self.overrun = overrun
    }

    package var remaining: Int { base.count - position }

    package mutating func read<T: FixedWidthInteger>(_: T.Type) throws(SnapshotError) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw overrun(position) }
        let value = T(littleEndian: base.loadUnaligned(fromByteOffset: position, as: T.self))
        position += size
        return value
    }

    package mutating func readBytes(_ count: Int) throws(SnapshotError) -> [UInt8] {
        guard count >= 0, remaining >= count else { throw overrun(position) }
        let slice = Array(base[position ..< position + count])
        position += count
        return slice
    }

    package mutating func skip(_ count: Int) throws(SnapshotError) {
        guard count >= 0, remaining >= count else { throw overrun(position) }
        position += count
    }
}
