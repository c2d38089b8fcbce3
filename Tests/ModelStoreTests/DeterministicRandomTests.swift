import Foundation
import Testing
@testable import ModelStore

/// The generator's building blocks against independent references.
@Suite struct DeterministicRandomTests {
    /// First outputs of the reference xoshiro256** (prng.di.unimi.it) from state {1, 2, 3, 4},
    /// as the rand_xoshiro crate's test vectors list them.
    @Test func xoshiroMatchesReference() {
        var random = SeededRandom(state: (1, 2, 3, 4))
        #expect((0..<4).map { _ in random.next() } == [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240])
    }

    @Test func unitAndBelowStayInRange() {
        var random = SeededRandom(seed: 1)
        for _ in 0..<10_000 {
            let u = random.unit()
            #expect(u >= 0 && u < 1)
            #expect((0..<7).contains(random.below(7)))
        }
    }

    @Test(arguments: [1e-300, 0.001, 0.5, 1, 1.5, 2, 10, 12345.678, 1e6, 1e300])
    func logMatchesLibm(_ x: Double) {
        #expect(abs(DeterministicMath.log(x) - Foundation.log(x)) <= 1e-14 * max(1, abs(Foundation.log(x))))
    }

    @Test(arguments: [-600.0, -50, -1, -1e-9, 0, 0.3, 1, 20, 600])
    func expMatchesLibm(_ y: Double) {
        #expect(abs(DeterministicMath.exp(y) - Foundation.exp(y)) <= 1e-14 * Foundation.exp(y))
    }

    @Test func zipfHeadOutweighsTail() {
        let table = ZipfTable(count: 1_000, exponent: 1)
        var random = SeededRandom(seed: 5)
        var counts = [Int](repeating: 0, count: 1_000)
        for _ in 0..<100_000 { counts[table.sample(prefix: 1_000, using: &random)] += 1 }
        // Rank 1 vs rank 10 should be ~10:1 at exponent 1.
        let ratio = Double(counts[0]) / Double(counts[9])
        #expect(ratio > 7 && ratio < 14, "ratio \(ratio)")
        #expect(counts.prefix(10).reduce(0, +) > counts.suffix(500).reduce(0, +))
    }
}
