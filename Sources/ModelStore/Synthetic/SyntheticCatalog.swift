/// The synthetic generator's items: cluster membership, popularity order, categories, tags
/// and titles. Depends only on items, clusters and seed, not on the user count.
struct SyntheticCatalog {
    let clusterCount: Int
    let items: [ItemRecord]
    /// Items of each cluster, most popular first.
    let members: [[Int32]]
    /// All items, most popular first (global popularity rank → item index).
    let itemsByPopularity: [Int32]
    /// Clusters, most popular first.
    let clusterByPopularity: [Int]

    init(configuration c: SyntheticDataset.Configuration) {
        var random = SeededRandom(seed: c.seed, stream: SyntheticDataset.Stream.catalog.rawValue)
        let clusterCount = min(c.clusters, c.items)
        self.clusterCount = clusterCount

        // Popularity order is a random permutation, so popular items are not just low ids.
        var order = (0..<c.items).map(Int32.init)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, random.below(i + 1)) }
        itemsByPopularity = order
        var clusterOrder = Array(0..<clusterCount)
        for i in stride(from: clusterOrder.count - 1, to: 0, by: -1) { clusterOrder.swapAt(i, random.below(i + 1)) }
        clusterByPopularity = clusterOrder

        // Every cluster gets at least one item; the rest are spread uniformly.
        var clusterOf = [Int](repeating: 0, count: c.items)
        for item in 0..<c.items { clusterOf[item] = item < clusterCount ? item : random.below(clusterCount) }
        var members = [[Int32]](repeating: [], count: clusterCount)
        for item in order { members[clusterOf[Int(item)]].append(item) }
        self.members = members

        let names = SyntheticDefaults.categoryNames
        let favouredCategories = (0..<clusterCount).map { _ in
            SyntheticCatalog.distinct(SyntheticDefaults.categoriesPerCluster, below: names.count, using: &random)
        }
        let vocabulary = (0..<SyntheticDefaults.tagVocabularySize).map(SyntheticCatalog.word)
        var items: [ItemRecord] = []
        items.reserveCapacity(c.items)
        for item in 0..<c.items {
            let cluster = clusterOf[item]
            var categories: [Int] = []
            let categoryCount = 1 + random.below(3)
            while categories.count < categoryCount {
                let pick = random.unit() < SyntheticDefaults.clusterCategoryShare
                    ? favouredCategories[cluster][random.below(SyntheticDefaults.categoriesPerCluster)]
                    : random.below(names.count)
                if !categories.contains(pick) { categories.append(pick) }
            }
            var tags: [Int] = []
            let tagCount = random.below(SyntheticDefaults.maxTagsPerItem + 1)
            while tags.count < tagCount {
                let pick = random.unit() < SyntheticDefaults.clusterTagShare
                    ? (cluster * SyntheticDefaults.tagsPerCluster + random.below(SyntheticDefaults.tagsPerCluster)) % vocabulary.count
                    : random.below(vocabulary.count)
                if !tags.contains(pick) { tags.append(pick) }
            }
            items.append(ItemRecord(id: "i\(item + 1)", title: SyntheticCatalog.title(item, using: &random),
                                    categories: categories.map { names[$0] }, tags: tags.map { vocabulary[$0] }))
        }
        self.items = items
    }

    private static func distinct(_ count: Int, below bound: Int, using random: inout SeededRandom) -> [Int] {
        var picks: [Int] = []
        while picks.count < min(count, bound) {
            let pick = random.below(bound)
            if !picks.contains(pick) { picks.append(pick) }
        }
        return picks
    }

    private static let syllables = ["ka", "lo", "mi", "ra", "ven", "tor", "su", "del", "ni", "zor", "pa", "quin", "el", "dra", "mo", "sha"]

    /// A pronounceable tag word for vocabulary index `index` (two or three syllables).
    private static func word(_ index: Int) -> String {
        let n = syllables.count
        var text = syllables[index % n] + syllables[(index / n) % n]
        if index >= n * n { text += syllables[(index / (n * n)) % n] }
        return text
    }

    private static let adjectives = ["Silent", "Crimson", "Last", "Hidden", "Golden", "Broken", "Distant", "Wild", "Quiet", "Electric", "Frozen", "Secret"]
    private static let nouns = ["River", "Empire", "Garden", "Signal", "Harbor", "Machine", "Summer", "Forest", "Voyage", "Kingdom", "Mirror", "Storm"]

    private static func title(_ item: Int, using random: inout SeededRandom) -> String {
        "\(adjectives[random.below(adjectives.count)]) \(nouns[random.below(nouns.count)]) \(item + 1)"
    }
}
