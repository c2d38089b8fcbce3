/// Interns users and items to dense indexes and collects interaction columns.
///
/// Generic over the key so MovieLens can intern integer ids without building a String per
/// row; the generic format uses the id strings themselves. Users get indexes in first-seen
/// order; items in `addItem` order, then first-seen order for items only interactions name.
struct DatasetBuilder<Key: Hashable> {
    private(set) var items: [ItemRecord] = []
    private(set) var userIDs: [String] = []
    private var itemByKey: [Key: Int32] = [:]
    private var userByKey: [Key: Int32] = [:]
    // Interaction files are usually grouped by user: one comparison saves a hash lookup.
    private var lastUserKey: Key?
    private var lastUser: Int32 = 0
    private var users: [Int32] = []
    private var itemColumn: [Int32] = []
    private var weights: [Float] = []
    private var timestamps: [Int64] = []

    /// Adds a catalog item; returns nil when the key is already present.
    mutating func addItem(key: Key, record: ItemRecord) -> Int32? {
        guard itemByKey[key] == nil else { return nil }
        let index = Int32(items.count)
        itemByKey[key] = index
        items.append(record)
        return index
    }

    /// The item's index, adding a bare record when the key is new.
    mutating func item(key: Key, id: () -> String) -> Int32 {
        if let index = itemByKey[key] { return index }
        return addItem(key: key, record: ItemRecord(id: id()))!
    }

    mutating func updateItem(_ index: Int32, _ body: (inout ItemRecord) -> Void) {
        body(&items[Int(index)])
    }

    mutating func user(key: Key, id: () -> String) -> Int32 {
        if let lastUserKey, lastUserKey == key { return lastUser }
        let index: Int32
        if let known = userByKey[key] {
            index = known
        } else {
            index = Int32(userIDs.count)
            userByKey[key] = index
            userIDs.append(id())
        }
        lastUserKey = key
        lastUser = index
        return index
    }

    mutating func reserveInteractions(_ count: Int) {
        users.reserveCapacity(count)
        itemColumn.reserveCapacity(count)
        weights.reserveCapacity(count)
        timestamps.reserveCapacity(count)
    }

    mutating func addInteraction(user: Int32, item: Int32, weight: Float, timestamp: Int64) {
        users.append(user)
        itemColumn.append(item)
        weights.append(weight)
        timestamps.append(timestamp)
    }

    func build(name: String) -> Dataset {
        Dataset(name: name, userIDs: userIDs, items: items, interactionUsers: users,
                interactionItems: itemColumn, interactionWeights: weights, interactionTimestamps: timestamps)
    }
}
