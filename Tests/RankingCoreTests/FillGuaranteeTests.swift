import Testing
@testable import RankingCore

/// SPEC §2's guarantee, property-based: over random models, requests, settings and stage
/// failures, `k_returned == min(k, eligible)`, with no duplicate, no hard-excluded item and
/// stages in fallback order.
@Suite struct FillGuaranteeTests {
    /// Eligible items computed independently of the ranker: not seen (unless asked), not
    /// excluded by id, not in an excluded category.
    func eligible(_ model: RecommenderModel, _ request: RankingRequest) -> Set<Int32> {
        var result = Set(0..<Int32(model.itemCount))
        if !request.includeSeen {
            if let user = model.indexByUserID[request.userID] { result.subtract(model.histories.columns(of: Int(user))) }
            result.subtract(request.recentItemIDs.compactMap { model.catalog.indexByItemID[$0] })
        }
        result.subtract(request.excludeItemIDs.compactMap { model.catalog.indexByItemID[$0] })
        let excluded = Set(request.excludeCategories.compactMap { model.catalog.indexByCategory[$0] })
        result = result.filter { item in !model.catalog.itemCategories.columns(of: Int(item)).contains(where: excluded.contains) }
        return result
    }

    func randomRequest(_ rng: inout TestRandom, _ model: RecommenderModel) -> RankingRequest {
        let names = TestModels.categories + ["unknown-category"]
        func someItems() -> [String] { (0..<rng.int(0..<5)).map { _ in rng.int(0..<8) == 0 ? "nope" : "i\(rng.int(0..<model.itemCount))" } }
        return RankingRequest(
            userID: rng.int(0..<4) == 0 ? "stranger-\(rng.next())" : "u\(rng.int(0..<model.userCount))",
            k: rng.int(0..<4) == 0 ? rng.int(0..<(model.itemCount + 5)) : rng.int(0..<12),
            includeCategories: (0..<rng.int(0..<3)).map { _ in names[rng.int(0..<names.count)] },
            excludeCategories: rng.int(0..<3) == 0 ? [names[rng.int(0..<names.count)]] : [],
            excludeItemIDs: someItems(),
            recentItemIDs: someItems(),
            includeSeen: rng.int(0..<5) == 0)
    }

    func randomSettings(_ rng: inout TestRandom) -> RankingSettings {
        RankingSettings(alpha: [0, 0.3, 0.7, 1][rng.int(0..<4)], collaborativeEnabled: rng.bool(),
                        contentEnabled: rng.bool(), startLevel: FallbackLevel.allCases[rng.int(0..<4)])
    }

    @Test(arguments: [(items: 1, users: 1), (items: 7, users: 3), (items: 40, users: 10), (items: 300, users: 30)])
    func fullListsUnderEverySetting(size: (items: Int, users: Int)) {
        let model = TestModels.random(items: size.items, users: size.users, seed: UInt64(size.items))
        let ranker = Ranker(model: model)
        var rng = TestRandom(UInt64(size.items * 31 + 7))
        for _ in 0..<800 {
            let request = randomRequest(&rng, model)
            let settings = randomSettings(&rng)
            let failing = Set(RankingStage.allCases.filter { _ in rng.int(0..<4) == 0 })
            let result = ranker.rank(request, settings: settings, faults: FailingStages(stages: failing))
            let allowed = eligible(model, request)
            #expect(result.eligibleCount == allowed.count)
            #expect(result.items.count == min(request.k, allowed.count), "request \(request) settings \(settings)")
            #expect(Set(result.items.map(\.item)).count == result.items.count, "duplicate item")
            #expect(result.items.allSatisfy { allowed.contains($0.item) }, "hard-excluded item returned")
            #expect(zip(result.items, result.items.dropFirst()).allSatisfy { $0.stage <= $1.stage }, "stages out of order")
            #expect(result.items.allSatisfy { $0.stage >= settings.startLevel })
            #expect(Set(result.failures.map(\.stage)).isSubset(of: failing))
        }
    }
}
