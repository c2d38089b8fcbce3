import RankingCore
import Synchronization

/// Ranked results for `cache_mode` prewarm/warm_only, keyed by the request and the
/// effective-config fingerprint. Bounded; emptied whenever the model or configuration
/// version changes (a stale list must never outlive the model that produced it).
///
/// Sixteen shards, each behind its own lock, so two cores rarely wait on each other.
public final class ResultCache: Sendable {
    public struct Key: Hashable, Sendable {
        public var query: RecommendationQuery
        public var fingerprint: String
    }

    private struct Shard {
        var generation = ""
        var entries: [Key: RankingResult] = [:]
    }

    private final class ShardBox: Sendable {
        let lock = Mutex(Shard())
    }

    private let shards: [ShardBox]
    private let perShardLimit: Int
    private let hitCount = Atomic<Int>(0)
    private let missCount = Atomic<Int>(0)
    private let sizeCount = Atomic<Int>(0)

    public init(capacity: Int = ServerDefaults.cacheEntries) {
        shards = (0..<16).map { _ in ShardBox() }
        perShardLimit = max(1, capacity / 16)
    }

    /// `generation` names the model and config versions the caller serves with.
    public func lookup(_ key: Key, generation: String) -> RankingResult? {
        let result = shard(key).lock.withLock { shard -> RankingResult? in
            guard shard.generation == generation else { return nil }
            return shard.entries[key]
        }
        if result == nil { missCount.add(1, ordering: .relaxed) } else { hitCount.add(1, ordering: .relaxed) }
        return result
    }

    public func store(_ result: RankingResult, for key: Key, generation: String) {
        let delta = shard(key).lock.withLock { shard -> Int in
            var delta = 0
            if shard.generation != generation {
                delta -= shard.entries.count
                shard.entries.removeAll(keepingCapacity: true)
                shard.generation = generation
            }
            // Full: new keys are refused rather than evicting; the next version change empties it.
            guard shard.entries.count < perShardLimit || shard.entries[key] != nil else { return delta }
            if shard.entries.updateValue(result, forKey: key) == nil { delta += 1 }
            return delta
        }
        sizeCount.add(delta, ordering: .relaxed)
    }

    public func removeAll() {
        for shard in shards {
            let removed = shard.lock.withLock { shard -> Int in
                let count = shard.entries.count
                shard.entries.removeAll()
                return count
            }
            sizeCount.subtract(removed, ordering: .relaxed)
        }
    }

    public var hits: Int { hitCount.load(ordering: .relaxed) }
    public var misses: Int { missCount.load(ordering: .relaxed) }
    public var count: Int { sizeCount.load(ordering: .relaxed) }

    private func shard(_ key: Key) -> ShardBox {
        shards[Int(UInt(bitPattern: key.hashValue) % 16)]
    }
}
