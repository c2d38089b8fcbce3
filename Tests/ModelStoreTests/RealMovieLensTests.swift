import Foundation
import Testing
@testable import ModelStore

/// The real ml-latest-small, read from ../shared/datasets beside the package (test data, not
/// part of the repository). Skipped with a note when absent; CI has it.
@Suite struct RealMovieLensTests {
    static let directory: String = {
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/datasets/ml-latest-small").path
    }()

    static var present: Bool { FileManager.default.fileExists(atPath: directory + "/ratings.csv") }

    @Test(.enabled(if: present, "ml-latest-small not found at ../shared/datasets/ml-latest-small"))
    func importsMLLatestSmall() throws {
        let clock = ContinuousClock()
        var result: (Dataset, ImportReport)?
        let elapsed = try clock.measure { result = try DatasetImporter.load(directory: Self.directory) }
        let (dataset, report) = result!
        print("ml-latest-small import took \(elapsed)")
        #expect(report.source == "movielens-latest")
        #expect(report.skippedRows == 0)
        #expect(dataset.interactionCount == 100_836)
        #expect(dataset.userCount == 610)
        // Every rated movie is in movies.csv, so the catalog is exactly its 9,742 movies.
        #expect(dataset.itemCount == 9_742)
        #expect(dataset.items.first == ItemRecord(id: "1", title: "Toy Story (1995)",
                                                  categories: ["Adventure", "Animation", "Children", "Comedy", "Fantasy"],
                                                  tags: dataset.items.first!.tags))
        #expect(dataset.items.last?.id == "193609")
        #expect(dataset.items.filter(\.categories.isEmpty).count == 34)
        // 3,683 tag rows; 3,574 distinct (movie, case-folded tag) pairs on 1,572 movies.
        #expect(dataset.items.reduce(0) { $0 + $1.tags.count } == 3_574)
        #expect(dataset.items.filter { !$0.tags.isEmpty }.count == 1_572)
        #expect(dataset.userIDs.first == "1")
        #expect(dataset.interactionWeights.allSatisfy { $0 >= 0.5 && $0 <= 5 })
    }
}
