import Testing
@testable import RankingCore

/// The exact path with the quantised shortlist against the all-`Float` reference
/// (`quantisedShortlist: false`) on random models with content vectors and histories.
@Suite struct ShortlistRankerTests {
    static let settings: [(name: String, settings: RankingSettings)] = [
        ("hybrid 0.7", RankingSettings(alpha: 0.7)),
        ("collaborative only", RankingSettings(alpha: 1)),
        ("content only", RankingSettings(alpha: 0)),
    ]
    static let filters: [(include: [String], exclude: [String])] = [
        ([], []), (["action"], []), ([], ["horror"]), (["comedy", "drama"], ["action"]),
    ]
    static let ks = [1, 10, 50]

    static func rankers(_ model: RecommenderModel) -> (shortlist: Ranker, reference: Ranker) {
        (Ranker(model: model, indexThreshold: .max, quantisedShortlist: true),
         Ranker(model: model, indexThreshold: .max, quantisedShortlist: false))
    }

    /// Every known user (and one unknown user with recent items, whom content-only ranking
    /// also scans) × filters × k.
    static func requests(_ model: RecommenderModel, users: Range<Int>, k: [Int] = ks) -> [RankingRequest] {
        var result: [RankingRequest] = []
        let recent = (0..<min(3, model.itemCount)).map { "i\($0 * 7 % model.itemCount)" }
        for user in users.map({ "u\($0)" }) + ["stranger"] {
            for k in k {
                for filter in filters {
                    result.append(RankingRequest(userID: user, k: k, includeCategories: filter.include,
                                                 excludeCategories: filter.exclude,
                                                 recentItemIDs: user == "stranger" ? recent : []))
                }
            }
        }
        return result
    }

    /// Up to 20 items the shortlist (at least `shortlistMinimum` = 20 leaders) holds every
    /// eligible item, so the exact re-score sees what the reference sees: same items, same
    /// order, same stages.
    @Test(arguments: [(items: 1, d: 4), (items: 5, d: 3), (items: 8, d: 8), (items: 13, d: 16), (items: 20, d: 4),
                      (items: 20, d: 64)])
    func smallCatalogsRankExactlyAsTheReference(shape: (items: Int, d: Int)) {
        #expect(ShortlistScan.shortlistSize(missing: 1, itemCount: 20, coarse: false) == 20)
        #expect(ShortlistScan.shortlistSize(missing: 1, itemCount: 20, coarse: true) == 20)
        let model = TestModels.random(items: shape.items, users: 12, dimension: shape.d, seed: UInt64(shape.items * 100 + shape.d))
        let (shortlist, reference) = Self.rankers(model)
        #expect(shortlist.shortlistScan != nil && reference.shortlistScan == nil && shortlist.index == nil)
        for request in Self.requests(model, users: 0..<12) {
            for (name, settings) in Self.settings {
                let got = shortlist.rank(request, settings: settings)
                let want = reference.rank(request, settings: settings)
                let context = "items \(shape.items) d \(shape.d) \(name) \(request)"
                #expect(got.items.map(\.item) == want.items.map(\.item), "\(context)")
                #expect(got.items.map(\.stage) == want.items.map(\.stage), "\(context)")
                #expect(got.eligibleCount == want.eligibleCount && got.knownUser == want.knownUser, "\(context)")
                #expect(got.items.count == min(request.k, got.eligibleCount), "\(context)")
            }
        }
    }

    static let large: (model: RecommenderModel, shortlist: Ranker, reference: Ranker) = {
        let model = TestModels.random(items: 3_000, users: 30, dimension: 16, seed: 3_000)
        let (shortlist, reference) = rankers(model)
        return (model, shortlist, reference)
    }()

    /// A few thousand items (3,000: the shortlist is 20 or 2k of them): recall of the
    /// reference's list, averaged over the users and filters, ≥ 0.98 for each setting and k;
    /// stage A fills as many items as in the reference (the shortlist never starves it) and
    /// the fill guarantee holds. One case per (setting, k) to keep each under 2 s in debug.
    @Test(arguments: [0, 1, 2], ks)
    func largeCatalogRecallAgainstTheReference(setting: Int, k: Int) {
        let (name, settings) = Self.settings[setting]
        let (model, shortlist, reference) = Self.large
        var sum: Double = 0, lists = 0
        var worst: (recall: Double, request: RankingRequest?) = (1, nil)
        for request in Self.requests(model, users: 0..<30, k: [k]) {
            let got = shortlist.rank(request, settings: settings)
            let want = reference.rank(request, settings: settings)
            let context = "\(name) \(request)"
            #expect(got.items.count == min(request.k, got.eligibleCount), "\(context)")
            #expect(got.eligibleCount == want.eligibleCount, "\(context)")
            #expect(got.items.filter { $0.stage == .a }.count == want.items.filter { $0.stage == .a }.count, "\(context)")
            guard !want.items.isEmpty else { continue }
            let recall = Double(Set(got.items.map(\.item)).intersection(want.items.map(\.item)).count) / Double(want.items.count)
            if recall < worst.recall { worst = (recall, request) }
            sum += recall
            lists += 1
        }
        #expect(lists >= 100)
        #expect(sum / Double(lists) >= 0.98, "\(name) k \(k): recall \(sum / Double(lists)) over \(lists) lists; worst \(worst)")
    }

    /// SPEC §2's guarantee with the shortlist on and the catalog larger than the shortlist:
    /// random requests (filters, k up to past the catalog), settings and stage failures.
    @Test(arguments: [21, 64, 257, 1_000])
    func fillGuaranteeWithTheShortlist(items: Int) {
        let model = TestModels.random(items: items, users: 20, dimension: 8, seed: UInt64(items) + 4_242)
        let ranker = Ranker(model: model, indexThreshold: .max, quantisedShortlist: true)
        #expect(ranker.shortlistScan != nil)
        let properties = FillGuaranteeTests()
        var rng = TestRandom(UInt64(items * 3 + 1))
        for _ in 0..<300 {
            var request = properties.randomRequest(&rng, model)
            if rng.int(0..<3) == 0 { request.k = rng.int(20..<(items + 10)) }  // past the shortlist minimum
            let settings = properties.randomSettings(&rng)
            let failing = Set(RankingStage.allCases.filter { _ in rng.int(0..<5) == 0 })
            let result = ranker.rank(request, settings: settings, faults: FailingStages(stages: failing))
            let allowed = properties.eligible(model, request)
            let context = "items \(items) request \(request) settings \(settings) failing \(failing)"
            #expect(result.eligibleCount == allowed.count, "\(context)")
            #expect(result.items.count == min(request.k, allowed.count), "\(context)")
            #expect(Set(result.items.map(\.item)).count == result.items.count, "duplicate item: \(context)")
            #expect(result.items.allSatisfy { allowed.contains($0.item) }, "hard-excluded item: \(context)")
        }
    }
}
