import Foundation
import RankingCore
import Testing
@testable import ModelStore

/// Files whose every checksum is right but whose content is wrong: missing or repeated
/// sections, arrays that disagree, bad UTF-8, and models that fail `consistencyProblems()`.
@Suite struct SnapshotContentTests {
    /// Writes the small model's sections after `edit` changes them, and returns the read error.
    private func readError(editing edit: (inout [SnapshotSection]) -> Void) throws -> SnapshotError? {
        try SnapshotFixtures.withTemporaryDirectory { dir in
            let model = SnapshotFixtures.smallModel()
            let metadata = SnapshotMetadata(model: model, createdAt: Date(), formatVersion: SnapshotDefaults.currentVersion,
                                            trainerParameters: [:], trainingInfo: [:])
            var sections = try ModelSnapshot.sections(of: model, metadata: metadata)
            edit(&sections)
            _ = try SnapshotWriter.write(sections, to: dir + "/edited.grs", options: SnapshotWriteOptions())
            return SnapshotFixtures.readError(dir + "/edited.grs")
        }
    }

    private func index(_ kind: SectionKind, in sections: [SnapshotSection]) -> Int {
        sections.firstIndex { $0.kindRaw == kind.rawValue }!
    }

    @Test(arguments: SectionKind.required)
    func missingRequiredSectionIsRefused(kind: SectionKind) throws {
        let error = try readError { $0.removeAll { $0.kindRaw == kind.rawValue } }
        #expect(error?.code == .missingSection)
        #expect(error?.section == kind.name)
    }

    @Test func duplicateSectionIsRefused() throws {
        let error = try readError { $0.append($0[index(.popularity, in: $0)]) }
        #expect(error?.code == .duplicateSection)
        #expect(error?.section == "popularity")
    }

    @Test func factorShapeThatDisagreesWithItsValuesIsRefused() throws {
        let error = try readError { sections in
            sections[index(.userFactors, in: sections)].arrays[0] = .int64([5, 2])
        }
        #expect(error?.code == .sizeMismatch)
        #expect(error?.section == "userFactors")
        #expect(error?.reason == "8 values do not fill 5 rows x 2 dimensions")
    }

    @Test func sparseColumnsAndValuesOfDifferentLengthsAreRefused() throws {
        let error = try readError { sections in
            sections[index(.histories, in: sections)].arrays[2] = .float32([1, 2])
        }
        #expect(error?.code == .sizeMismatch)
        #expect(error?.section == "histories")
    }

    @Test func decreasingOffsetsAreRefused() throws {
        let error = try readError { sections in
            sections[index(.contentNeighbours, in: sections)].arrays[0] = .int64([0, 2, 1, 2])
            sections[index(.contentNeighbours, in: sections)].arrays[1] = .int32([2, 0])
            sections[index(.contentNeighbours, in: sections)].arrays[2] = .float32([0.9, 0.9])
        }
        #expect(error?.code == .invalidContent)
        #expect(error?.section == "contentNeighbours")
        #expect(error?.reason.contains("offsets decrease") == true)
    }

    @Test func catalogArraysThatDisagreeAreRefused() throws {
        let error = try readError { sections in
            let catalog = index(.catalog, in: sections)
            let twoTitles = SnapshotArray.strings(["a", "b"])
            sections[catalog].arrays[2] = twoTitles[0]
            sections[catalog].arrays[3] = twoTitles[1]
        }
        #expect(error?.code == .sizeMismatch)
        #expect(error?.section == "catalog")
    }

    @Test func invalidUTF8IsRefused() throws {
        let error = try readError { sections in
            let userIndex = index(.userIndex, in: sections)
            guard case .bytes(var blob) = sections[userIndex].arrays[1] else { return }
            blob[0] = 0xFF
            sections[userIndex].arrays[1] = .bytes(blob)
        }
        #expect(error?.code == .invalidContent)
        #expect(error?.section == "userIndex")
        #expect(error?.reason.contains("UTF-8") == true)
    }

    @Test func wrongElementTypeIsRefused() throws {
        let error = try readError { sections in
            sections[index(.popularity, in: sections)].arrays[0] = .int32([3, 0, 1])
        }
        #expect(error?.code == .invalidContent)
        #expect(error?.section == "popularity")
    }

    @Test func metadataCountsThatDisagreeWithTheSectionsAreRefused() throws {
        let error = try readError { sections in
            var metadata = SnapshotMetadata(model: SnapshotFixtures.smallModel(), createdAt: Date(), formatVersion: 1,
                                            trainerParameters: [:], trainingInfo: [:])
            metadata.userCount = 5
            sections[index(.metadata, in: sections)].arrays[0] = .bytes(try! metadata.encoded())
        }
        #expect(error?.code == .sizeMismatch)
        #expect(error?.section == "metadata")
        #expect(error?.reason == "metadata userCount is 5 but the sections hold 4")
    }

    @Test func metadataThatIsNotJSONIsRefused() throws {
        let error = try readError { sections in
            sections[index(.metadata, in: sections)].arrays[0] = .bytes(Array("not json".utf8))
        }
        #expect(error?.code == .invalidContent)
        #expect(error?.section == "metadata")
    }

    @Test func modelFailingConsistencyCheckIsRefused() throws {
        try SnapshotFixtures.withTemporaryDirectory { dir in
            var model = SnapshotFixtures.smallModel()
            model.histories = SparseRows(rows: [[(0, 1)], [(7, 1)], [], []])
            model.popularity[1] = -1
            var options = SnapshotWriteOptions()
            options.checkConsistency = false
            _ = try ModelSnapshot.write(model, to: dir + "/inconsistent.grs", options: options)
            let error = SnapshotFixtures.readError(dir + "/inconsistent.grs")
            #expect(error?.code == .inconsistentModel)
            #expect(error?.reason.contains("histories refers to item index 7, outside 0..<3") == true)
            #expect(error?.reason.contains("popularity has a negative or non-finite value") == true)
        }
    }
}
