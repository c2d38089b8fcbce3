/// One thread's working memory for `Ranker.rank`: every per-item array a request needs,
/// allocated once per (Ranker, thread) and reused, so a request allocates only its answer.
///
/// Arrays are never cleared between requests: an entry counts only when its stamp equals the
/// current generation, and a new request (or sparse set) just bumps the generation.
/// `@unchecked Sendable`: only `ScratchPool` moves it across threads (to own it); it is only
/// ever used by the one thread whose key points at it.
final class RankingScratch: @unchecked Sendable {
    let itemCount: Int
    /// Dense per-item scores of the exact path: collaborative (then the blend), content.
    let collaborative: UnsafeMutablePointer<Float>
    let content: UnsafeMutablePointer<Float>
    /// Request filter: item blocked (hard-excluded or taken) iff `blockedStamp == filterGeneration`.
    let blockedStamp: UnsafeMutablePointer<UInt32>
    var filterGeneration: UInt32 = 0
    /// Wanted categories of the soft filter, stamped the same way.
    let categoryStamp: UnsafeMutablePointer<UInt32>
    let categoryCount: Int

    /// Sparse score sets: the primary candidates (index path) and stage B's expansion.
    var primarySet: SparseScores
    var expansionSet: SparseScores

    /// Small vectors: a content profile, a query built from history items.
    var profile: [Float]
    var query: [Float]
    var heap = TopK(capacity: 0)
    /// The exact path's approximate leaders, and the blend that re-scores them (ShortlistScan).
    var leaders = LeaderBuffer()
    var blend = LinearBlend()
    /// A query for the quantised scans: its coefficients, 8-bit codes and scale.
    let queryBuffer: UnsafeMutablePointer<Float>
    let queryCodes: UnsafeMutablePointer<Int8>
    var encodedQuery = QuantizedRows.EncodedQuery()
    let codeStride: Int
    /// UserSignals' arrays between requests (see `takeSeen`).
    var seenBuffer: [Int32] = []
    var seedsBuffer: [(item: Int32, weight: Float)] = []
    var indexScratch: CandidateIndex.Scratch?

    init(itemCount: Int, categoryCount: Int, contentDimension: Int, factorDimension: Int, codeStride: Int,
         index: CandidateIndex?) {
        self.itemCount = itemCount
        self.codeStride = max(32, codeStride)
        queryCodes = .allocate(capacity: self.codeStride)
        queryCodes.initialize(repeating: 0, count: self.codeStride)
        queryBuffer = .allocate(capacity: self.codeStride)
        queryBuffer.initialize(repeating: 0, count: self.codeStride)
        collaborative = .allocate(capacity: max(1, itemCount))
        content = .allocate(capacity: max(1, itemCount))
        blockedStamp = .allocate(capacity: max(1, itemCount))
        blockedStamp.initialize(repeating: 0, count: max(1, itemCount))
        self.categoryCount = categoryCount
        categoryStamp = .allocate(capacity: max(1, categoryCount))
        categoryStamp.initialize(repeating: 0, count: max(1, categoryCount))
        primarySet = SparseScores(itemCount: itemCount)
        expansionSet = SparseScores(itemCount: itemCount)
        profile = [Float](repeating: 0, count: contentDimension)
        query = [Float](repeating: 0, count: factorDimension)
        indexScratch = index?.makeScratch()
    }

    deinit {
        queryCodes.deallocate()
        queryBuffer.deallocate()
        leaders.deallocate()
        collaborative.deallocate()
        content.deallocate()
        blockedStamp.deallocate()
        categoryStamp.deallocate()
        primarySet.deallocate()
        expansionSet.deallocate()
    }

    /// A fresh generation for the request filter (clearing the stamps only on wrap-around).
    func nextFilterGeneration() -> UInt32 {
        filterGeneration &+= 1
        if filterGeneration == 0 {
            blockedStamp.update(repeating: 0, count: max(1, itemCount))
            categoryStamp.update(repeating: 0, count: max(1, categoryCount))
            filterGeneration = 1
        }
        return filterGeneration
    }
}

/// A sparse accumulator over item indexes: the items touched so far, in first-touch order,
/// with a score each; membership by generation stamp, so `clear()` is O(1).
struct SparseScores {
    private(set) var items: UnsafeMutablePointer<Int32>
    private(set) var scores: UnsafeMutablePointer<Float>
    private(set) var count = 0
    private let slot: UnsafeMutablePointer<Int32>
    private let stamp: UnsafeMutablePointer<UInt32>
    private var generation: UInt32 = 0
    private let capacity: Int

    init(itemCount: Int) {
        capacity = max(1, itemCount)
        items = .allocate(capacity: capacity)
        scores = .allocate(capacity: capacity)
        slot = .allocate(capacity: capacity)
        stamp = .allocate(capacity: capacity)
        stamp.initialize(repeating: 0, count: capacity)
    }

    /// Frees the storage (the owning scratch's deinit calls it).
    func deallocate() {
        items.deallocate()
        scores.deallocate()
        slot.deallocate()
        stamp.deallocate()
    }

    mutating func clear() {
        count = 0
        generation &+= 1
        if generation == 0 {
            stamp.update(repeating: 0, count: capacity)
            generation = 1
        }
    }

    @inline(__always)
    func contains(_ item: Int32) -> Bool { stamp[Int(item)] == generation }

    /// The item's slot, inserting it with `initial` when new.
    @inline(__always)
    mutating func slot(of item: Int32, initial: Float) -> Int {
        if stamp[Int(item)] == generation { return Int(slot[Int(item)]) }
        stamp[Int(item)] = generation
        slot[Int(item)] = Int32(count)
        items[count] = item
        scores[count] = initial
        count += 1
        return count - 1
    }

    @inline(__always)
    mutating func add(_ item: Int32, _ value: Float) {
        let s = slot(of: item, initial: 0)
        scores[s] += value
    }

    @inline(__always)
    func score(of item: Int32) -> Float? { contains(item) ? scores[Int(slot[Int(item)])] : nil }
}
