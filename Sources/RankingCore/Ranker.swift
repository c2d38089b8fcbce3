/// Ranks items for a request over one immutable model: stages A→B→C→D (SPEC §2), filters,
/// top-K, each item tagged with the stage that produced it.
///
/// Pure: no I/O, no clocks, no shared mutable state (each thread works in its own scratch,
/// `ScratchPool`), so one `Ranker` serves any number of threads at once. The guarantee
/// `items.count == min(k, eligibleCount)` holds under every setting and every stage failure,
/// because stage D scans the whole catalog.
public final class Ranker: Sendable {
    public let model: RecommenderModel
    /// Item indexes by descending popularity (ties: lower index first).
    let popularityOrder: [Int32]
    /// Row = category, columns = its items (inverse of `catalog.itemCategories`).
    let itemsByCategory: SparseRows
    /// The candidate index stage A uses when the catalog has at least `indexThreshold` items.
    public let index: CandidateIndex?
    /// Where `index` came from: restored from `model.persistedIndex`, built here, or none.
    public let indexOrigin: IndexOrigin
    public enum IndexOrigin: Sendable, Equatable { case none, built, restored }
    /// The exact path's quantised scan; nil on an indexed catalog (or when a test or
    /// benchmark turns it off to compare against plain `Float` scoring).
    let shortlistScan: ShortlistScan?
    let scratchPool: ScratchPool

    public convenience init(model: RecommenderModel) {
        self.init(model: model, indexThreshold: RankingDefaults.indexThreshold)
    }

    /// `indexThreshold` is a seam for tests (forcing the index path on a small catalog) and
    /// benchmarks (forcing the exact path on a large one); `quantisedShortlist: false` makes the
    /// exact path score every item in `Float` (the reference the shortlist is measured against).
    package init(model: RecommenderModel, indexThreshold: Int, quantisedShortlist: Bool = true) {
        self.model = model
        let popularity = model.popularity
        self.popularityOrder = (0..<Int32(model.itemCount)).sorted {
            popularity[Int($0)] > popularity[Int($1)] || (popularity[Int($0)] == popularity[Int($1)] && $0 < $1)
        }
        self.itemsByCategory = model.catalog.itemCategories.transposed(columnCount: model.catalog.categoryNames.count)
        var index: CandidateIndex? = nil
        var origin = IndexOrigin.none
        if model.itemCount >= indexThreshold && model.itemCount > 0 && model.itemFactors.dimension > 0 {
            // A persisted index is used only if it is provably over these factors; else rebuild.
            if let parts = model.persistedIndex, let restored = CandidateIndex(restoring: parts, vectors: model.itemFactors) {
                (index, origin) = (restored, .restored)
            } else {
                (index, origin) = (CandidateIndex.build(model.itemFactors), .built)
            }
        }
        let builtIndex = index
        self.index = builtIndex
        self.indexOrigin = origin
        let scan = builtIndex == nil && quantisedShortlist ? ShortlistScan(model: model) : nil
        self.shortlistScan = scan
        let (n, categories) = (model.itemCount, model.catalog.categoryNames.count)
        let (c, d) = (model.contentVectors.dimension, model.itemFactors.dimension)
        let codeStride = scan?.queryStride ?? 0
        self.scratchPool = ScratchPool {
            RankingScratch(itemCount: n, categoryCount: categories, contentDimension: c, factorDimension: d,
                           codeStride: codeStride, index: builtIndex)
        }
    }

    public func rank(_ request: RankingRequest, settings: RankingSettings,
                     faults: (any StageFaultInjector)? = nil) -> RankingResult {
        let scratch = scratchPool.current()
        let user = UserSignals(request: request, model: model, scratch: scratch)
        let result = rank(request, user: user, settings: settings, faults: faults, scratch: scratch)
        scratch.recycle(user)
        return result
    }

    private func rank(_ request: RankingRequest, user: UserSignals, settings: RankingSettings,
                      faults: (any StageFaultInjector)?, scratch: RankingScratch) -> RankingResult {
        var filter = user.seen.withUnsafeBufferPointer {
            RequestFilter(request: request, seen: $0, model: model, itemsByCategory: itemsByCategory, scratch: scratch)
        }
        let wanted = min(max(request.k, 0), filter.eligibleCount)
        var picked: [RankedItem] = []
        picked.reserveCapacity(wanted)
        var failures: [StageFailure] = []
        let categories = model.catalog.itemCategories

        // Primary scores feed stage A (soft filter on) and stage C (soft filter relaxed).
        var primary = PrimaryScores.none
        if settings.startLevel <= .c && wanted > 0 {
            primary = primaryScores(user: user, settings: settings, request: request, faults: faults,
                                    failures: &failures, scratch: scratch)
        }

        if settings.startLevel <= .a && !primary.isEmpty {
            take(from: primary.source, scratch: scratch, stage: .a, softFilter: true, wanted: wanted, filter: &filter, into: &picked)
        }

        var expansion = false
        if settings.startLevel <= .b && picked.count < wanted
            && (settings.contentEnabled || settings.collaborativeEnabled)
            && run(.contentExpansion, request, faults, &failures) {
            expansion = expansionScores(user: user, primaryPicks: picked, settings: settings, scratch: scratch)
            if expansion {
                take(from: .none, scratch: scratch, stage: .b, softFilter: true, wanted: wanted, filter: &filter, into: &picked)
            }
        }

        if settings.startLevel <= .c && picked.count < wanted {
            // Filter pruning: the best signal this request has, without the soft filter.
            if !primary.isEmpty {
                take(from: primary.source, scratch: scratch, stage: .c, softFilter: false, wanted: wanted, filter: &filter, into: &picked)
            } else if expansion {
                take(from: .none, scratch: scratch, stage: .c, softFilter: false, wanted: wanted, filter: &filter, into: &picked)
            }
        }

        if picked.count < wanted {
            let popularityWorks = run(.popularity, request, faults, &failures)
            // Forced to D with a soft filter: popular items of the wanted categories first.
            if settings.startLevel == .d && filter.hasSoftFilter && popularityWorks {
                fillByPopularity(softFilter: true, wanted: wanted, filter: &filter, into: &picked, categories: categories)
            }
            if popularityWorks {
                fillByPopularity(softFilter: false, wanted: wanted, filter: &filter, into: &picked, categories: categories)
            } else {
                fillByIndex(wanted: wanted, filter: &filter, into: &picked)
            }
        }

        var deepest = settings.startLevel
        for item in picked where item.stage > deepest { deepest = item.stage }
        return RankingResult(items: picked, eligibleCount: filter.eligibleCount, deepestStage: picked.isEmpty ? settings.startLevel : deepest,
                             failures: failures, knownUser: user.userIndex != nil)
    }

    /// Adds the best remaining items by `source` (`.none` = stage B's expansion set).
    private func take(from source: PrimaryScores.Source, scratch: RankingScratch, stage: FallbackLevel, softFilter: Bool,
                      wanted: Int, filter: inout RequestFilter, into picked: inout [RankedItem]) {
        let missing = wanted - picked.count
        guard missing > 0 else { return }
        let categories = model.catalog.itemCategories
        var heap = scratch.takeHeap(capacity: missing)
        @inline(__always) func accepts(_ item: Int32) -> Bool {
            !filter.isBlocked(item) && (!softFilter || filter.matchesSoftFilter(item, categories: categories))
        }
        @inline(__always) func offer(_ item: Int32, _ score: Float) {
            guard score > heap.threshold || (score == heap.threshold && score > -.infinity), accepts(item) else { return }
            heap.offer(item, score)
        }
        switch source {
        case .dense(let scores):
            Self.offerInOrder(scores, count: model.itemCount, to: &heap, accepts: accepts)
        case .shortlist:
            // The approximate leaders, then their exact scores decide.
            guard let scan = shortlistScan else { break }
            let blend = scratch.blend
            let rows = scan.rows(coarse: blend.coarse)
            let capacity = ShortlistScan.shortlistSize(missing: missing, itemCount: model.itemCount, coarse: blend.coarse)
            let start = blend.startingThreshold(capacity: capacity, eligible: filter.eligibleCount)
            var leaders = scratch.takeLeaders(capacity: capacity, threshold: start)
            leaders.scan(rows, query: scratch.queryCodes, scratch.encodedQuery, rows: model.itemCount, accepts: accepts)
            if leaders.count < capacity && start > -.infinity {
                // The guess was too high for this user: scan again with no threshold.
                leaders.reset(capacity: capacity)
                leaders.scan(rows, query: scratch.queryCodes, scratch.encodedQuery, rows: model.itemCount, accepts: accepts)
            }
            // Exact scores over the approximate ones (the leader buffer's own storage).
            exactBlend(leaders.items, count: leaders.count, scratch: scratch, into: leaders.scores)
            for i in 0..<leaders.count { offer(leaders.items[i], leaders.scores[i]) }
            scratch.leaders = leaders
        case .candidates:
            let set = scratch.primarySet
            for slot in 0..<set.count { offer(set.items[slot], set.scores[slot]) }
        case .none:
            let set = scratch.expansionSet
            for slot in 0..<set.count { offer(set.items[slot], set.scores[slot]) }
        }
        heap.sortBestFirst()
        for i in 0..<heap.count {
            filter.take(heap.items[i])
            picked.append(RankedItem(item: heap.items[i], score: heap.scores[i], stage: stage))
        }
        scratch.heap = heap
    }

    /// Offers items 0..<count with their scores, in index order: the dense scan's inner loop.
    /// In index order a score equal to the heap's threshold can never enter (ties go to the
    /// lower index), so one comparison against a local copy of the threshold screens an item,
    /// and the filter is consulted only for the few that beat it.
    @inline(__always)
    private static func offerInOrder(_ scores: UnsafeMutablePointer<Float>, count: Int, to heap: inout TopK,
                                     accepts: (Int32) -> Bool) {
        var threshold = heap.threshold
        for index in 0..<count {
            let score = scores[index]
            guard score > threshold, accepts(Int32(index)) else { continue }
            heap.offer(Int32(index), score)
            threshold = heap.threshold
        }
    }

    private func fillByPopularity(softFilter: Bool, wanted: Int, filter: inout RequestFilter,
                                  into picked: inout [RankedItem], categories: SparseRows) {
        for item in popularityOrder {
            if picked.count >= wanted { return }  // stop, not skip: the order has n entries
            guard !filter.isBlocked(item), !softFilter || filter.matchesSoftFilter(item, categories: categories) else { continue }
            filter.take(item)
            picked.append(RankedItem(item: item, score: model.popularity[Int(item)], stage: .d))
        }
    }

    /// The last resort when the popularity stage itself failed: catalog order.
    private func fillByIndex(wanted: Int, filter: inout RequestFilter, into picked: inout [RankedItem]) {
        for item in 0..<Int32(model.itemCount) {
            if picked.count >= wanted { return }
            guard !filter.isBlocked(item) else { continue }
            filter.take(item)
            picked.append(RankedItem(item: item, score: 0, stage: .d))
        }
    }
}
