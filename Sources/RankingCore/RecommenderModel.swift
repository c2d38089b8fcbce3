/// Everything a trained model holds: the arrays the ranking stages read.
///
/// This is the contract between training (ModelStore's trainers), the snapshot file
/// (ModelStore's writer and reader) and ranking (`Ranker`). It holds data only; structures
/// derived from it for serving (sorted popularity, a candidate index) are built by the core
/// when it prepares a model.
public struct RecommenderModel: Sendable, Equatable {
    /// Names this model in every response (`model_version`); set by the trainer.
    public var version: String
    public var catalog: Catalog

    /// External user ids, by user index.
    public var userIDs: [String]
    public var indexByUserID: [String: Int32]

    /// Collaborative factors: users x d and items x d, same d.
    public var userFactors: FactorMatrix
    public var itemFactors: FactorMatrix

    /// Row = user, columns = items the user interacted with (training data),
    /// values = recency-weighted interaction weight (larger = more recent/stronger).
    public var histories: SparseRows

    /// Content vectors, items x c, each row L2-normalised (or all zero for an item with no content).
    public var contentVectors: FactorMatrix

    /// Time-decayed popularity by item index, non-negative, larger = more popular.
    public var popularity: [Float]

    /// Item-to-item neighbour lists (row = item, columns = neighbours, values = similarity,
    /// sorted by descending similarity): by content and by collaborative factors.
    public var contentNeighbours: SparseRows
    public var collaborativeNeighbours: SparseRows

    /// A candidate index built from `itemFactors` and stored with the model (a snapshot's
    /// optional `candidateIndex` section), so `Ranker` restores it instead of rebuilding it.
    /// Derived data: `Ranker` checks it against `itemFactors` and rebuilds when it does not
    /// match; nil = build at load if the catalog needs one.
    public var persistedIndex: CandidateIndexParts? = nil

    public init(
        version: String,
        catalog: Catalog,
        userIDs: [String],
        userFactors: FactorMatrix,
        itemFactors: FactorMatrix,
        histories: SparseRows,
        contentVectors: FactorMatrix,
        popularity: [Float],
        contentNeighbours: SparseRows,
        collaborativeNeighbours: SparseRows
    ) {
        self.version = version
        self.catalog = catalog
        self.userIDs = userIDs
        var byID: [String: Int32] = [:]
        byID.reserveCapacity(userIDs.count)
        for (index, id) in userIDs.enumerated() { byID[id] = Int32(index) }
        self.indexByUserID = byID
        self.userFactors = userFactors
        self.itemFactors = itemFactors
        self.histories = histories
        self.contentVectors = contentVectors
        self.popularity = popularity
        self.contentNeighbours = contentNeighbours
        self.collaborativeNeighbours = collaborativeNeighbours
    }

    public var itemCount: Int { catalog.count }
    public var userCount: Int { userIDs.count }

    /// Checks that the arrays agree with each other; a snapshot reader calls this before
    /// handing a model to serving, so a model that loads is a model the core can index safely.
    public func consistencyProblems() -> [String] {
        var problems: [String] = []
        let items = itemCount
        let users = userCount
        if userFactors.rows != users { problems.append("userFactors has \(userFactors.rows) rows for \(users) users") }
        if itemFactors.rows != items { problems.append("itemFactors has \(itemFactors.rows) rows for \(items) items") }
        if userFactors.dimension != itemFactors.dimension {
            problems.append("user factor dimension \(userFactors.dimension) != item factor dimension \(itemFactors.dimension)")
        }
        if histories.rowCount != users { problems.append("histories has \(histories.rowCount) rows for \(users) users") }
        if contentVectors.rows != items { problems.append("contentVectors has \(contentVectors.rows) rows for \(items) items") }
        if popularity.count != items { problems.append("popularity has \(popularity.count) entries for \(items) items") }
        if contentNeighbours.rowCount != items { problems.append("contentNeighbours has \(contentNeighbours.rowCount) rows for \(items) items") }
        if collaborativeNeighbours.rowCount != items {
            problems.append("collaborativeNeighbours has \(collaborativeNeighbours.rowCount) rows for \(items) items")
        }
        for (name, rows) in [("histories", histories), ("contentNeighbours", contentNeighbours),
                             ("collaborativeNeighbours", collaborativeNeighbours)] {
            if let bad = rows.columns.first(where: { $0 < 0 || Int($0) >= items }) {
                problems.append("\(name) refers to item index \(bad), outside 0..<\(items)")
            }
        }
        let categories = catalog.categoryNames.count
        if let bad = catalog.itemCategories.columns.first(where: { $0 < 0 || Int($0) >= categories }) {
            problems.append("itemCategories refers to category index \(bad), outside 0..<\(categories)")
        }
        if popularity.contains(where: { !$0.isFinite || $0 < 0 }) { problems.append("popularity has a negative or non-finite value") }
        if userFactors.values.contains(where: { !$0.isFinite }) || itemFactors.values.contains(where: { !$0.isFinite }) {
            problems.append("factors contain a non-finite value")
        }
        return problems
    }
}
