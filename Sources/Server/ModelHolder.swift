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
        let histories = model.histories
        let active = (0..<model.userCount).sorted { histories.range(of: $0).count > histories.range(of: $1).count }
            .prefix(ServerDefaults.prewarmUsers).map { model.userIDs[$0] }
        let loaded = Loaded(ranker: ranker, version: model.version, source: source, loadedAt: Date(), mostActiveUsers: Array(active))
        current.withLock { $0 = loaded }
        reloads.add(1, ordering: .relaxed)
        return loaded
    }

    public func noteFailure() { reloadFailures.add(1, ordering: .relaxed) }
    public var loadCount: Int { reloads.load(ordering: .relaxed) }
    public var failureCount: Int { reloadFailures.load(ordering: .relaxed) }
}
