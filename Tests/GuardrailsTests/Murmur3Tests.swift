import Testing
@testable import Guardrails

@Suite struct Murmur3Tests {
    @Test(arguments: [
        ("", UInt32(0), UInt32(0)),
        ("hello", 0, 0x248b_fa47),
        ("The quick brown fox jumps over the lazy dog", 0, 0x2e4f_f723),
        ("a", 0, 0x3c25_69b2), ("ab", 0, 0x9bbf_d75f), ("abc", 0, 0xb3dd_93fa),
        ("abcd", 0, 0x43ed_676a), ("abcde", 0, 0xe89b_9af6),
        ("a", 42, 0xb2e5_a263), ("abcde", 42, 0xaeda_2bf0),
    ])
    func knownVectors(key: String, seed: UInt32, expected: UInt32) {
        #expect(Murmur3x86_32.hash(key.utf8, seed: seed) == expected)
    }

    @Test func streamingEqualsOneShot() {
        var hasher = Murmur3x86_32()
        hasher.combine(contentsOf: "The quick brown ".utf8)
        hasher.combine(UInt8(ascii: "f"))
        hasher.combine(contentsOf: "ox jumps over the lazy dog".utf8)
        #expect(hasher.finalize() == 0x2e4f_f723)
    }

    /// Golden buckets from Python: `mmh3.hash("golden-salt:" + user, 0, signed=False) % 100 + 1`.
    @Test(arguments: [
        ("alice", 66), ("bob", 24), ("carol", 38), ("user-1", 69), ("user-2", 67), ("user-42", 98),
        ("user-1000", 90), ("", 92), ("12345", 58), ("caf\u{e9}", 31), ("\u{1F600}", 57),
        (String(repeating: "x", count: 100), 26), ("zo\u{eb}", 75), ("zoe\u{308}", 96),
        ("\u{c5}ngstr\u{f6}m", 92), ("A\u{30a}ngstro\u{308}m", 31),
    ])
    func goldenBuckets(user: String, bucket: Int) {
        #expect(ExperimentBucket.bucket(salt: "golden-salt".utf8, userID: user.utf8) == bucket)
    }

    /// Equal Swift strings with different bytes land in different buckets: the bytes count.
    @Test func hashesBytesNotCanonicalStrings() {
        let composed = "zo\u{eb}", decomposed = "zoe\u{308}"
        #expect(composed == decomposed)
        #expect(ExperimentBucket.bucket(salt: "golden-salt".utf8, userID: composed.utf8)
            != ExperimentBucket.bucket(salt: "golden-salt".utf8, userID: decomposed.utf8))
    }

    @Test func bucketsAreInRangeAndRoughlyUniform() {
        var exposed = 0
        for i in 0..<10_000 {
            let b = ExperimentBucket.bucket(salt: "golden-salt".utf8, userID: "user-\(i)".utf8)
            #expect((1...100).contains(b))
            if ExperimentBucket.isExposed(bucket: b, exposurePercent: 30) { exposed += 1 }
        }
        #expect(exposed == 2984)  // Python: same count over the same 10,000 users
    }
}

extension Murmur3Tests {
    /// The contiguous fast path and the byte-by-byte path agree at every split point.
    @Test func contiguousAndByteWisePathsAgree() {
        let text = Array("The quick brown fox jumps over the lazy dog".utf8)
        for split in 0...text.count {
            var h = Murmur3x86_32()
            for b in text[..<split] { h.combine(b) }
            h.combine(contentsOf: Array(text[split...]))
            #expect(h.finalize() == 0x2e4f_f723)
        }
    }
}
