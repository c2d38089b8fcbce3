import Foundation
import RankingCore
import Testing
@testable import ModelStore

@Suite struct SnapshotAtomicWriteTests {
    @Test func failedWriteLeavesTheOldFileIntactAndNoTemporaryFile() throws {
        try SnapshotFixtures.withTemporaryDirectory { dir in
            let path = dir + "/model.grs"
            let old = SnapshotFixtures.smallModel()
            try ModelSnapshot.write(old, to: path)
            let oldBytes = try SnapshotFixtures.bytes(path)
            let new = SnapshotFixtures.syntheticModel(items: 500, users: 300, dimension: 4)
            for failAfter in [0, 100, 5_000, 20_000] {
                var options = SnapshotWriteOptions()
                options.chunkSize = 1024
                options.failAfterBytes = failAfter
                let error = #expect(throws: SnapshotError.self) {
                    try ModelSnapshot.write(new, to: path, options: options)
                }
                #expect(error?.code == .io)
                #expect(error?.reason.contains("simulated") == true)
                #expect(try SnapshotFixtures.bytes(path) == oldBytes)
                #expect(try ModelSnapshot.read(from: path) == old)
                #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["model.grs"])
            }
            try ModelSnapshot.write(new, to: path)
            #expect(try ModelSnapshot.read(from: path) == new)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["model.grs"])
        }
    }

    @Test func writingIntoAMissingDirectoryFailsWithAnIOError() throws {
        try SnapshotFixtures.withTemporaryDirectory { dir in
            let error = #expect(throws: SnapshotError.self) {
                try ModelSnapshot.write(SnapshotFixtures.smallModel(), to: dir + "/no/such/dir/model.grs")
            }
            #expect(error?.code == .io)
            #expect(error?.description.contains("No such file or directory") == true)
        }
    }

    @Test func anInconsistentModelIsNotWritten() throws {
        try SnapshotFixtures.withTemporaryDirectory { dir in
            var model = SnapshotFixtures.smallModel()
            model.popularity.removeLast()
            let error = #expect(throws: SnapshotError.self) { try ModelSnapshot.write(model, to: dir + "/bad.grs") }
            #expect(error?.code == .inconsistentModel)
            #expect(error?.reason.contains("popularity has 2 entries for 3 items") == true)
            let entries = try FileManager.default.contentsOfDirectory(atPath: dir)
            #expect(entries.isEmpty)
        }
    }
}
