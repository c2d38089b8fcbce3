import Foundation
import RankingCore
import Testing
@testable import ModelStore

/// The optional `candidateIndex` section (docs/model-format.md): written with the model, read
/// back into `persistedIndex`, used by `Ranker` without a rebuild; a damaged or mismatched
/// section never fails the load and is never served — the index is rebuilt.
@Suite struct SnapshotIndexTests {
    private func options() -> SnapshotWriteOptions {
        var options = SnapshotWriteOptions()
        options.indexThreshold = 0  // build one at write time even for this small model
        options.chunkSize = 4_096
        return options
    }

    private func model() -> RecommenderModel {
        SnapshotFixtures.syntheticModel(items: 900, users: 50, dimension: 8)
    }

    @Test func indexRoundTripsAndIsRestoredNotRebuilt() throws {
        try SnapshotFixtures.withTemporaryDirectory { dir in
            let model = model()
            _ = try ModelSnapshot.write(model, to: dir + "/m.grs", options: options())
            let loaded = try ModelSnapshot.read(from: dir + "/m.grs")
            let parts = try #require(loaded.persistedIndex)
            #expect(parts == CandidateIndex.build(model.itemFactors).parts(indexing: model.itemFactors))
            var withoutIndex = loaded
            withoutIndex.persistedIndex = nil
            #expect(withoutIndex == model)
            let restored = Ranker(model: loaded, indexThreshold: 0)
            #expect(restored.indexOrigin == .restored)
            let rebuilt = Ranker(model: model, indexThreshold: 0)
            let settings = RankingSettings(alpha: RankingDefaults.hybridAlpha)
            for user in model.userIDs {
                let request = RankingRequest(userID: user)
                #expect(restored.rank(request, settings: settings).items == rebuilt.rank(request, settings: settings).items)
            }
            // Written again, the model's own index is kept (no second build) and still matches.
            _ = try ModelSnapshot.write(loaded, to: dir + "/again.grs", options: SnapshotWriteOptions())
            #expect(try ModelSnapshot.read(from: dir + "/again.grs").persistedIndex == parts)
        }
    }

    @Test func smallCatalogsGetNoIndexSectionByDefault() throws {
        try SnapshotFixtures.withTemporaryDirectory { dir in
            _ = try ModelSnapshot.write(model(), to: dir + "/m.grs")
            #expect(try ModelSnapshot.read(from: dir + "/m.grs").persistedIndex == nil)
            #expect(try !SnapshotReader(path: dir + "/m.grs").has(.candidateIndex))
        }
    }

    @Test func aCorruptIndexChunkLoadsTheModelAndRebuilds() throws {
        try SnapshotFixtures.withTemporaryDirectory { dir in
            let path = dir + "/m.grs"
            _ = try ModelSnapshot.write(model(), to: path, options: options())
            let table = try SnapshotReader(path: path).table
            let section = try #require(table.sections.first { $0.kind == .candidateIndex })
            var bytes = try SnapshotFixtures.bytes(path)
            for array in section.arrays {
                let chunk = array.chunks[0]
                bytes[chunk.fileOffset + chunk.storedSize / 2] ^= 0x40
            }
            try SnapshotFixtures.write(bytes, to: dir + "/damaged.grs")
            let loaded = try ModelSnapshot.read(from: dir + "/damaged.grs")
            #expect(loaded.persistedIndex == nil)
            #expect(Ranker(model: loaded, indexThreshold: 0).indexOrigin == .built)
        }
    }

    @Test func anIndexSectionFromAnotherModelIsRefusedAndRebuilt() throws {
        try SnapshotFixtures.withTemporaryDirectory { dir in
            let model = model()
            var other = model
            for i in stride(from: 0, to: other.itemFactors.values.count, by: 7) { other.itemFactors.values[i] *= -1 }
            #expect(other.itemFactors != model.itemFactors)
            let foreign = CandidateIndex.build(other.itemFactors).parts(indexing: other.itemFactors)
            let metadata = SnapshotMetadata(model: model, createdAt: Date(), formatVersion: SnapshotDefaults.currentVersion,
                                            trainerParameters: [:], trainingInfo: [:])
            let sections = try ModelSnapshot.sections(of: model, metadata: metadata, index: foreign)
            _ = try SnapshotWriter.write(sections, to: dir + "/mixed.grs", options: SnapshotWriteOptions())
            let loaded = try ModelSnapshot.read(from: dir + "/mixed.grs")
            #expect(loaded.persistedIndex == foreign)  // read as is; the Ranker is the judge
            let ranker = Ranker(model: loaded, indexThreshold: 0)
            #expect(ranker.indexOrigin == .built)
            #expect(ranker.index!.parts(indexing: model.itemFactors) == CandidateIndex.build(model.itemFactors).parts(indexing: model.itemFactors))
            // Written again, the stale index is not carried over.
            var again = SnapshotWriteOptions()
            again.persistIndex = true
            _ = try ModelSnapshot.write(loaded, to: dir + "/again.grs", options: again)
            #expect(try ModelSnapshot.read(from: dir + "/again.grs").persistedIndex == nil)
        }
    }
}
