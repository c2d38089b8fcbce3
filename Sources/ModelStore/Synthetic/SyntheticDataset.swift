/// A deterministic synthetic dataset: the same configuration gives the same `Dataset`, bit
/// for bit, on every machine.
///
/// Items belong to latent clusters; each cluster's items are Zipf-popular within it and
/// clusters are Zipf-popular across users. Categories and tags lean to the item's cluster.
/// Each user has a primary and a secondary cluster and drifts from the first to the second
/// over time, so recency matters. Interaction counts are heavy-tailed (Lomax, shape 2) with
/// a small mean, so 10^7 users fit in memory: columns are reserved once, exactly.
public enum SyntheticDataset {
    public struct Configuration: Sendable, Equatable {
        public var items: Int
        public var users: Int
        public var seed: UInt64
        public var clusters: Int
        public var zipfExponent: Double
        public var meanInteractionsPerUser: Double
        public var maxInteractionsPerUser: Int

        public init(
            items: Int = SyntheticDefaults.demoItems,
            users: Int = SyntheticDefaults.demoUsers,
            seed: UInt64 = SyntheticDefaults.seed,
            clusters: Int = SyntheticDefaults.clusters,
            zipfExponent: Double = SyntheticDefaults.zipfExponent,
            meanInteractionsPerUser: Double = SyntheticDefaults.meanInteractionsPerUser,
            maxInteractionsPerUser: Int = SyntheticDefaults.maxInteractionsPerUser
        ) {
            self.items = items
            self.users = users
            self.seed = seed
            self.clusters = clusters
            self.zipfExponent = zipfExponent
            self.meanInteractionsPerUser = meanInteractionsPerUser
            self.maxInteractionsPerUser = maxInteractionsPerUser
        }
    }

    /// Random streams, one per phase.
    enum Stream: UInt64 { case catalog = 1, counts, users }

    public static func generate(_ configuration: Configuration) -> Dataset {
        let c = configuration
        precondition((1...SyntheticDefaults.maxItems).contains(c.items), "SyntheticDataset: items out of range")
        precondition((1...SyntheticDefaults.maxUsers).contains(c.users), "SyntheticDataset: users out of range")
        precondition(c.clusters >= 1 && c.zipfExponent > 0 && c.meanInteractionsPerUser >= 1 && c.maxInteractionsPerUser >= 1,
                     "SyntheticDataset: invalid configuration")
        let catalog = SyntheticCatalog(configuration: c)
        let zipf = ZipfTable(count: c.items, exponent: c.zipfExponent)
        let clusterZipf = ZipfTable(count: catalog.clusterCount, exponent: c.zipfExponent)

        // Counts first, so every column is reserved exactly once.
        var countRandom = SeededRandom(seed: c.seed, stream: Stream.counts.rawValue)
        let cap = min(c.maxInteractionsPerUser, c.items)
        let scale = c.meanInteractionsPerUser - 0.5
        var counts = [Int32](repeating: 0, count: c.users)
        var total = 0
        for user in 0..<c.users {
            // Lomax(2): 1/sqrt(u) − 1 has mean 1; sqrt is correctly rounded everywhere.
            let u = 1 - countRandom.unit()
            let heavy = (1 / u.squareRoot() - 1) * scale
            let count = heavy >= Double(cap) ? cap : min(cap, 1 + Int(heavy))
            counts[user] = Int32(count)
            total += count
        }

        var userColumn: [Int32] = [], itemColumn: [Int32] = [], weights: [Float] = [], timestamps: [Int64] = []
        userColumn.reserveCapacity(total); itemColumn.reserveCapacity(total)
        weights.reserveCapacity(total); timestamps.reserveCapacity(total)
        var random = SeededRandom(seed: c.seed, stream: Stream.users.rawValue)
        var seen = Set<Int32>()
        for user in 0..<c.users {
            let count = Int(counts[user])
            let primary = catalog.clusterByPopularity[clusterZipf.sample(prefix: catalog.clusterCount, using: &random)]
            var secondary = catalog.clusterByPopularity[clusterZipf.sample(prefix: catalog.clusterCount, using: &random)]
            if secondary == primary, catalog.clusterCount > 1 {
                secondary = (primary + 1 + random.below(catalog.clusterCount - 1)) % catalog.clusterCount
            }
            var time = SyntheticDefaults.startTimestamp + Int64(random.below(Int(SyntheticDefaults.startSpreadSeconds)))
            seen.removeAll(keepingCapacity: true)
            for j in 0..<count {
                let progress = count > 1 ? Double(j) / Double(count - 1) : 0
                let secondaryShare = SyntheticDefaults.secondaryClusterShareStart
                    + (SyntheticDefaults.secondaryClusterShareEnd - SyntheticDefaults.secondaryClusterShareStart) * progress
                // A few tries to find an unseen item; a user who keeps hitting seen ones just
                // ends up with fewer interactions.
                for _ in 0..<8 {
                    let explore = random.unit() < SyntheticDefaults.explorationShare
                    let item: Int32
                    if explore {
                        item = catalog.itemsByPopularity[zipf.sample(prefix: c.items, using: &random)]
                    } else {
                        let cluster = random.unit() < secondaryShare ? secondary : primary
                        let members = catalog.members[cluster]
                        item = members[zipf.sample(prefix: members.count, using: &random)]
                    }
                    guard seen.insert(item).inserted else { continue }
                    // In-taste items rate 3–5, exploratory ones 1–3: weights carry signal.
                    let rating = explore ? 1 + random.below(3) : 3 + random.below(3)
                    time += 1 + Int64(random.below(Int(SyntheticDefaults.maxGapSeconds)))
                    userColumn.append(Int32(user))
                    itemColumn.append(item)
                    weights.append(Float(rating))
                    timestamps.append(time)
                    break
                }
            }
        }
        var userIDs: [String] = []
        userIDs.reserveCapacity(c.users)
        for user in 0..<c.users { userIDs.append("u\(user + 1)") }
        return Dataset(name: "synthetic-\(c.items)x\(c.users)-seed\(c.seed)", userIDs: userIDs, items: catalog.items,
                       interactionUsers: userColumn, interactionItems: itemColumn,
                       interactionWeights: weights, interactionTimestamps: timestamps)
    }
}
