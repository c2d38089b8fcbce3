/// xxHash64 (Yann Collet's XXH64, https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md),
/// the checksum of every snapshot chunk, header and section table.
///
/// Why this hash: it is a fast non-cryptographic 64-bit hash (several GB/s per core, four
/// independent lanes the CPU overlaps), it is specified byte for byte, and `xxhsum -H64`
/// reproduces its values, so a chunk can be checked outside Swift. It detects accidental
/// corruption (disk, network, truncation), not tampering.
package enum XXHash64 {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    package static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = SnapshotDefaults.checksumSeed) -> UInt64 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return avalanche(seed &+ prime5) }
        var state = Stripes(seed: seed)
        let stripeBytes = bytes.count / 32 * 32
        state.consume(base, count: stripeBytes)
        return state.finish(tail: base + stripeBytes, count: bytes.count - stripeBytes)
    }

    /// Copies `count` bytes and returns the hash of the source, in one pass: 64 KiB blocks are
    /// hashed and then copied while still in cache, instead of reading gigabytes twice.
    package static func copyAndHash(from source: UnsafeRawPointer, to destination: UnsafeMutableRawPointer,
                                    count: Int, seed: UInt64 = SnapshotDefaults.checksumSeed) -> UInt64 {
        let block = 64 << 10
        var state = Stripes(seed: seed)
        var offset = 0
        while count - offset >= block {
            state.consume(source + offset, count: block)
            destination.advanced(by: offset).copyMemory(from: source + offset, byteCount: block)
            offset += block
        }
        let rest = count - offset
        if rest > 0 { destination.advanced(by: offset).copyMemory(from: source + offset, byteCount: rest) }
        let stripeBytes = rest / 32 * 32
        state.consume(source + offset, count: stripeBytes)
        return state.finish(tail: source + offset + stripeBytes, count: rest - stripeBytes)
    }

    /// The four lane accumulators over 32-byte stripes (the spec's steps 1–2), so a chunk can be
    /// hashed block by block; `finish` does steps 3–6 on the remaining < 32 bytes.
    package struct Stripes {
        private let seed: UInt64
        private var v1, v2, v3, v4: UInt64
        private var length = 0

        package init(seed: UInt64) {
            self.seed = seed
            v1 = seed &+ prime1 &+ prime2
            v2 = seed &+ prime2
            v3 = seed
            v4 = seed &- prime1
        }

        /// `count` must be a multiple of 32.
        @inline(__always)
        package mutating func consume(_ base: UnsafeRawPointer, count: Int) {
            var offset = 0
            while offset < count {
                v1 = round(v1, load(base, offset))
                v2 = round(v2, load(base, offset + 8))
                v3 = round(v3, load(base, offset + 16))
                v4 = round(v4, load(base, offset + 24))
                offset += 32
            }
            length += count
        }

        /// `count` must be below 32.
        package func finish(tail base: UnsafeRawPointer, count: Int) -> UInt64 {
            var acc: UInt64
            if length > 0 {
                acc = rotl(v1, 1) &+ rotl(v2, 7) &+ rotl(v3, 12) &+ rotl(v4, 18)
                acc = merge(acc, v1)
                acc = merge(acc, v2)
                acc = merge(acc, v3)
                acc = merge(acc, v4)
            } else {
                acc = seed &+ prime5
            }
            acc = acc &+ UInt64(length + count)
            var offset = 0
            while offset + 8 <= count {
                acc ^= round(0, load(base, offset))
                acc = rotl(acc, 27) &* prime1 &+ prime4
                offset += 8
            }
            if offset + 4 <= count {
                let word = UInt64(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                acc ^= word &* prime1
                acc = rotl(acc, 23) &* prime2 &+ prime3
                offset += 4
            }
            while offset < count {
                acc ^= UInt64(base.load(fromByteOffset: offset, as: UInt8.self)) &* prime5
                acc = rotl(acc, 11) &* prime1
                offset += 1
            }
            return avalanche(acc)
        }
    }

    package static func hash(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { hash($0) }
    }

    @inline(__always)
    private static func load(_ base: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }

    @inline(__always)
    private static func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
        rotl(acc &+ input &* prime2, 31) &* prime1
    }

    @inline(__always)
    private static func merge(_ acc: UInt64, _ lane: UInt64) -> UInt64 {
        (acc ^ round(0, lane)) &* prime1 &+ prime4
    }

    @inline(__always)
    private static func avalanche(_ value: UInt64) -> UInt64 {
        var h = value
        h ^= h >> 33
        h = h &* prime2
        h ^= h >> 29
        h = h &* prime3
        h ^= h >> 32
        return h
    }
}
