import Foundation
import RankingCore

/// Writes and reads `RecommenderModel` snapshot files (format: docs/model-format.md).
///
/// ```swift
/// try ModelSnapshot.write(model, to: "/var/lib/guardrank/model.grs")
/// let model = try ModelSnapshot.read(from: "/var/lib/guardrank/model.grs")
/// ```
/// Every failure is a `SnapshotError`. A file that reads is a model whose every checksum,
/// size and cross-reference has been checked: `consistencyProblems()` is empty.
public enum ModelSnapshot {
    /// Writes `model` atomically to `path` (the old file, if any, stays until the new one is
    /// complete and synced). Refuses a model whose `consistencyProblems()` is not empty.
    @discardableResult
    public static func write(_ model: RecommenderModel, to path: String,
                             trainerParameters: [String: String] = [:],
                             trainingInfo: [String: String] = [:],
                             createdAt: Date = Date()) throws -> SnapshotMetadata {
        try write(model, to: path, trainerParameters: trainerParameters, trainingInfo: trainingInfo,
                  createdAt: createdAt, options: SnapshotWriteOptions())
    }

    package static func write(_ model: RecommenderModel, to path: String,
                              trainerParameters: [String: String] = [:], trainingInfo: [String: String] = [:],
                              createdAt: Date = Date(), options: SnapshotWriteOptions) throws -> SnapshotMetadata {
        if options.checkConsistency {
            let problems = model.consistencyProblems()
            guard problems.isEmpty else {
                throw SnapshotError(.inconsistentModel, path: path,
                                    reason: "refusing to write an inconsistent model: " + problems.joined(separator: "; "))
            }
        }
        let metadata = SnapshotMetadata(model: model, createdAt: createdAt, formatVersion: options.formatVersion,
                                        trainerParameters: trainerParameters, trainingInfo: trainingInfo)
        let sections = try sections(of: model, metadata: metadata, index: indexToPersist(model, options: options))
        _ = try SnapshotWriter.write(sections, to: path, options: options)
        return metadata
    }

    /// The candidate index written with `model`: its own `persistedIndex` when that still
    /// matches its item factors, else one built here when serving would build one at load
    /// (`RankingDefaults.indexThreshold` items or more), so the file loads without a rebuild.
    static func indexToPersist(_ model: RecommenderModel, options: SnapshotWriteOptions) -> CandidateIndexParts? {
        guard options.persistIndex, model.itemCount > 0, model.itemFactors.dimension > 0 else { return nil }
        if let parts = model.persistedIndex,
           parts.itemFactorsFingerprint == CandidateIndex.fingerprint(of: model.itemFactors) { return parts }
        guard model.itemCount >= options.indexThreshold else { return nil }
        return CandidateIndex.build(model.itemFactors).parts(indexing: model.itemFactors)
    }

    /// Reads and verifies the model at `path`.
    public static func read(from path: String) throws -> RecommenderModel {
        try readWithMetadata(from: path).model
    }

    /// Reads and verifies the model at `path`, with the metadata it was written with.
    public static func readWithMetadata(from path: String) throws -> (model: RecommenderModel, metadata: SnapshotMetadata) {
        let reader = try SnapshotReader(path: path)
        let metadata = try readMetadata(reader)
        var model = try decodeModel(reader, metadata: metadata)
        model.persistedIndex = decodeIndex(reader)
        let problems = model.consistencyProblems()
        guard problems.isEmpty else {
            throw SnapshotError(.inconsistentModel, path: path,
                                reason: "the model's arrays disagree: " + problems.joined(separator: "; "))
        }
        return (model, metadata)
    }

    /// Reads only the frame and the metadata section (fast: for `guardrank` info commands);
    /// the other sections' chunks are not verified.
    public static func readMetadata(from path: String) throws -> SnapshotMetadata {
        try readMetadata(SnapshotReader(path: path))
    }

    static func readMetadata(_ reader: SnapshotReader) throws -> SnapshotMetadata {
        let json: [UInt8] = try reader.decode(.metadata, array: 0, named: "json", as: .bytes)
        return try SnapshotMetadata.decode(json, path: reader.path)
    }
}
