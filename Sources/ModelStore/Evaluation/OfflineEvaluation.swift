import Dispatch
public import RankingCore

/// `guardrank eval`: trains on the temporal split's training part and ranks every user's
/// top-K through the same `Ranker` that serves, once per policy row.
public struct OfflineEvaluation: Sendable {
    public struct Row: Sendable, Equatable, Codable {
        /// `popularity`, `content_only`, `collab_only` or `hybrid` (SPEC §9).
        public var policy: String
        /// nil for popularity.
        public var alpha: Double?
        /// True on each policy's row with the shipped settings.
        public var isDefault: Bool
        public var recallAt10: Double
        public var ndcgAt10: Double
        public var catalogCoverage: Double

        enum CodingKeys: String, CodingKey {
            case policy, alpha
            case isDefault = "default"
            case recallAt10 = "recall_at_10"
            case ndcgAt10 = "ndcg_at_10"
            case catalogCoverage = "catalog_coverage"
        }

        /// Writes `alpha` as `null` for popularity rather than leaving the key out.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(policy, forKey: .policy)
            try container.encode(alpha, forKey: .alpha)
            try container.encode(isDefault, forKey: .isDefault)
            try container.encode(recallAt10, forKey: .recallAt10)
            try container.encode(ndcgAt10, forKey: .ndcgAt10)
            try container.encode(catalogCoverage, forKey: .catalogCoverage)
        }
    }

    /// One row to compute: a policy name, its α and the core settings that express it.
    public struct Policy: Sendable {
        public var name: String
        public var alpha: Float?
        public var isDefault: Bool
        public var settings: RankingSettings

        public static func popularity() -> Policy {
            Policy(name: "popularity", alpha: nil, isDefault: true, settings: RankingSettings(alpha: 0, startLevel: .d))
        }
        public static func contentOnly() -> Policy {
            Policy(name: "content_only", alpha: 0, isDefault: true,
                   settings: RankingSettings(alpha: 0, collaborativeEnabled: false, contentEnabled: true))
        }
        public static func collabOnly() -> Policy {
            Policy(name: "collab_only", alpha: 1, isDefault: true,
                   settings: RankingSettings(alpha: 1, collaborativeEnabled: true, contentEnabled: false))
        }
        public static func hybrid(alpha: Float) -> Policy {
            Policy(name: "hybrid", alpha: alpha, isDefault: alpha == RankingDefaults.hybridAlpha,
                   settings: RankingSettings(alpha: alpha))
        }

        /// Popularity, content_only, collab_only, then hybrid over `alphas` plus the default α.
        public static func standardRows(alphas: [Float] = ModelStoreDefaults.evaluationAlphas) -> [Policy] {
            let grid = Set(alphas + [RankingDefaults.hybridAlpha]).sorted()
            return [popularity(), contentOnly(), collabOnly()] + grid.map(hybrid(alpha:))
        }
    }

    public var k: Int
    public var trainer: ModelTrainer

    public init(k: Int = ModelStoreDefaults.evaluationK, trainer: ModelTrainer = ModelTrainer()) {
        self.k = k
        self.trainer = trainer
    }

    public func run(_ dataset: Dataset, policies: [Policy] = Policy.standardRows()) -> [Row] {
        let split = TemporalSplit(dataset)
        let ranker = Ranker(model: trainer.train(split.train))
        return policies.map { evaluate($0, ranker: ranker, split: split) }
    }

    public func evaluate(_ policy: Policy, ranker: Ranker, split: TemporalSplit) -> Row {
        let users = split.heldOut.indices.filter { !split.heldOut[$0].isEmpty }
        let userIDs = split.train.userIDs
        let k = self.k
        var lists = [[Int32]](repeating: [], count: users.count)
        lists.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let results = out.baseAddress!
            DispatchQueue.concurrentPerform(iterations: users.count) { position in
                let request = RankingRequest(userID: userIDs[users[position]], k: k)
                results[position] = ranker.rank(request, settings: policy.settings).items.map(\.item)
            }
        }
        var recall = 0.0
        var ndcg = 0.0
        var recommended = Set<Int32>()
        for (position, user) in users.enumerated() {
            let held = Set(split.heldOut[user])
            recall += RankingMetrics.recall(recommended: lists[position], heldOut: held, k: k)
            ndcg += RankingMetrics.ndcg(recommended: lists[position], heldOut: held, k: k)
            recommended.formUnion(lists[position])
        }
        let count = Double(max(1, users.count))
        return Row(policy: policy.name, alpha: policy.alpha.map { Double("\($0)")! }, isDefault: policy.isDefault,
                   recallAt10: recall / count, ndcgAt10: ndcg / count,
                   catalogCoverage: Double(recommended.count) / Double(max(1, ranker.model.itemCount)))
    }
}
