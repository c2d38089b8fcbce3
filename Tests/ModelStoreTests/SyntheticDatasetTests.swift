import Testing
@testable import ModelStore

@Suite struct SyntheticDatasetTests {
    static let small = SyntheticDataset.Configuration(items: 1_000, users: 2_000, seed: 7)

    @Test func sameSeedGivesEqualDatasets() {
        #expect(SyntheticDataset.generate(Self.small) == SyntheticDataset.generate(Self.small))
    }

    @Test func differentSeedDiffers() {
        var other = Self.small
        other.seed = 8
        let a = SyntheticDataset.generate(Self.small)
        let b = SyntheticDataset.generate(other)
        #expect(a.interactionItems != b.interactionItems)
        #expect(a.items != b.items)
    }

    /// Pins the stream: a change to the RNG, the math or the sampling order shows up here,
    /// so "same seed, same dataset on every machine" is checked rather than assumed.
    @Test func pinnedValuesForSeed42() {
        let dataset = SyntheticDataset.generate(.init(items: 100, users: 10, seed: 42))
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ value: UInt64) { hash = (hash ^ value) &* 0x100_0000_01B3 }
        for i in 0..<dataset.interactionCount {
            mix(UInt64(dataset.interactionItems[i]))
            mix(UInt64(bitPattern: dataset.interactionTimestamps[i]))
            mix(UInt64(dataset.interactionWeights[i].bitPattern))
        }
        #expect(dataset.interactionCount == SyntheticDatasetTests.pinnedCount)
        #expect(hash == SyntheticDatasetTests.pinnedHash, "hash \(hash), count \(dataset.interactionCount)")
    }

    static let pinnedCount = 149
    static let pinnedHash: UInt64 = 7_356_327_622_036_368_043

    @Test func shape() {
        let dataset = SyntheticDataset.generate(Self.small)
        #expect(dataset.itemCount == 1_000)
        #expect(dataset.userCount == 2_000)
        #expect(dataset.userIDs.first == "u1")
        #expect(Set(dataset.items.map(\.id)).count == 1_000)
        let mean = Double(dataset.interactionCount) / Double(dataset.userCount)
        #expect(mean > 12 && mean < 25, "mean interactions per user \(mean)")

        // Every user has at least one interaction; interactions are grouped by user, in order.
        var perUser = [Int](repeating: 0, count: dataset.userCount)
        for u in dataset.interactionUsers { perUser[Int(u)] += 1 }
        #expect(perUser.allSatisfy { $0 >= 1 })
        #expect(zip(dataset.interactionUsers, dataset.interactionUsers.dropFirst()).allSatisfy { $0 <= $1 })
        // Heavy tail: the heaviest user has many times the mean.
        #expect(Double(perUser.max()!) > 5 * mean)

        // Timestamps strictly increase within each user.
        for i in 1..<dataset.interactionCount where dataset.interactionUsers[i] == dataset.interactionUsers[i - 1] {
            #expect(dataset.interactionTimestamps[i] > dataset.interactionTimestamps[i - 1])
        }

        // Zipf: the top 10% of items take far more interactions than the bottom 50%.
        var perItem = [Int](repeating: 0, count: dataset.itemCount)
        for i in dataset.interactionItems { perItem[Int(i)] += 1 }
        let sorted = perItem.sorted(by: >)
        let head = sorted.prefix(100).reduce(0, +)
        let tail = sorted.suffix(500).reduce(0, +)
        #expect(head > 3 * tail, "head \(head), tail \(tail)")

        // Categories: 1–3 known names per item; tags at most 3.
        let names = Set(SyntheticDefaults.categoryNames)
        for item in dataset.items {
            #expect((1...3).contains(item.categories.count))
            #expect(Set(item.categories).count == item.categories.count)
            #expect(item.categories.allSatisfy(names.contains))
            #expect(item.tags.count <= SyntheticDefaults.maxTagsPerItem)
            #expect(!item.title.isEmpty)
        }
        #expect(dataset.interactionWeights.allSatisfy { (1...5).contains($0) })
    }

    /// Later interactions lean to the user's second cluster: the items of a user's last
    /// quarter overlap their first quarter's categories less than two early halves would.
    @Test func laterInteractionsDrift() {
        let dataset = SyntheticDataset.generate(.init(items: 2_000, users: 3_000, seed: 3))
        var starts: [Int] = [0]
        for i in 1..<dataset.interactionCount where dataset.interactionUsers[i] != dataset.interactionUsers[i - 1] { starts.append(i) }
        starts.append(dataset.interactionCount)
        var earlyOverlap = 0.0, lateOverlap = 0.0, users = 0.0
        for u in 0..<(starts.count - 1) where starts[u + 1] - starts[u] >= 40 {
            let range = Array(starts[u]..<starts[u + 1])
            let q = range.count / 4
            func categories(_ slice: ArraySlice<Int>) -> Set<String> {
                Set(slice.flatMap { dataset.items[Int(dataset.interactionItems[$0])].categories })
            }
            let first = categories(range[0..<q]), second = categories(range[q..<(2 * q)]), last = categories(range[(range.count - q)...])
            earlyOverlap += Double(first.intersection(second).count) / Double(max(1, first.union(second).count))
            lateOverlap += Double(first.intersection(last).count) / Double(max(1, first.union(last).count))
            users += 1
        }
        #expect(users > 50)
        #expect(lateOverlap / users < earlyOverlap / users, "early \(earlyOverlap / users), late \(lateOverlap / users)")
    }
}
