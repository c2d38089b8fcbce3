
/// One item's descriptive record, as an importer reads it.
public struct ItemRecord: Sendable, Equatable {
    public var id: String
    public var title: String
    public var categories: [String]
    public var tags: [String]

    public init(id: String, title: String = "", categories: [String] = [], tags: [String] = []) {
        self.id = id
        self.title = title
        self.categories = categories
        self.tags = tags
    }
}

/// An imported dataset: users and items interned to dense indexes, interactions in columns.
///
/// Columnar so that tens of millions of interactions cost 20 bytes each, not a struct with
/// two strings. Every importer (MovieLens, generic CSV/JSONL) and the synthetic generator
/// produce this; every trainer and the offline evaluation consume it.
public struct Dataset: Sendable, Equatable {
    public var name: String
    /// External user ids, by user index.
    public var userIDs: [String]
    /// Items by item index (the catalog order).
    public var items: [ItemRecord]
    /// Interaction columns, one entry per interaction, in file order.
    public var interactionUsers: [Int32]
    public var interactionItems: [Int32]
    /// Explicit rating or implicit weight (1 when the source has none).
    public var interactionWeights: [Float]
    /// Seconds since the Unix epoch (0 when the source has none).
    public var interactionTimestamps: [Int64]

    public init(
        name: String,
        userIDs: [String],
        items: [ItemRecord],
        interactionUsers: [Int32],
        interactionItems: [Int32],
        interactionWeights: [Float],
        interactionTimestamps: [Int64]
    ) {
        precondition(interactionUsers.count == interactionItems.count
                     && interactionItems.count == interactionWeights.count
                     && interactionWeights.count == interactionTimestamps.count,
                     "Dataset: interaction columns differ in length")
        self.name = name
        self.userIDs = userIDs
        self.items = items
        self.interactionUsers = interactionUsers
        self.interactionItems = interactionItems
        self.interactionWeights = interactionWeights
        self.interactionTimestamps = interactionTimestamps
    }

    public var interactionCount: Int { interactionUsers.count }
    public var userCount: Int { userIDs.count }
    public var itemCount: Int { items.count }
}
