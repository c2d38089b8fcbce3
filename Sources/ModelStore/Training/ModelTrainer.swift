import Foundation
public import RankingCore

/// Turns a dataset into a servable model: ALS factors, content vectors, time-decayed
/// popularity, recency-weighted histories and item-to-item neighbour lists.
public struct ModelTrainer: Sendable {
    public struct Configuration: Sendable, Equatable {
        public var als: ALSTrainer.Configuration
        public var historyHalfLife: Float
        public var popularityHalfLifeSeconds: Double?
        public var neighbourCount: Int
        public var neighbourExactLimit: Int
        /// ALS weight of an interaction: count · ((1 − mix) + mix · recency weight).
        public var recencyMix: Float

        public init(als: ALSTrainer.Configuration = .init(),
                    historyHalfLife: Float = ModelStoreDefaults.historyHalfLife,
                    popularityHalfLifeSeconds: Double? = ModelStoreDefaults.popularityHalfLifeSeconds,
                    neighbourCount: Int = ModelStoreDefaults.neighbourCount,
                    neighbourExactLimit: Int = ModelStoreDefaults.neighbourExactLimit,
                    recencyMix: Float = ModelStoreDefaults.alsRecencyMix) {
            self.recencyMix = recencyMix
            self.als = als
            self.historyHalfLife = historyHalfLife
            self.popularityHalfLifeSeconds = popularityHalfLifeSeconds
            self.neighbourCount = neighbourCount
            self.neighbourExactLimit = neighbourExactLimit
        }

        /// Every parameter by name, recorded in the snapshot's metadata.
        public var parameters: [String: String] {
            [
                "als.factors": "\(als.factors)", "als.regularization": "\(als.regularization)",
                "als.confidence_scale": "\(als.confidenceScale)", "als.iterations": "\(als.iterations)",
                "als.cg_steps": "\(als.conjugateGradientSteps)", "als.seed": "\(als.seed)",
                "recency_mix": "\(recencyMix)", "history_half_life": "\(historyHalfLife)",
                "popularity_half_life_s": popularityHalfLifeSeconds.map { "\($0)" } ?? "none",
                "neighbours": "\(neighbourCount)",
            ]
        }
    }

    public var configuration: Configuration

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Trains every part of the model; `phase` hears how long each part took (for `guardrank
    /// train`'s progress lines and the ALS speed comparison in docs/benchmarks.md).
    public func train(_ dataset: Dataset, phase: (String, Duration) -> Void = { _, _ in }) -> RecommenderModel {
        let clock = ContinuousClock()
        func timed<T>(_ name: String, _ work: () -> T) -> T {
            let start = clock.now
            let result = work()
            phase(name, clock.now - start)
            return result
        }
        let histories = timed("histories") { Self.histories(dataset, halfLife: configuration.historyHalfLife) }
        let weights = Self.alsWeights(counts: Self.interactionCounts(dataset), histories: histories,
                                      recencyMix: configuration.recencyMix)
        let (userFactors, itemFactors) = timed("als") {
            ALSTrainer(configuration: configuration.als).train(interactions: weights, itemCount: dataset.itemCount)
        }
        let content = timed("content") { ContentVectorizer().vectors(for: dataset.items) }
        let popularity = Self.popularity(dataset, halfLifeSeconds: configuration.popularityHalfLifeSeconds)
        let buildNeighbours = dataset.itemCount <= configuration.neighbourExactLimit
        let empty = SparseRows.emptyRows(dataset.itemCount)
        let (contentNeighbours, collaborativeNeighbours) = timed("neighbours") {
            buildNeighbours
                ? (NeighbourLists.build(content, count: configuration.neighbourCount),
                   NeighbourLists.build(itemFactors, count: configuration.neighbourCount))
                : (empty, empty)
        }
        return RecommenderModel(
            version: Self.version(of: dataset, configuration: configuration),
            catalog: Self.catalog(dataset.items),
            userIDs: dataset.userIDs,
            userFactors: userFactors,
            itemFactors: itemFactors,
            histories: histories,
            contentVectors: content,
            popularity: popularity,
            contentNeighbours: contentNeighbours,
            collaborativeNeighbours: collaborativeNeighbours
        )
    }

    /// Row = user, columns = items, value = number of interactions (duplicates summed).
    /// Every interaction counts once whatever its rating, as in the implicit-feedback protocol
    /// the peers use (`implicit_baseline.py`).
    static func interactionCounts(_ dataset: Dataset) -> SparseRows {
        var rows = [[Int32: Float]](repeating: [:], count: dataset.userCount)
        for k in 0..<dataset.interactionCount {
            rows[Int(dataset.interactionUsers[k])][dataset.interactionItems[k], default: 0] += 1
        }
        return SparseRows(rows: rows.map { row in row.sorted { $0.key < $1.key }.map { (column: $0.key, value: $0.value) } })
    }

    /// Scales each user's interaction counts by how recent the interaction is: on a temporal
    /// split the latest interactions predict the next ones best (issue 2, docs/quality.md).
    static func alsWeights(counts: SparseRows, histories: SparseRows, recencyMix: Float) -> SparseRows {
        guard recencyMix > 0 else { return counts }
        var values = counts.values
        for user in 0..<counts.rowCount {
            var recency: [Int32: Float] = [:]
            for position in histories.range(of: user) { recency[histories.columns[position]] = histories.values[position] }
            for position in counts.range(of: user) {
                let weight = recency[counts.columns[position]] ?? 1
                values[position] *= (1 - recencyMix) + recencyMix * weight
            }
        }
        return SparseRows(offsets: counts.offsets, columns: counts.columns, values: values)
    }

    /// Row = user, columns = items in time order, value = 0.5^(newer interactions / half-life):
    /// 1 for the most recent item.
    static func histories(_ dataset: Dataset, halfLife: Float) -> SparseRows {
        var byUser = [[Int]](repeating: [], count: dataset.userCount)
        for k in 0..<dataset.interactionCount { byUser[Int(dataset.interactionUsers[k])].append(k) }
        let rows: [[(column: Int32, value: Float)]] = byUser.map { interactions in
            let ordered = interactions.sorted {
                dataset.interactionTimestamps[$0] < dataset.interactionTimestamps[$1]
                    || (dataset.interactionTimestamps[$0] == dataset.interactionTimestamps[$1] && $0 < $1)
            }
            var newestPosition: [Int32: Int] = [:]
            for (position, k) in ordered.enumerated() { newestPosition[dataset.interactionItems[k]] = position }
            let last = ordered.count - 1
            return newestPosition.sorted { $0.value < $1.value }.map { item, position in
                (column: item, value: Float(pow(0.5, Double(Float(last - position) / halfLife))))
            }
        }
        return SparseRows(rows: rows)
    }

    /// Σ 0.5^((newest − t) / half-life) per item; plain counts when the half-life is nil.
    public static func popularity(_ dataset: Dataset, halfLifeSeconds: Double?) -> [Float] {
        var popularity = [Double](repeating: 0, count: dataset.itemCount)
        let newest = dataset.interactionTimestamps.max() ?? 0
        for k in 0..<dataset.interactionCount {
            let weight = halfLifeSeconds.map { pow(0.5, Double(newest - dataset.interactionTimestamps[k]) / $0) } ?? 1
            popularity[Int(dataset.interactionItems[k])] += weight
        }
        return popularity.map { Float($0) }
    }

    static func catalog(_ items: [ItemRecord]) -> Catalog {
        var categoryNames: [String] = []
        var indexByName: [String: Int32] = [:]
        let rows: [[(column: Int32, value: Float)]] = items.map { item in
            item.categories.map { name in
                if let index = indexByName[name] { return (column: index, value: 1) }
                let index = Int32(categoryNames.count)
                categoryNames.append(name)
                indexByName[name] = index
                return (column: index, value: 1)
            }
        }
        return Catalog(itemIDs: items.map(\.id), titles: items.map(\.title), categoryNames: categoryNames,
                       itemCategories: SparseRows(rows: rows))
    }

    /// "<dataset>-<users>u<items>i<interactions>r-f<factors>-s<seed>": names the model in responses.
    static func version(of dataset: Dataset, configuration: Configuration) -> String {
        "\(dataset.name)-\(dataset.userCount)u\(dataset.itemCount)i\(dataset.interactionCount)r"
            + "-f\(configuration.als.factors)-s\(configuration.als.seed)"
    }
}
