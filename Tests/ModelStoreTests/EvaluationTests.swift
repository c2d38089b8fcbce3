import Testing
@testable import ModelStore
import RankingCore

@Suite struct RankingMetricsTests {
    /// Worked by hand: hits at ranks 1 and 3 of 3 held-out items.
    /// recall = 2 / min(10, 3); DCG = 1/log2(2) + 1/log2(4) = 1.5;
    /// IDCG = 1 + 1/log2(3) + 1/2 = 2.1309…; NDCG = 0.70392…
    @Test func handCheckedExample() {
        let held: Set<Int32> = [7, 9, 11]
        let recommended: [Int32] = [7, 1, 9, 2]
        #expect(abs(RankingMetrics.recall(recommended: recommended, heldOut: held, k: 10) - 2.0 / 3.0) < 1e-12)
        #expect(abs(RankingMetrics.ndcg(recommended: recommended, heldOut: held, k: 10) - 0.703_918_7) < 1e-6)
    }

    @Test func denominatorIsCappedAtK() {
        let held = Set((0..<20).map(Int32.init))
        let recommended = (0..<10).map(Int32.init)
        #expect(RankingMetrics.recall(recommended: recommended, heldOut: held, k: 10) == 1)
        #expect(abs(RankingMetrics.ndcg(recommended: recommended, heldOut: held, k: 10) - 1) < 1e-12)
        #expect(RankingMetrics.recall(recommended: [], heldOut: held, k: 10) == 0)
    }
}

@Suite struct TemporalSplitTests {
    @Test func holdsOutTheLatestFifthAtLeastOne() {
        // User a: 10 interactions at t = 0…9 → last 2 held out. User b: 1 interaction → held out.
        // Ties on time break by item index (as the peers' (timestamp, movieId) sort does).
        var users: [Int32] = [], items: [Int32] = [], times: [Int64] = []
        for t in 0..<10 { users.append(0); items.append(Int32(9 - t)); times.append(Int64(t)) }
        users += [1, 1]; items += [5, 3]; times += [4, 4]
        let dataset = Dataset(name: "s", userIDs: ["a", "b"], items: (0..<10).map { ItemRecord(id: "i\($0)") },
                              interactionUsers: users, interactionItems: items,
                              interactionWeights: [Float](repeating: 1, count: users.count), interactionTimestamps: times)
        let split = TemporalSplit(dataset)
        #expect(split.heldOut[0] == [0, 1])
        #expect(split.heldOut[1] == [5])
        #expect(split.train.interactionCount == 8 + 1)
        #expect(!split.train.interactionItems.contains(0))
    }
}

@Suite struct OfflineEvaluationTests {
    @Test func rowsFollowTheContract() {
        let dataset = SyntheticDataset.generate(.init(items: 200, users: 150, seed: 3))
        let rows = OfflineEvaluation().run(dataset)
        #expect(rows.map(\.policy).prefix(3) == ["popularity", "content_only", "collab_only"])
        #expect(Set(rows.map(\.policy)) == ["popularity", "content_only", "collab_only", "hybrid"])
        for policy in ["popularity", "content_only", "collab_only", "hybrid"] {
            #expect(rows.filter { $0.policy == policy && $0.isDefault }.count == 1, "\(policy)")
        }
        #expect(rows.first { $0.policy == "hybrid" && $0.isDefault }?.alpha == Double("\(RankingDefaults.hybridAlpha)"))
        for row in rows {
            #expect((0...1).contains(row.recallAt10) && (0...1).contains(row.ndcgAt10) && (0...1).contains(row.catalogCoverage))
        }
        // The synthetic users follow latent clusters: a trained model beats popularity.
        let popularity = rows[0].recallAt10
        let collaborative = rows[2].recallAt10
        #expect(collaborative > popularity, "collab \(collaborative) vs popularity \(popularity)")
    }
}
