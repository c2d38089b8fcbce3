/// xoshiro256** seeded through SplitMix64 (Blackman and Vigna, https://prng.di.unimi.it/).
///
/// Implemented here rather than using `SystemRandomNumberGenerator` or Foundation so that a
/// seed gives the same stream on every platform and Swift version.
struct SeededRandom: RandomNumberGenerator {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// `stream` separates the generator's phases, so e.g. the catalog does not change when
    /// only the user count does.
    init(seed: UInt64, stream: UInt64 = 0) {
        var splitMix = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
        func next() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = next(); s1 = next(); s2 = next(); s3 = next()
    }

    /// A raw state, for known-answer tests against the reference implementation.
    init(state: (UInt64, UInt64, UInt64, UInt64)) {
        (s0, s1, s2, s3) = state
    }

    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform in [0, 1), 53 bits.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in 0..<bound, by Lemire's multiply-shift (bias below 2^-64 · bound, and
    /// unlike the standard library's `random(in:)` its algorithm is fixed here).
    mutating func below(_ bound: Int) -> Int {
        Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }
}
