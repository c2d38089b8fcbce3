import Dispatch
import RankingCore

/// The mapping between a `RecommenderModel` and the sections of format version 1. The array
/// order inside each section is part of the format (docs/model-format.md, "Sections").
extension ModelSnapshot {
    static func sections(of model: RecommenderModel, metadata: SnapshotMetadata,
                         index: CandidateIndexParts? = nil) throws -> [SnapshotSection] {
        let catalog = model.catalog
        return [
            SnapshotSection(.metadata, [.bytes(try metadata.encoded())]),
            SnapshotSection(.catalog, SnapshotArray.strings(catalog.itemIDs) + SnapshotArray.strings(catalog.titles)
                + SnapshotArray.strings(catalog.categoryNames) + sparse(catalog.itemCategories)),
            SnapshotSection(.itemFactors, matrix(model.itemFactors)),
            SnapshotSection(.userFactors, matrix(model.userFactors)),
            SnapshotSection(.userIndex, SnapshotArray.strings(model.userIDs)),
            SnapshotSection(.histories, sparse(model.histories)),
            SnapshotSection(.contentVectors, matrix(model.contentVectors)),
            SnapshotSection(.popularity, [.float32(model.popularity)]),
            SnapshotSection(.contentNeighbours, sparse(model.contentNeighbours)),
            SnapshotSection(.collaborativeNeighbours, sparse(model.collaborativeNeighbours)),
        ] + (index.map { [indexSection($0)] } ?? [])
    }

    /// Optional section 11: `Int64` header [itemCount, dimension, listCount, fingerprint bits],
    /// centroids (`Float32`, listCount × dimension), list offsets (`Int32`, listCount + 1),
    /// list items (`Int32`, itemCount), residual norms (`Float32`, itemCount).
    static func indexSection(_ parts: CandidateIndexParts) -> SnapshotSection {
        SnapshotSection(.candidateIndex, [
            .int64([Int64(parts.itemCount), Int64(parts.dimension), Int64(parts.listCount),
                    Int64(bitPattern: parts.itemFactorsFingerprint)]),
            .float32(parts.centroids), .int32(parts.listOffsets), .int32(parts.listItems), .float32(parts.residuals),
        ])
    }

    /// The persisted candidate index, or nil when the file has none or it does not decode (a
    /// damaged optional section costs a rebuild at load, not the model). Whether it matches the
    /// model is `Ranker`'s check (`CandidateIndex(restoring:vectors:)`).
    static func decodeIndex(_ reader: SnapshotReader) -> CandidateIndexParts? {
        guard reader.has(.candidateIndex) else { return nil }
        do {
            let header: [Int64] = try reader.decode(.candidateIndex, array: 0, named: "header", as: .int64)
            guard header.count == 4, header[0] >= 0, header[1] >= 0, header[2] >= 0 else { return nil }
            return CandidateIndexParts(
                dimension: Int(header[1]), itemCount: Int(header[0]), listCount: Int(header[2]),
                centroids: try reader.decode(.candidateIndex, array: 1, named: "centroids", as: .float32),
                listOffsets: try reader.decode(.candidateIndex, array: 2, named: "listOffsets", as: .int32),
                listItems: try reader.decode(.candidateIndex, array: 3, named: "listItems", as: .int32),
                residuals: try reader.decode(.candidateIndex, array: 4, named: "residuals", as: .float32),
                itemFactorsFingerprint: UInt64(bitPattern: header[3]))
        } catch {
            return nil
        }
    }

    private static func matrix(_ m: FactorMatrix) -> [SnapshotArray] {
        [.int64([Int64(m.rows), Int64(m.dimension)]), .float32(m.values)]
    }

    private static func sparse(_ rows: SparseRows) -> [SnapshotArray] {
        [.int64(rows.offsets), .int32(rows.columns), .float32(rows.values)]
    }

    /// `trace` receives each step's name and duration in seconds (the big-model timing test).
    static func decodeModel(_ reader: SnapshotReader, metadata: SnapshotMetadata,
                            trace: ((String, Double) -> Void)? = nil) throws -> RecommenderModel {
        var clock = ContinuousClock.now
        func step<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
            let value = try body()
            if let trace {
                let now = ContinuousClock.now
                let elapsed = now - clock
                trace(name, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
                clock = now
            }
            return value
        }
        let itemIDs = try step("catalog.itemIDs") { try strings(reader, .catalog, at: 0, named: "itemIDs") }
        let titles = try step("catalog.titles") { try strings(reader, .catalog, at: 2, named: "titles") }
        let categoryNames = try strings(reader, .catalog, at: 4, named: "categoryNames")
        let itemCategories = try step("catalog.itemCategories") { try sparse(reader, .catalog, at: 6) }
        guard titles.count == itemIDs.count, itemCategories.rowCount == itemIDs.count else {
            throw SnapshotError(.sizeMismatch, path: reader.path, section: SectionKind.catalog.name,
                                reason: "\(itemIDs.count) item ids, \(titles.count) titles and \(itemCategories.rowCount) category rows disagree")
        }
        let userIDs = try step("userIndex") { try strings(reader, .userIndex, at: 0, named: "userIDs") }
        // Catalog.init and RecommenderModel.init build their id -> index dictionaries serially
        // (4 s for 10^7 users): build them on another thread while the numeric sections decode.
        let indexed = Pending<RecommenderModel>()
        let group = DispatchGroup()
        let version = metadata.modelVersion
        DispatchQueue.global().async(group: group) {
            let catalog = Catalog(itemIDs: itemIDs, titles: titles, categoryNames: categoryNames, itemCategories: itemCategories)
            indexed.value = RecommenderModel(
                version: version, catalog: catalog, userIDs: userIDs, userFactors: .empty, itemFactors: .empty,
                histories: .emptyRows(0), contentVectors: .empty, popularity: [], contentNeighbours: .emptyRows(0),
                collaborativeNeighbours: .emptyRows(0))
        }
        defer { group.wait() }  // also on a throw: never leave the builder running past the call
        let userFactors = try step("userFactors") { try matrix(reader, .userFactors) }
        let itemFactors = try step("itemFactors") { try matrix(reader, .itemFactors) }
        let histories = try step("histories") { try sparse(reader, .histories, at: 0) }
        let contentVectors = try step("contentVectors") { try matrix(reader, .contentVectors) }
        let popularity: [Float] = try step("popularity") { try reader.decode(.popularity, array: 0, named: "values", as: .float32) }
        let contentNeighbours = try step("contentNeighbours") { try sparse(reader, .contentNeighbours, at: 0) }
        let collaborativeNeighbours = try step("collaborativeNeighbours") { try sparse(reader, .collaborativeNeighbours, at: 0) }
        var model = step("wait for the id maps (built concurrently)") {
            group.wait()
            return indexed.value!
        }
        model.userFactors = userFactors
        model.itemFactors = itemFactors
        model.histories = histories
        model.contentVectors = contentVectors
        model.popularity = popularity
        model.contentNeighbours = contentNeighbours
        model.collaborativeNeighbours = collaborativeNeighbours
        try checkAgainstMetadata(model, metadata, path: reader.path)
        return model
    }

    /// The metadata's counts are written from the same model; disagreement means a file
    /// assembled from parts of different models.
    private static func checkAgainstMetadata(_ model: RecommenderModel, _ metadata: SnapshotMetadata,
                                             path: String) throws {
        let pairs: [(String, Int, Int)] = [
            ("itemCount", metadata.itemCount, model.itemCount),
            ("userCount", metadata.userCount, model.userCount),
            ("categoryCount", metadata.categoryCount, model.catalog.categoryNames.count),
            ("factorDimension", metadata.factorDimension, model.itemFactors.dimension),
            ("contentDimension", metadata.contentDimension, model.contentVectors.dimension),
            ("historyEntryCount", metadata.historyEntryCount, model.histories.columns.count),
        ]
        for (name, declared, actual) in pairs where declared != actual {
            throw SnapshotError(.sizeMismatch, path: path, section: SectionKind.metadata.name,
                                reason: "metadata \(name) is \(declared) but the sections hold \(actual)")
        }
    }

    private static func matrix(_ reader: SnapshotReader, _ kind: SectionKind) throws -> FactorMatrix {
        let shape: [Int64] = try reader.decode(kind, array: 0, named: "shape", as: .int64)
        let values: [Float] = try reader.decode(kind, array: 1, named: "values", as: .float32)
        guard shape.count == 2, shape[0] >= 0, shape[1] >= 0 else {
            throw SnapshotError(.invalidContent, path: reader.path, section: kind.name,
                                reason: "shape must be two non-negative numbers (rows, dimension), found \(shape)")
        }
        let (cells, overflow) = Int(shape[0]).multipliedReportingOverflow(by: Int(shape[1]))
        guard !overflow, cells == values.count else {
            throw SnapshotError(.sizeMismatch, path: reader.path, section: kind.name,
                                reason: "\(values.count) values do not fill \(shape[0]) rows x \(shape[1]) dimensions")
        }
        return FactorMatrix(rows: Int(shape[0]), dimension: Int(shape[1]), values: values)
    }

    private static func sparse(_ reader: SnapshotReader, _ kind: SectionKind, at first: Int) throws -> SparseRows {
        let offsets: [Int64] = try reader.decode(kind, array: first, named: "offsets", as: .int64)
        let columns: [Int32] = try reader.decode(kind, array: first + 1, named: "columns", as: .int32)
        let values: [Float] = try reader.decode(kind, array: first + 2, named: "values", as: .float32)
        guard columns.count == values.count else {
            throw SnapshotError(.sizeMismatch, path: reader.path, section: kind.name,
                                reason: "\(columns.count) columns but \(values.count) values")
        }
        try checkOffsets(offsets, total: columns.count, reader: reader, kind: kind, what: "row offsets")
        return SparseRows(offsets: offsets, columns: columns, values: values)
    }

    private static func strings(_ reader: SnapshotReader, _ kind: SectionKind, at first: Int,
                                named name: String) throws -> [String] {
        let offsets: [Int64] = try reader.decode(kind, array: first, named: name + ".offsets", as: .int64)
        let blob: [UInt8] = try reader.decode(kind, array: first + 1, named: name + ".utf8", as: .bytes)
        try checkOffsets(offsets, total: blob.count, reader: reader, kind: kind, what: name + " offsets")
        guard let strings = StringBlob.decode(offsets: offsets, blob: blob) else {
            throw SnapshotError(.invalidContent, path: reader.path, section: kind.name,
                                reason: "\(name) contains bytes that are not valid UTF-8")
        }
        return strings
    }

    /// Offsets must start at 0, never decrease and end at the array they index: what
    /// `SparseRows` and string slicing rely on (otherwise a slice would trap).
    private static func checkOffsets(_ offsets: [Int64], total: Int, reader: SnapshotReader, kind: SectionKind,
                                     what: String) throws {
        func fail(_ reason: String) -> SnapshotError {
            SnapshotError(.invalidContent, path: reader.path, section: kind.name, reason: "\(what): \(reason)")
        }
        guard let firstOffset = offsets.first, let last = offsets.last else { throw fail("no offsets (need count + 1)") }
        guard firstOffset == 0 else { throw fail("first offset is \(firstOffset), not 0") }
        guard last == Int64(total) else { throw fail("last offset is \(last) but the data has \(total) entries") }
        let decreasing = offsets.withUnsafeBufferPointer { o in
            var bad = false
            for i in 1 ..< o.count { bad = bad || o[i] < o[i - 1] }
            return bad
        }
        guard !decreasing else { throw fail("offsets decrease") }
    }
}

/// Hands a value from the index-building thread to the decoding one; `DispatchGroup.wait()`
/// orders the write before the read.
private final class Pending<Value>: @unchecked Sendable {
    var value: Value?
}
