import Testing
@testable import RankingCore

/// The candidate-index path of stage A, forced on small catalogs by lowering the threshold:
/// the fill guarantee must hold exactly as on the exact path, and the index must find the
/// exact top-10 when it probes every list.
@Suite struct IndexedRankerTests {
    @Test(arguments: [(items: 1, users: 1), (items: 7, users: 3), (items: 40, users: 10), (items: 300, users: 30)])
    func fullListsWithTheIndexOn(size: (items: Int, users: Int)) {
        let model = TestModels.random(items: size.items, users: size.users, seed: UInt64(size.items) + 99)
        let ranker = Ranker(model: model, indexThreshold: 0)
        #expect(ranker.index != nil)
        let properties = FillGuaranteeTests()
        var rng = TestRandom(UInt64(size.items * 17 + 3))
        for _ in 0..<800 {
            let request = properties.randomRequest(&rng, model)
            let settings = properties.randomSettings(&rng)
            let failing = Set(RankingStage.allCases.filter { _ in rng.int(0..<4) == 0 })
            let result = ranker.rank(request, settings: settings, faults: FailingStages(stages: failing))
            let allowed = properties.eligible(model, request)
            #expect(result.eligibleCount == allowed.count)
            #expect(result.items.count == min(request.k, allowed.count), "request \(request) settings \(settings)")
            #expect(Set(result.items.map(\.item)).count == result.items.count, "duplicate item")
            #expect(result.items.allSatisfy { allowed.contains($0.item) }, "hard-excluded item returned")
            #expect(zip(result.items, result.items.dropFirst()).allSatisfy { $0.stage <= $1.stage }, "stages out of order")
            #expect(result.items.allSatisfy { $0.stage >= settings.startLevel })
        }
    }

    @Test func probingEveryListIsExact() {
        let model = TestModels.random(items: 2_000, users: 5, dimension: 8, seed: 5)
        let index = CandidateIndex.build(model.itemFactors)
        var rng = TestRandom(11)
        for _ in 0..<20 {
            let query = (0..<8).map { _ in rng.float() * 2 - 1 }
            var scored: [(item: Int32, score: Float)] = []
            for item in 0..<2_000 {
                let row = model.itemFactors.row(item)
                var score: Float = 0
                for j in 0..<8 { score += query[j] * row[j] }
                scored.append((Int32(item), score))
            }
            scored.sort { $0.score > $1.score || ($0.score == $1.score && $0.item < $1.item) }
            let exact = scored.prefix(10).map(\.item)
            let found = query.withUnsafeBufferPointer { index.topK($0.baseAddress!, k: 10, probes: index.listCount) }
            #expect(Set(found.map(\.item)) == Set(exact))
        }
    }

    @Test func indexedRankerAgreesWithExactOnAKnownUsersCFTopItems() {
        // CF only, no filters: the index path's top 10 should be the exact path's (all lists probed
        // would make it identical; with the default probes it should still overlap heavily).
        let model = TestModels.random(items: 3_000, users: 20, dimension: 8, seed: 8)
        let exact = Ranker(model: model, indexThreshold: .max)
        let indexed = Ranker(model: model, indexThreshold: 0)
        let settings = RankingSettings(alpha: 1, contentEnabled: false)
        var overlap = 0
        for user in 0..<20 {
            let request = RankingRequest(userID: "u\(user)", k: 10)
            let a = Set(exact.rank(request, settings: settings).items.map(\.item))
            let b = Set(indexed.rank(request, settings: settings).items.map(\.item))
            overlap += a.intersection(b).count
        }
        #expect(Double(overlap) / 200 >= 0.9)
    }

    @Test func twoThreadsShareOneRanker() async {
        let model = TestModels.random(items: 500, users: 50, seed: 3)
        let ranker = Ranker(model: model, indexThreshold: 0)
        let expected = (0..<50).map { ranker.rank(RankingRequest(userID: "u\($0)"), settings: RankingSettings(alpha: 0.7)) }
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    (0..<50).allSatisfy { ranker.rank(RankingRequest(userID: "u\($0)"), settings: RankingSettings(alpha: 0.7)) == expected[$0] }
                }
            }
            for await same in group { #expect(same) }
        }
    }
}
