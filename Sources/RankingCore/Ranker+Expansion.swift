extension Ranker {
    /// Stage B: items similar to the user's history and to stage A's picks, through the
    /// precomputed neighbour lists (content lists when content is on, collaborative ones when
    /// CF is on), accumulated into the scratch's `expansionSet`. Only items some seed points
    /// at are in the set: B proposes only what it has evidence for. False when there are no seeds.
    func expansionScores(user: UserSignals, primaryPicks: [RankedItem], settings: RankingSettings,
                         scratch: RankingScratch) -> Bool {
        let strongest = user.seeds.first?.weight ?? 1
        let picks = min(primaryPicks.count, RankingDefaults.expansionSeeds)
        guard !user.seeds.isEmpty || picks > 0 else { return false }
        scratch.expansionSet.clear()
        func accumulate(_ lists: SparseRows, _ seed: Int32, _ weight: Float) {
            guard Int(seed) < lists.rowCount else { return }
            for position in lists.range(of: Int(seed)) {
                scratch.expansionSet.add(lists.columns[position], weight * lists.values[position])
            }
        }
        func accumulate(_ lists: SparseRows) {
            for seed in user.seeds { accumulate(lists, seed.item, seed.weight) }
            for p in 0..<picks { accumulate(lists, primaryPicks[p].item, strongest * 0.5) }
        }
        if settings.contentEnabled { accumulate(model.contentNeighbours) }
        if settings.collaborativeEnabled { accumulate(model.collaborativeNeighbours) }
        return true
    }

    /// Item-to-item: the item's neighbours (collaborative first, content to fill), best first;
    /// on an indexed catalog without collaborative lists, the index's nearest items by factors.
    /// Nil when the item is not in the catalog.
    public func similarItems(to itemID: String, k: Int) -> [RankedItem]? {
        guard let item = model.catalog.indexByItemID[itemID] else { return nil }
        let wanted = min(max(k, 0), model.itemCount - 1)
        let scratch = scratchPool.current()
        var taken = scratch.expansionSet
        taken.clear()
        _ = taken.slot(of: item, initial: 0)
        var result: [RankedItem] = []
        result.reserveCapacity(wanted)
        func add(_ neighbour: Int32, _ score: Float, _ stage: FallbackLevel) {
            guard result.count < wanted, !taken.contains(neighbour) else { return }
            _ = taken.slot(of: neighbour, initial: 0)
            result.append(RankedItem(item: neighbour, score: score, stage: stage))
        }
        let collaborative = model.collaborativeNeighbours
        for position in collaborative.range(of: Int(item)) { add(collaborative.columns[position], collaborative.values[position], .a) }
        if let index, collaborative.range(of: Int(item)).isEmpty {
            var heap = scratch.takeHeap(capacity: wanted + 1)
            model.itemFactors.withRow(Int(item)) { row in
                index.search(row.baseAddress!, scratch: &scratch.indexScratch!, into: &heap)
            }
            heap.sortBestFirst()
            for i in 0..<heap.count { add(heap.items[i], heap.scores[i], .a) }
            scratch.heap = heap
        }
        let content = model.contentNeighbours
        for position in content.range(of: Int(item)) { add(content.columns[position], content.values[position], .b) }
        for neighbour in popularityOrder {
            if result.count >= wanted { break }
            add(neighbour, model.popularity[Int(neighbour)], .d)
        }
        scratch.expansionSet = taken
        return result
    }
}
