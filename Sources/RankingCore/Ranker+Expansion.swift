extension Ranker {
    /// Stage B: items similar to the user's history and to stage A's picks, through the
    /// precomputed neighbour lists (content lists when content is on, collaborative ones when
    /// CF is on). Items no seed points at get −∞: B proposes only what it has evidence for.
    func expansionScores(user: UserSignals, primaryPicks: [RankedItem], settings: RankingSettings) -> [Float] {
        var seeds = user.seeds
        let strongest = seeds.first?.weight ?? 1
        for pick in primaryPicks.prefix(RankingDefaults.expansionSeeds) {
            seeds.append((pick.item, strongest * 0.5))
        }
        guard !seeds.isEmpty else { return [] }
        var scores = [Float](repeating: -.infinity, count: model.itemCount)
        func accumulate(_ lists: SparseRows) {
            for seed in seeds where Int(seed.item) < lists.rowCount {
                for position in lists.range(of: Int(seed.item)) {
                    let item = Int(lists.columns[position])
                    let contribution = seed.weight * lists.values[position]
                    scores[item] = scores[item] == -.infinity ? contribution : scores[item] + contribution
                }
            }
        }
        if settings.contentEnabled { accumulate(model.contentNeighbours) }
        if settings.collaborativeEnabled { accumulate(model.collaborativeNeighbours) }
        return scores
    }

    /// Item-to-item: the item's neighbours (collaborative first, content to fill), best first.
    /// Nil when the item is not in the catalog.
    public func similarItems(to itemID: String, k: Int) -> [RankedItem]? {
        guard let item = model.catalog.indexByItemID[itemID] else { return nil }
        let wanted = min(max(k, 0), model.itemCount - 1)
        var result: [RankedItem] = []
        var taken = Set<Int32>([item])
        for (lists, stage) in [(model.collaborativeNeighbours, FallbackLevel.a), (model.contentNeighbours, .b)] {
            for position in lists.range(of: Int(item)) where result.count < wanted {
                let neighbour = lists.columns[position]
                if taken.insert(neighbour).inserted {
                    result.append(RankedItem(item: neighbour, score: lists.values[position], stage: stage))
                }
            }
        }
        for neighbour in popularityOrder where result.count < wanted {
            if taken.insert(neighbour).inserted {
                result.append(RankedItem(item: neighbour, score: model.popularity[Int(neighbour)], stage: .d))
            }
        }
        return result
    }
}
