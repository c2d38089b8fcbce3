/// What the core knows about the requesting user: the model's row, if any, and the history
/// items (trained history plus the request's recent items) with recency weights.
///
/// Built in the thread's scratch arrays (kept capacity), so it allocates nothing once a
/// thread has served a user with as long a history.
struct UserSignals {
    let userIndex: Int32?
    /// Every item the user has interacted with (for the seen-items exclusion).
    let seen: [Int32]
    /// History items with weights (larger = more recent / stronger), strongest first,
    /// capped at `RankingDefaults.recentSeeds`.
    let seeds: [(item: Int32, weight: Float)]

    init(request: RankingRequest, model: RecommenderModel, scratch: RankingScratch) {
        let userIndex = model.indexByUserID[request.userID]
        self.userIndex = userIndex
        var seen = scratch.takeSeen()
        var weighted = scratch.takeSeeds()
        var strongest: Float = 0
        if let user = userIndex {
            for position in model.histories.range(of: Int(user)) {
                let weight = model.histories.values[position]
                weighted.append((model.histories.columns[position], weight))
                seen.append(model.histories.columns[position])
                strongest = max(strongest, weight)
            }
        }
        // Recent items from the request: most recent last, so later ones weigh a little more.
        let base = (strongest > 0 ? strongest : 1) * RankingDefaults.requestRecentWeight
        var recentCount = 0
        for id in request.recentItemIDs where model.catalog.indexByItemID[id] != nil { recentCount += 1 }
        var offset = 0
        for id in request.recentItemIDs {
            guard let item = model.catalog.indexByItemID[id] else { continue }
            offset += 1
            weighted.append((item, base * (1 + Float(offset) / Float(recentCount + 1))))
            seen.append(item)
        }
        Self.keepStrongest(&weighted, RankingDefaults.recentSeeds)
        self.seen = seen
        self.seeds = weighted
    }

    /// Sorts strongest first (ties: lower index) and keeps `limit`. Insertion sort for short
    /// histories (the common case; no temporary buffer), the standard sort beyond.
    static func keepStrongest(_ list: inout [(item: Int32, weight: Float)], _ limit: Int) {
        func before(_ a: (item: Int32, weight: Float), _ b: (item: Int32, weight: Float)) -> Bool {
            a.weight > b.weight || (a.weight == b.weight && a.item < b.item)
        }
        if list.count <= 64 {
            for i in list.indices.dropFirst() {
                let value = list[i]
                var j = i
                while j > 0 && before(value, list[j - 1]) {
                    list[j] = list[j - 1]
                    j -= 1
                }
                list[j] = value
            }
        } else {
            list.sort(by: before)
        }
        if list.count > limit { list.removeLast(list.count - limit) }
    }

    var hasHistory: Bool { !seeds.isEmpty }
}

extension RankingScratch {
    /// The scratch's seen-items array, emptied, capacity kept (hand it back with `recycle`).
    func takeSeen() -> [Int32] {
        var list = seenBuffer
        seenBuffer = []
        list.removeAll(keepingCapacity: true)
        return list
    }

    func takeSeeds() -> [(item: Int32, weight: Float)] {
        var list = seedsBuffer
        seedsBuffer = []
        list.removeAll(keepingCapacity: true)
        return list
    }

    /// Returns the request's arrays to the scratch for the next request on this thread.
    func recycle(_ user: consuming UserSignals) {
        seenBuffer = user.seen
        seedsBuffer = user.seeds
    }
}
