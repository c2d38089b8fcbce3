import Testing
@testable import RankingCore

/// A hand-built model where the right answers can be worked out on paper.
///
/// Items 0…5, d = 2. User "alice" = (1, 0) has seen item 0; item factors make items 1, 2, 3
/// score 0.9, 0.5, 0.1 for her. Categories: 1 and 3 are "drama", 2 and 4 "comedy".
/// Popularity order: 5, 4, 3, 2, 1, 0.
private func handModel() -> RecommenderModel {
    let catalog = Catalog(
        itemIDs: ["m0", "m1", "m2", "m3", "m4", "m5"], titles: ["", "", "", "", "", ""],
        categoryNames: ["drama", "comedy"],
        itemCategories: SparseRows(rows: [[], [(0, 1)], [(1, 1)], [(0, 1)], [(1, 1)], []]))
    return RecommenderModel(
        version: "hand", catalog: catalog, userIDs: ["alice"],
        userFactors: FactorMatrix(rows: 1, dimension: 2, values: [1, 0]),
        itemFactors: FactorMatrix(rows: 6, dimension: 2, values: [1, 0, 0.9, 0, 0.5, 0, 0.1, 0, -0.5, 0, -0.9, 0]),
        histories: SparseRows(rows: [[(0, 1)]]),
        contentVectors: FactorMatrix(rows: 6, dimension: 1, repeating: 0),
        popularity: [1, 2, 3, 4, 5, 6],
        contentNeighbours: .emptyRows(6),
        collaborativeNeighbours: SparseRows(rows: [[(3, 0.8), (2, 0.4)], [], [], [], [], []]))
}

private let collabOnly = RankingSettings(alpha: 1, collaborativeEnabled: true, contentEnabled: false)

@Suite struct RankerTests {
    let ranker = Ranker(model: handModel())

    func ids(_ result: RankingResult) -> [String] { result.items.map { ranker.model.catalog.itemIDs[Int($0.item)] } }

    @Test func knownUserRanksByFactorsAndSkipsSeen() {
        let result = ranker.rank(RankingRequest(userID: "alice", k: 3), settings: collabOnly)
        #expect(ids(result) == ["m1", "m2", "m3"])
        #expect(result.items.allSatisfy { $0.stage == .a })
        #expect(result.knownUser)
        #expect(result.eligibleCount == 5)
    }

    @Test func includeSeenBringsTheSeenItemBack() {
        let result = ranker.rank(RankingRequest(userID: "alice", k: 1, includeSeen: true), settings: collabOnly)
        #expect(ids(result) == ["m0"])
    }

    @Test func softFilterThenFilterPruningThenNothingShort() {
        // Two drama items exist (m1, m3); asking for 4 needs stage C for the other two.
        let result = ranker.rank(RankingRequest(userID: "alice", k: 4, includeCategories: ["drama"]), settings: collabOnly)
        #expect(ids(result) == ["m1", "m3", "m2", "m4"])
        #expect(result.items.map(\.stage) == [.a, .a, .c, .c])
        #expect(result.deepestStage == .c)
    }

    @Test func hardExclusionsAreNeverRelaxed() {
        let request = RankingRequest(userID: "alice", k: 10, excludeCategories: ["comedy"], excludeItemIDs: ["m1"])
        let result = ranker.rank(request, settings: collabOnly)
        #expect(ids(result) == ["m3", "m5"])
        #expect(result.eligibleCount == 2)
    }

    @Test func forcedPopularityServesByPopularity() {
        let result = ranker.rank(RankingRequest(userID: "alice", k: 3), settings: RankingSettings(alpha: 1, startLevel: .d))
        #expect(ids(result) == ["m5", "m4", "m3"])
        #expect(result.items.allSatisfy { $0.stage == .d })
    }

    @Test func forcedPopularityKeepsTheSoftFilterFirst() {
        let result = ranker.rank(RankingRequest(userID: "alice", k: 3, includeCategories: ["drama"]),
                                 settings: RankingSettings(alpha: 1, startLevel: .d))
        #expect(ids(result) == ["m3", "m1", "m5"])
    }

    @Test func unknownUserWithRecentItemsUsesItemToItem() {
        // m0's collaborative neighbours are m3 (0.8) and m2 (0.4): they lead the item-to-item scores.
        let request = RankingRequest(userID: "bob", k: 2, recentItemIDs: ["m0"])
        let result = ranker.rank(request, settings: collabOnly)
        #expect(ids(result) == ["m3", "m2"])
        #expect(!result.knownUser)
    }

    @Test func coldUserGetsPopularity() {
        let result = ranker.rank(RankingRequest(userID: "nobody", k: 2), settings: RankingSettings(alpha: 0.5))
        #expect(ids(result) == ["m5", "m4"])
        #expect(result.deepestStage == .d)
    }

    @Test func failedCollaborativeStageIsReportedAndCovered() {
        let result = ranker.rank(RankingRequest(userID: "alice", k: 3), settings: collabOnly,
                                 faults: FailingStages(stages: [.collaborative]))
        #expect(result.failures.map(\.stage) == [.collaborative])
        #expect(result.items.count == 3)
    }

    @Test func everyStageFailingStillFillsFromTheCatalog() {
        let result = ranker.rank(RankingRequest(userID: "alice", k: 4), settings: RankingSettings(alpha: 0.5),
                                 faults: FailingStages(stages: Set(RankingStage.allCases)))
        #expect(result.items.count == 4)
        #expect(result.items.allSatisfy { $0.stage == .d })
        #expect(Set(result.failures.map(\.stage)) == [.collaborative, .content, .contentExpansion, .popularity])
    }

    @Test func zeroKReturnsNothing() {
        #expect(ranker.rank(RankingRequest(userID: "alice", k: 0), settings: collabOnly).items.isEmpty)
    }

    @Test func similarItemsUsesNeighboursThenPopularity() {
        let similar = ranker.similarItems(to: "m0", k: 3)!
        #expect(similar.map { ranker.model.catalog.itemIDs[Int($0.item)] } == ["m3", "m2", "m5"])
        #expect(ranker.similarItems(to: "missing", k: 3) == nil)
    }
}

@Suite struct TopKTests {
    @Test func keepsTheBestWithDeterministicTies() {
        var rng = TestRandom(9)
        for _ in 0..<200 {
            let scores = (0..<rng.int(0..<60)).map { _ in Float(rng.int(0..<10)) }
            let capacity = rng.int(0..<15)
            var heap = TopK(capacity: capacity)
            for (index, score) in scores.enumerated() { heap.offer(Int32(index), score) }
            let expected = scores.enumerated().sorted { $0.element > $1.element || ($0.element == $1.element && $0.offset < $1.offset) }
                .prefix(capacity).map { Int32($0.offset) }
            #expect(heap.sorted().map(\.item) == Array(expected))
        }
    }

    @Test func standardiseGivesZeroMeanUnitVariance() {
        var values: [Float] = [1, 2, 3, 4]
        Ranker.standardise(&values)
        #expect(abs(values.reduce(0, +)) < 1e-5)
        #expect(abs(values.map { $0 * $0 }.reduce(0, +) / 4 - 1) < 1e-4)
        var flat: [Float] = [2, 2, 2]
        Ranker.standardise(&flat)
        #expect(flat == [0, 0, 0])
    }
}

@Suite struct NeighbourListsTests {
    /// The sparse path (inverted index) and the dense path (all pairs) agree on mostly-zero rows.
    @Test func sparseAndDenseAgree() {
        var rng = TestRandom(5)
        let n = 60, d = 12
        var values = [Float](repeating: 0, count: n * d)
        for r in 0..<n { for _ in 0..<2 { values[r * d + rng.int(0..<d)] = rng.float() + 0.1 } }
        let vectors = FactorMatrix(rows: n, dimension: d, values: values)
        let sparse = NeighbourLists.buildSparse(vectors, count: 5)
        // Force the dense path: fill every row so it is not "mostly zero", then compare on a
        // dense matrix computed by brute force here.
        func cosine(_ a: [Float], _ b: [Float]) -> Float {
            var dot: Float = 0, na: Float = 0, nb: Float = 0
            for j in a.indices {
                dot += a[j] * b[j]
                na += a[j] * a[j]
                nb += b[j] * b[j]
            }
            return na > 0 && nb > 0 ? dot / (na * nb).squareRoot() : 0
        }
        for r in 0..<n {
            var candidates: [(item: Int32, value: Float)] = []
            for other in 0..<n where other != r {
                let value = cosine(vectors.row(r), vectors.row(other))
                if value > 0 { candidates.append((Int32(other), value)) }
            }
            candidates.sort { $0.value > $1.value || ($0.value == $1.value && $0.item < $1.item) }
            let expected = candidates.prefix(5)
            let gotItems = Array(sparse.columns(of: r))
            let gotValues = Array(sparse.values(of: r))
            #expect(gotItems.count == expected.count, "row \(r)")
            for (slot, entry) in expected.enumerated() where slot < gotItems.count {
                #expect(abs(gotValues[slot] - entry.value) < 1e-5, "row \(r)")
            }
        }
        let dense = NeighbourLists.build(FactorMatrix(rows: n, dimension: d, values: values.map { $0 + 0.001 }), count: 5)
        #expect(dense.rowCount == n && dense.columns.count == n * 5)
    }
}
