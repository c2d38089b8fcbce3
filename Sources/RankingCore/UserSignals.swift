/// What the core knows about the requesting user: the model's row, if any, and the history
/// items (trained history plus the request's recent items) with recency weights.
struct UserSignals {
    let userIndex: Int32?
    /// Every item the user has interacted with (for the seen-items exclusion).
    let seen: [Int32]
    /// History items with weights (larger = more recent / stronger), strongest first,
    /// capped at `RankingDefaults.recentSeeds`.
    let seeds: [(item: Int32, weight: Float)]

    init(request: RankingRequest, model: RecommenderModel) {
        let userIndex = model.indexByUserID[request.userID]
        self.userIndex = userIndex
        var weighted: [(item: Int32, weight: Float)] = []
        var strongest: Float = 0
        if let user = userIndex {
            let range = model.histories.range(of: Int(user))
            weighted.reserveCapacity(range.count + request.recentItemIDs.count)
            for position in range {
                let weight = model.histories.values[position]
                weighted.append((model.histories.columns[position], weight))
                strongest = max(strongest, weight)
            }
        }
        // Recent items from the request: most recent last, so later ones weigh a little more.
        let base = (strongest > 0 ? strongest : 1) * RankingDefaults.requestRecentWeight
        let recent = request.recentItemIDs.compactMap { model.catalog.indexByItemID[$0] }
        for (offset, item) in recent.enumerated() {
            let weight = base * (1 + Float(offset + 1) / Float(recent.count + 1))
            weighted.append((item, weight))
        }
        self.seen = weighted.map(\.item)
        weighted.sort { $0.weight > $1.weight || ($0.weight == $1.weight && $0.item < $1.item) }
        self.seeds = Array(weighted.prefix(RankingDefaults.recentSeeds))
    }

    var hasHistory: Bool { !seeds.isEmpty }
}
