/// The filters of one request, resolved to item indexes once, before any stage runs.
///
/// Hard exclusions (seen items, `exclude_item_ids`, `exclude_categories`) are never relaxed;
/// the soft filter (`include_categories`) is dropped by stage C. Items a stage picks are
/// marked as taken so later stages only fill what is left.
struct RequestFilter {
    /// `true` = hard-excluded or already taken.
    private var blocked: [Bool]
    /// Category index → wanted; empty = no soft filter.
    private let wantedCategories: [Bool]
    let hasSoftFilter: Bool
    /// Items that pass the hard filters (taken ones included): the guarantee's `eligible`.
    let eligibleCount: Int

    init(request: RankingRequest, seen: [Int32], model: RecommenderModel, itemsByCategory: SparseRows) {
        let catalog = model.catalog
        var blocked = [Bool](repeating: false, count: catalog.count)
        var excluded = 0
        func block(_ item: Int32) {
            if !blocked[Int(item)] {
                blocked[Int(item)] = true
                excluded += 1
            }
        }
        if !request.includeSeen { seen.forEach(block) }
        for id in request.excludeItemIDs {
            if let item = catalog.indexByItemID[id] { block(item) }
        }
        for name in request.excludeCategories {
            guard let category = catalog.indexByCategory[name] else { continue }
            itemsByCategory.columns(of: Int(category)).forEach(block)
        }
        self.blocked = blocked
        self.eligibleCount = catalog.count - excluded

        var wanted = [Bool](repeating: false, count: catalog.categoryNames.count)
        var anyWanted = false
        for name in request.includeCategories {
            anyWanted = true
            if let category = catalog.indexByCategory[name] { wanted[Int(category)] = true }
        }
        // An include list naming only unknown categories still filters (to nothing): the
        // caller asked for something this catalog lacks, and stage C relaxes it.
        self.wantedCategories = wanted
        self.hasSoftFilter = anyWanted
    }

    @inline(__always)
    func isBlocked(_ item: Int32) -> Bool { blocked[Int(item)] }

    @inline(__always)
    mutating func take(_ item: Int32) { blocked[Int(item)] = true }

    /// True when the item passes the soft filter (always, without one).
    @inline(__always)
    func matchesSoftFilter(_ item: Int32, categories: SparseRows) -> Bool {
        guard hasSoftFilter else { return true }
        for category in categories.columns(of: Int(item)) where wantedCategories[Int(category)] { return true }
        return false
    }
}
