import Foundation
import RankingCore
import Testing
@testable import ModelStore

@Suite struct SnapshotRoundTripTests {
    @Test func smallHandBuiltModelReadsBackEqual() throws {
        try SnapshotFixtures.withTemporaryDirectory { dir in
            let model = SnapshotFixtures.smallModel()
            let path = dir + "/small.grs"
            let created = Date(timeIntervalSince1970: 1_764_547_200.75)
            let written = try ModelSnapshot.write(model, to: path, trainerParameters: ["rank": "2", "λ": "0.1"],
                                                  trainingInfo: ["dataset": "hand-built"], createdAt: created)
            let (read, metadata) = try ModelSnapshot.readWithMetadata(from: path)
            #expect(read == model)
            #expect(read.indexByUserID["用户7"] == 2)
            #expect(read.catalog.indexByItemID["映画-3"] == 2)
            #expect(metadata == written)
            #expect(metadata.trainerParameters["λ"] == "0.1")
            #expect(metadata.createdAt == Date(timeIntervalSince1970: 1_764_547_200))
            #expect(metadata.itemCount == 3 && metadata.userCount == 4 && metadata.factorDimension == 2)
            #expect(try ModelSnapshot.readMetadata(from: path) == written)
        }
    }

    @Test func emptyModelReadsBackEqual() throws {
        try SnapshotFixtures.withTemporaryDirectory { dir in
            let model = RecommenderModel(
                version: "empty", catalog: Catalog(itemIDs: [], titles: [], categoryNames: [], itemCategories: .emptyRows(0)),
                userIDs: [], userFactors: .empty, itemFactors: .empty, histories: .emptyRows(0), contentVectors: .empty,
                popularity: [], contentNeighbours: .emptyRows(0), collaborativeNeighbours: .emptyRows(0))
            try ModelSnapshot.write(model, to: dir + "/empty.grs")
            #expect(try ModelSnapshot.read(from: dir + "/empty.grs") == model)
        }
    }

    /// A 4 KiB chunk size makes every large array span many chunks, exercising the chunk
    /// offsets, the parallel decode and both encodings (floats are stored, ids compress).
    @Test func modelSpanningManyChunksReadsBackEqual() throws {
        try SnapshotFixtures.withTemporaryDirectory { dir in
            let model = SnapshotFixtures.syntheticModel(items: 3_000, users: 2_000, dimension: 8)
            let path = dir + "/chunked.grs"
            var options = SnapshotWriteOptions()
            options.chunkSize = 4096
            _ = try ModelSnapshot.write(model, to: path, options: options)
            let reader = try SnapshotReader(path: path)
            let userFactorChunks = try reader.section(.userFactors).arrays[1].chunks
            #expect(userFactorChunks.count == 2_000 * 8 * 4 / 4096 + 1)
            let encodings = Set(reader.table.sections.flatMap { $0.arrays.flatMap { $0.chunks.map(\.encodingRaw) } })
            #expect(encodings == [ChunkEncoding.stored.rawValue, ChunkEncoding.lz4.rawValue])
            #expect(try ModelSnapshot.read(from: path) == model)
        }
    }

    @Test func unknownSectionKindsAreSkipped() throws {
        try SnapshotFixtures.withTemporaryDirectory { dir in
            let model = SnapshotFixtures.smallModel()
            var options = SnapshotWriteOptions()
            options.extraSections = [SnapshotSection(unknownKind: 4242, [.bytes(Array("from the future".utf8)), .float32([1, 2])])]
            _ = try ModelSnapshot.write(model, to: dir + "/future.grs", options: options)
            #expect(try SnapshotReader(path: dir + "/future.grs").table.sections.contains { $0.kindRaw == 4242 })
            #expect(try ModelSnapshot.read(from: dir + "/future.grs") == model)
        }
    }

    @Test func optionalHeaderFlagsAreIgnored() throws {
        try SnapshotFixtures.withTemporaryDirectory { dir in
            var options = SnapshotWriteOptions()
            options.flags = 1 << 16
            _ = try ModelSnapshot.write(SnapshotFixtures.smallModel(), to: dir + "/hint.grs", options: options)
            #expect(try ModelSnapshot.read(from: dir + "/hint.grs") == SnapshotFixtures.smallModel())
        }
    }

    @Test func xxHash64MatchesTheReferenceVectors() {
        func h(_ s: String, seed: UInt64 = 0) -> UInt64 { Array(s.utf8).withUnsafeBytes { XXHash64.hash($0, seed: seed) } }
        #expect(h("") == 0xEF46_DB37_51D8_E999)
        #expect(h("", seed: 1) == 0xD5AF_BA13_36A3_BE4B)
        #expect(h("a") == 0xD24E_C4F1_A98C_6E5B)
        #expect(h("abc") == 0x44BC_2CF5_AD77_0999)
        #expect(h("asdf") == 0x4158_72F5_99CE_A71E)
        #expect(h("Call me Ishmael.") == 0x6D04_390F_C9D6_1A90)
        #expect(h("Nobody inspects the spammish repetition") == 0xFBCE_A83C_8A37_8BF1)
    }
}

@Test func copyAndHashCopiesAndAgreesWithTheOneShotHash() {
    var rng = SplitMix64(seed: 7)
    for count in [0, 1, 31, 32, 33, 64 << 10, (64 << 10) + 37, 3 * (64 << 10) + 5] {
        let source = (0 ..< count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        var copy = [UInt8](repeating: 0, count: count)
        let hash = source.withUnsafeBytes { src in
            copy.withUnsafeMutableBytes { dst in
                XXHash64.copyAndHash(from: src.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!,
                                     to: dst.baseAddress ?? UnsafeMutableRawPointer(bitPattern: 1)!, count: count)
            }
        }
        #expect(copy == source, "count \(count)")
        #expect(hash == XXHash64.hash(source), "count \(count)")
    }
}
