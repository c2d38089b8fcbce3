/// SPEC §2's split: per user, interactions sorted by time (ties by item, as the peers'
/// `(timestamp, movieId)` sort does), the latest 20% (at least one) held out.
public struct TemporalSplit: Sendable {
    public let train: Dataset
    /// Held-out item indexes by user index (deduplicated, ascending).
    public let heldOut: [[Int32]]

    public init(_ dataset: Dataset, holdoutFraction: Double = ModelStoreDefaults.holdoutFraction) {
        var byUser = [[Int]](repeating: [], count: dataset.userCount)
        for k in 0..<dataset.interactionCount { byUser[Int(dataset.interactionUsers[k])].append(k) }
        var keep = [Bool](repeating: true, count: dataset.interactionCount)
        var heldOut = [[Int32]](repeating: [], count: dataset.userCount)
        for (user, interactions) in byUser.enumerated() where !interactions.isEmpty {
            let ordered = interactions.sorted {
                let (ta, tb) = (dataset.interactionTimestamps[$0], dataset.interactionTimestamps[$1])
                return ta < tb || (ta == tb && dataset.interactionItems[$0] < dataset.interactionItems[$1])
            }
            let held = max(1, Int((Double(ordered.count) * holdoutFraction).rounded()))
            var items = Set<Int32>()
            for k in ordered.suffix(held) {
                keep[k] = false
                items.insert(dataset.interactionItems[k])
            }
            heldOut[user] = items.sorted()
        }
        func kept<T>(_ column: [T]) -> [T] { column.indices.filter { keep[$0] }.map { column[$0] } }
        self.train = Dataset(
            name: dataset.name,
            userIDs: dataset.userIDs,
            items: dataset.items,
            interactionUsers: kept(dataset.interactionUsers),
            interactionItems: kept(dataset.interactionItems),
            interactionWeights: kept(dataset.interactionWeights),
            interactionTimestamps: kept(dataset.interactionTimestamps)
        )
        self.heldOut = heldOut
    }
}
