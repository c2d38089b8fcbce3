/// One recommended item: its index in the catalog, its score and the stage that produced it.
public struct RankedItem: Sendable, Equatable {
    public var item: Int32
    public var score: Float
    public var stage: FallbackLevel

    public init(item: Int32, score: Float, stage: FallbackLevel) {
        self.item = item
        self.score = score
        self.stage = stage
    }
}

/// A stage that failed inside a request (the fallback covered for it).
public struct StageFailure: Sendable, Equatable {
    public var stage: RankingStage
    public var reason: String

    public init(stage: RankingStage, reason: String) {
        self.stage = stage
        self.reason = reason
    }
}

/// The core's answer.
public struct RankingResult: Sendable, Equatable {
    public var items: [RankedItem]
    /// How many items could have been returned at all after hard exclusions
    /// (the guarantee: `items.count == min(k, eligibleCount)`).
    public var eligibleCount: Int
    /// The last fallback stage that contributed an item (the response's "fallback stage").
    public var deepestStage: FallbackLevel
    public var failures: [StageFailure]
    /// True when the user id was found in the model.
    public var knownUser: Bool

    public init(items: [RankedItem], eligibleCount: Int, deepestStage: FallbackLevel, failures: [StageFailure], knownUser: Bool) {
        self.items = items
        self.eligibleCount = eligibleCount
        self.deepestStage = deepestStage
        self.failures = failures
        self.knownUser = knownUser
    }
}
