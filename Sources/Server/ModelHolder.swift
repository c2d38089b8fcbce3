import Foundation
public import RankingCore
import Synchronization

/// The model now serving: one immutable `Ranker` behind a lock-protected reference. A
/// request reads the reference once at its start; a reload builds the new ranker off to the
/// side and swaps it in one step, so a request never sees half a model.
public final class ModelHolder: Sendable {
    public struct Loaded: Sendable {
        public let ranker: Ranker
        public let version: String
        /// Where it came from ("embedded" for the startup-trained default).
        public let source: String
        public let loadedAt: Date
        /// Users with the longest histories first, for `cache_mode: prewarm`.
        public let mostActiveUsers: [String]
    }

    private let current = Mutex<Loaded?>(nil)
    private let reloads = Atomic<Int>(0)
    private let reloadFailures = Atomic<Int>(0)

    public init() {}

    public var loaded: Loaded? { current.withLock { $0 } }

    @discardableResult
    public func install(_ model: RecommenderModel, source: String) -> Loaded {
        let ranker = Ranker(model: model)
        let active = Self.mostActive(model, count: ServerDefaults.prewarmUsers)
        let loaded = Loaded(ranker: ranker, version: model.version, source: source, loadedAt: Date(), mostActiveUsers: active)
        current.withLock { $0 = loaded }
        reloads.add(1, ordering: .relaxed)
        return loaded
    }

    public func noteFailure() { reloadFailures.add(1, ordering: .relaxed) }
    public var loadCount: Int { reloads.load(ordering: .relaxed) }
    public var failureCount: Int { reloadFailures.load(ordering: .relaxed) }

    /// The `count` users with the longest histories, longest first (ties: lower index), in
    /// O(users) by counting history lengths: a full sort of 10^7 users would hold a reload up.
    static func mostActive(_ model: RecommenderModel, count: Int) -> [String] {
        let histories = model.histories
        guard count > 0, model.userCount > 0 else { return [] }
        var usersByLength: [Int: Int] = [:]
        for user in 0..<model.userCount { usersByLength[histories.range(of: user).count, default: 0] += 1 }
        // The shortest history length that still makes the cut.
        var kept = 0
        var cutoff = 0
        for (length, users) in usersByLength.sorted(by: { $0.key > $1.key }) {
            kept += users
            cutoff = length
            if kept >= count { break }
        }
        var chosen: [(user: Int, length: Int)] = []
        for user in 0..<model.userCount where histories.range(of: user).count >= cutoff {
            chosen.append((user, histories.range(of: user).count))
        }
        chosen.sort { $0.length > $1.length || ($0.length == $1.length && $0.user < $1.user) }
        return chosen.prefix(count).map { model.userIDs[$0.user] }
    }
}
