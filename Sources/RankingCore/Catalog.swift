/// The items a model knows: external ids, titles and categories, indexed densely from 0.
///
/// Item indexes (`Int32`) are what every array of the model is keyed by; external ids are
/// what clients send and receive.
public struct Catalog: Sendable, Equatable {
    /// External item ids, by item index.
    public let itemIDs: [String]
    public let titles: [String]
    /// Category names, by category index.
    public let categoryNames: [String]
    /// Row = item index, columns = category indexes (values unused, 1).
    public let itemCategories: SparseRows
    public let indexByItemID: [String: Int32]
    public let indexByCategory: [String: Int32]

    public init(itemIDs: [String], titles: [String], categoryNames: [String], itemCategories: SparseRows) {
        precondition(itemIDs.count == titles.count && itemCategories.rowCount == itemIDs.count,
                     "Catalog: ids, titles and categories disagree on the item count")
        self.itemIDs = itemIDs
        self.titles = titles
        self.categoryNames = categoryNames
        self.itemCategories = itemCategories
        var byID: [String: Int32] = [:]
        byID.reserveCapacity(itemIDs.count)
        for (index, id) in itemIDs.enumerated() { byID[id] = Int32(index) }
        self.indexByItemID = byID
        var byCategory: [String: Int32] = [:]
        for (index, name) in categoryNames.enumerated() { byCategory[name] = Int32(index) }
        self.indexByCategory = byCategory
    }

    public var count: Int { itemIDs.count }
}
