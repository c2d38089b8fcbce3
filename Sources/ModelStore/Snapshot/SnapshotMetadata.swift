import Foundation
import RankingCore

/// The metadata section: JSON, so people and tools can read it and fields can be added
/// without a format bump (readers ignore keys they do not know).
public struct SnapshotMetadata: Codable, Sendable, Equatable {
    public var formatVersion: Int
    /// `RecommenderModel.version`.
    public var modelVersion: String
    /// When the snapshot was written, UTC, whole seconds (ISO 8601 in the file).
    public var createdAt: Date
    public var itemCount: Int
    public var userCount: Int
    public var categoryCount: Int
    public var factorDimension: Int
    public var contentDimension: Int
    public var historyEntryCount: Int
    /// Trainer settings (ALS rank, regularisation, iterations…), opaque to the format.
    public var trainerParameters: [String: String]
    /// Where the model came from (dataset name, interaction count, training time…), opaque too.
    public var trainingInfo: [String: String]

    package init(model: RecommenderModel, createdAt: Date, formatVersion: UInt32,
                 trainerParameters: [String: String], trainingInfo: [String: String]) {
        self.formatVersion = Int(formatVersion)
        self.modelVersion = model.version
        self.createdAt = Date(timeIntervalSince1970: createdAt.timeIntervalSince1970.rounded(.down))
        self.itemCount = model.itemCount
        self.userCount = model.userCount
        self.categoryCount = model.catalog.categoryNames.count
        self.factorDimension = model.itemFactors.dimension
        self.contentDimension = model.contentVectors.dimension
        self.historyEntryCount = model.histories.columns.count
        self.trainerParameters = trainerParameters
        self.trainingInfo = trainingInfo
    }

    package func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.dateEncodingStrategy = .iso8601
        return Array(try encoder.encode(self))
    }

    package static func decode(_ bytes: [UInt8], path: String) throws -> SnapshotMetadata {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(SnapshotMetadata.self, from: Data(bytes))
        } catch {
            throw SnapshotError(.invalidContent, path: path, section: SectionKind.metadata.name,
                                reason: "metadata is not valid JSON of the expected shape: \(error)")
        }
    }
}
