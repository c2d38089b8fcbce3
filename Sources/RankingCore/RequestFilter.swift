/// The filters of one request, resolved to item indexes once, before any stage runs.
///
/// Hard exclusions (seen items, `exclude_item_ids`, `exclude_categories`) are never relaxed;
/// the soft filter (`include_categories`) is dropped by stage C. Items a stage picks are
/// marked as taken so later stages only fill what is left.
///
/// The marks live in the thread's `RankingScratch`, stamped with this request's generation:
/// building a filter costs O(exclusions), not O(catalog).
struct RequestFilter {
    /// `blocked[item] == generation` = hard-excluded or already taken.
    private let blocked: UnsafeMutablePointer<UInt32>
    /// `wanted[category] == generation` = in the soft filter.
    private let wanted: UnsafeMutablePointer<UInt32>
    private let generation: UInt32
    let hasSoftFilter: Bool
    /// Items that pass the hard filters (taken ones included): the guarantee's `eligible`.
    let eligibleCount: Int

    init(request: RankingRequest, seen: UnsafeBufferPointer<Int32>, model: RecommenderModel,
         itemsByCategory: SparseRows, scratch: RankingScratch) {
        let catalog = model.catalog
        let generation = scratch.nextFilterGeneration()
        let blocked = scratch.blockedStamp
        var excluded = 0
        @inline(__always) func block(_ item: Int32) {
            if blocked[Int(item)] != generation {
                blocked[Int(item)] = generation
                excluded += 1
            }
        }
        if !request.includeSeen { seen.forEach(block) }
        for id in request.excludeItemIDs {
            if let item = catalog.indexByItemID[id] { block(item) }
        }
        for name in request.excludeCategories {
            guard let category = catalog.indexByCategory[name] else { continue }
            for position in itemsByCategory.range(of: Int(category)) { block(itemsByCategory.columns[position]) }
        }
        self.blocked = blocked
        self.generation = generation
        self.eligibleCount = catalog.count - excluded

        var anyWanted = false
        for name in request.includeCategories {
            anyWanted = true
            if let category = catalog.indexByCategory[name] { scratch.categoryStamp[Int(category)] = generation }
        }
        // An include list naming only unknown categories still filters (to nothing): the
        // caller asked for something this catalog lacks, and stage C relaxes it.
        self.wanted = scratch.categoryStamp
        self.hasSoftFilter = anyWanted
    }

    @inline(__always)
    func isBlocked(_ item: Int32) -> Bool { blocked[Int(item)] == generation }

    @inline(__always)
    mutating func take(_ item: Int32) { blocked[Int(item)] = generation }

    /// True when the item passes the soft filter (always, without one).
    @inline(__always)
    func matchesSoftFilter(_ item: Int32, categories: SparseRows) -> Bool {
        guard hasSoftFilter else { return true }
        for position in categories.range(of: Int(item)) where wanted[Int(categories.columns[position])] == generation {
            return true
        }
        return false
    }
}
