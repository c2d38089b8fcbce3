/// MurmurHash3 x86_32 (Austin Appleby, public domain), streaming so a key made of several
/// byte sequences ("<salt>" ":" "<user id>") is hashed without concatenating it first.
/// Matches the reference `MurmurHash3_x86_32` and Python's `mmh3.hash(key, seed, signed=False)`.
public struct Murmur3x86_32: Sendable {
    private var h: UInt32
    private var pending: UInt32 = 0
    private var pendingCount: UInt32 = 0
    private var length: UInt32 = 0

    private static let c1: UInt32 = 0xcc9e_2d51
    private static let c2: UInt32 = 0x1b87_3593

    public init(seed: UInt32 = 0) { h = seed }

    @inline(__always)
    private static func scramble(_ k: UInt32) -> UInt32 {
        var k = k &* c1
        k = (k << 15) | (k >> 17)
        return k &* c2
    }

    @inline(__always)
    public mutating func combine(_ byte: UInt8) {
        combineByte(byte)
    }

    @inline(__always)
    mutating func combineByte(_ byte: UInt8) {
        pending |= UInt32(byte) << (8 * pendingCount)
        pendingCount &+= 1
        length &+= 1
        if pendingCount == 4 {
            h ^= Self.scramble(pending)
            h = (h << 13) | (h >> 19)
            h = h &* 5 &+ 0xe654_6b64
            pending = 0
            pendingCount = 0
        }
    }

    public mutating func combine(contentsOf bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { combine(buffer: $0) }
        if done == nil {
            for byte in bytes { combineByte(byte) }
        }
    }

    /// Whole 4-byte blocks straight from memory when no partial block is pending.
    private mutating func combine(buffer: UnsafeBufferPointer<UInt8>) {
        var i = 0
        while pendingCount != 0, i < buffer.count {
            combineByte(buffer[i])
            i += 1
        }
        while buffer.count - i >= 4 {
            let k = UInt32(buffer[i]) | UInt32(buffer[i + 1]) << 8 | UInt32(buffer[i + 2]) << 16 | UInt32(buffer[i + 3]) << 24
            h ^= Self.scramble(k)
            h = (h << 13) | (h >> 19)
            h = h &* 5 &+ 0xe654_6b64
            length &+= 4
            i += 4
        }
        while i < buffer.count {
            combineByte(buffer[i])
            i += 1
        }
    }

    public func finalize() -> UInt32 {
        var h = self.h
        if pendingCount > 0 { h ^= Self.scramble(pending) }
        h ^= length
        h ^= h >> 16
        h = h &* 0x85eb_ca6b
        h ^= h >> 13
        h = h &* 0xc2b2_ae35
        h ^= h >> 16
        return h
    }

    /// One-shot hash of `bytes`.
    public static func hash(_ bytes: some Sequence<UInt8>, seed: UInt32 = 0) -> UInt32 {
        var hasher = Murmur3x86_32(seed: seed)
        hasher.combine(contentsOf: bytes)
        return hasher.finalize()
    }
}

/// Unleash's gradual-rollout bucket (SPEC §3): `murmur3_x86_32("<salt>:<user_id>", 0) % 100 + 1`.
/// The user id is hashed as the bytes received: pass `String.utf8` (Swift keeps a string's
/// bytes as given; only `==` compares canonically) or the raw request bytes.
public enum ExperimentBucket {
    public static func bucket(salt: some Sequence<UInt8>, userID: some Sequence<UInt8>) -> Int {
        var hasher = Murmur3x86_32(seed: 0)
        hasher.combine(contentsOf: salt)
        hasher.combine(UInt8(ascii: ":"))
        hasher.combine(contentsOf: userID)
        return Int(hasher.finalize() % 100) + 1
    }

    /// Exposed when the bucket is within the percentage (Unleash: `normalizedValue <= percentage`).
    public static func isExposed(bucket: Int, exposurePercent: Int) -> Bool {
        bucket <= exposurePercent
    }
}
