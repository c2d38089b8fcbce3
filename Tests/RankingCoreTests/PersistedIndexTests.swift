import Testing
@testable import RankingCore

/// A candidate index restored from its plain-data parts (what a snapshot stores) is the index
/// that was built; parts that do not describe an index over the model's factors are refused
/// and the `Ranker` rebuilds instead of serving them.
@Suite struct PersistedIndexTests {
    private func model() -> RecommenderModel { TestModels.random(items: 600, users: 20, dimension: 8, seed: 41) }

    @Test func restoredIndexAnswersExactlyAsTheBuiltOne() throws {
        let model = model()
        let built = CandidateIndex.build(model.itemFactors)
        let restored = try #require(CandidateIndex(restoring: built.parts(indexing: model.itemFactors), vectors: model.itemFactors))
        #expect(restored.listCodes.codes == built.listCodes.codes && restored.listCodes.scales == built.listCodes.scales)
        #expect(restored.listItems == built.listItems && restored.centroids == built.centroids)
        for user in 0..<model.userCount {
            let a = model.userFactors.withRow(user) { built.topK($0.baseAddress!, k: 10, probes: 3) }
            let b = model.userFactors.withRow(user) { restored.topK($0.baseAddress!, k: 10, probes: 3) }
            #expect(a.map(\.item) == b.map(\.item) && a.map(\.score) == b.map(\.score))
        }
    }

    @Test func rankerUsesAMatchingPersistedIndexAndRanksTheSame() {
        var model = model()
        let fresh = Ranker(model: model, indexThreshold: 0)
        #expect(fresh.indexOrigin == .built)
        model.persistedIndex = fresh.index!.parts(indexing: model.itemFactors)
        let restored = Ranker(model: model, indexThreshold: 0)
        #expect(restored.indexOrigin == .restored)
        let settings = RankingSettings(alpha: RankingDefaults.hybridAlpha)
        for user in 0..<model.userCount {
            let request = RankingRequest(userID: model.userIDs[user])
            #expect(fresh.rank(request, settings: settings).items == restored.rank(request, settings: settings).items)
        }
        // Above the threshold the persisted index is not used at all: the exact path.
        #expect(Ranker(model: model, indexThreshold: .max).indexOrigin == .none)
    }

    @Test func partsOfOtherFactorsAreRefusedAndRebuilt() {
        var model = model()
        model.persistedIndex = CandidateIndex.build(model.itemFactors).parts(indexing: model.itemFactors)
        model.itemFactors.values[123] += 0.001  // the factors changed since the index was built
        #expect(CandidateIndex(restoring: model.persistedIndex!, vectors: model.itemFactors) == nil)
        #expect(Ranker(model: model, indexThreshold: 0).indexOrigin == .built)
    }

    @Test func damagedPartsAreRefused() {
        let model = model()
        let good = CandidateIndex.build(model.itemFactors).parts(indexing: model.itemFactors)
        #expect(CandidateIndex(restoring: good, vectors: model.itemFactors) != nil)
        var edits: [(String, (inout CandidateIndexParts) -> Void)] = [
            ("item count", { $0.itemCount += 1 }),
            ("dimension", { $0.dimension = 4 }),
            ("list count", { $0.listCount += 1 }),
            ("centroid count", { $0.centroids.removeLast() }),
            ("non-finite centroid", { $0.centroids[0] = .nan }),
            ("offsets do not end at n", { $0.listOffsets[$0.listOffsets.count - 1] -= 1 }),
            ("offsets decrease", { $0.listOffsets[1] = $0.listOffsets[2] + 1 }),
            ("item repeated", { $0.listItems[1] = $0.listItems[0] }),
            ("item out of range", { $0.listItems[0] = 600 }),
            ("residuals not descending", { parts in
                let list = (0..<parts.listCount).first { parts.listOffsets[$0 + 1] - parts.listOffsets[$0] >= 2 }!
                parts.residuals[Int(parts.listOffsets[list]) + 1] = parts.residuals[Int(parts.listOffsets[list])] + 1
            }),
            ("negative residual", { $0.residuals[$0.residuals.count - 1] = -1 }),
            ("fingerprint", { $0.itemFactorsFingerprint ^= 1 }),
        ]
        edits.append(("residual count", { $0.residuals.removeLast() }))
        for (name, edit) in edits {
            var parts = good
            edit(&parts)
            #expect(CandidateIndex(restoring: parts, vectors: model.itemFactors) == nil, "\(name)")
            var broken = model
            broken.persistedIndex = parts
            #expect(Ranker(model: broken, indexThreshold: 0).indexOrigin == .built, "\(name)")
        }
    }

    @Test func fingerprintSeesShapeAndEveryBit() {
        let a = FactorMatrix(rows: 3, dimension: 4, values: (0..<12).map(Float.init))
        let b = FactorMatrix(rows: 4, dimension: 3, values: a.values)
        var c = a
        c.values[11] = c.values[11].nextUp
        let fingerprints = Set([a, b, c].map(CandidateIndex.fingerprint(of:)))
        #expect(fingerprints.count == 3)
        #expect(CandidateIndex.fingerprint(of: a) == CandidateIndex.fingerprint(of: a))
    }
}
