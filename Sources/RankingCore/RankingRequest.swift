/// What a client asks the core for: one user's top-K, with filters.
public struct RankingRequest: Sendable, Equatable {
    public var userID: String
    public var k: Int
    /// Soft filter: only these categories (relaxed by stage C). Empty = any category.
    public var includeCategories: [String]
    /// Hard filter: never these categories.
    public var excludeCategories: [String]
    /// Hard filter: never these items (external ids).
    public var excludeItemIDs: [String]
    /// Recent items (external ids, most recent last) for a user the model does not know,
    /// or to add to a known user's history.
    public var recentItemIDs: [String]
    /// Items the user has seen are excluded unless this is true.
    public var includeSeen: Bool

    public init(
        userID: String,
        k: Int = 10,
        includeCategories: [String] = [],
        excludeCategories: [String] = [],
        excludeItemIDs: [String] = [],
        recentItemIDs: [String] = [],
        includeSeen: Bool = false
    ) {
        self.userID = userID
        self.k = k
        self.includeCategories = includeCategories
        self.excludeCategories = excludeCategories
        self.excludeItemIDs = excludeItemIDs
        self.recentItemIDs = recentItemIDs
        self.includeSeen = includeSeen
    }
}

/// The candidate fallback stages, in the order they run (SPEC §2). Each only fills what
/// the previous ones left.
public enum FallbackLevel: String, Sendable, CaseIterable, Comparable, Codable {
    /// Primary: blended collaborative + content candidates, all filters applied.
    case a = "A"
    /// Content expansion: items similar to the user's history and to A's candidates.
    case b = "B"
    /// Filter pruning: soft filters (category includes) relaxed; hard exclusions kept.
    case c = "C"
    /// Popularity: fills whatever is left.
    case d = "D"

    public static func < (lhs: FallbackLevel, rhs: FallbackLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// How the core should rank: what the toggles evaluator resolved for this request.
/// The core knows nothing of toggles files; it receives these already decided.
public struct RankingSettings: Sendable, Equatable {
    /// Blend weight: score = alpha * cf + (1 - alpha) * content, on normalised scores.
    public var alpha: Float
    public var collaborativeEnabled: Bool
    public var contentEnabled: Bool
    /// The first fallback stage to run (`.d` = popularity only).
    public var startLevel: FallbackLevel

    public init(alpha: Float, collaborativeEnabled: Bool = true, contentEnabled: Bool = true, startLevel: FallbackLevel = .a) {
        self.alpha = alpha
        self.collaborativeEnabled = collaborativeEnabled
        self.contentEnabled = contentEnabled
        self.startLevel = startLevel
    }
}

/// The ranking stages that can fail independently; a failure is reported, never thrown to
/// the caller: the fallback covers it and the list stays full.
public enum RankingStage: String, Sendable, CaseIterable, Codable {
    case collaborative
    case content
    case popularity
    case contentExpansion = "content_expansion"
}

/// A hook to make a stage fail on purpose (fault injection for tests and drills).
/// The default injects nothing.
public protocol StageFaultInjector: Sendable {
    /// Throws to make `stage` fail for this request.
    func check(_ stage: RankingStage, userID: String) throws
}
