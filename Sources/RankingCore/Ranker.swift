/// Ranks items for a request over one immutable model: stages A→B→C→D (SPEC §2), filters,
/// top-K, each item tagged with the stage that produced it.
///
/// Pure: no I/O, no clocks, no shared mutable state, so one `Ranker` serves any number of
/// threads at once. The guarantee `items.count == min(k, eligibleCount)` holds under every
/// setting and every stage failure, because stage D scans the whole catalog.
public final class Ranker: Sendable {
    public let model: RecommenderModel
    /// Item indexes by descending popularity (ties: lower index first).
    let popularityOrder: [Int32]
    /// Row = category, columns = its items (inverse of `catalog.itemCategories`).
    let itemsByCategory: SparseRows

    public init(model: RecommenderModel) {
        self.model = model
        let popularity = model.popularity
        self.popularityOrder = (0..<Int32(model.itemCount)).sorted {
            popularity[Int($0)] > popularity[Int($1)] || (popularity[Int($0)] == popularity[Int($1)] && $0 < $1)
        }
        self.itemsByCategory = model.catalog.itemCategories.transposed(columnCount: model.catalog.categoryNames.count)
    }

    public func rank(_ request: RankingRequest, settings: RankingSettings,
                     faults: (any StageFaultInjector)? = nil) -> RankingResult {
        let user = UserSignals(request: request, model: model)
        var filter = RequestFilter(request: request, seen: user.seen, model: model, itemsByCategory: itemsByCategory)
        let wanted = min(max(request.k, 0), filter.eligibleCount)
        var picked: [RankedItem] = []
        picked.reserveCapacity(wanted)
        var failures: [StageFailure] = []
        let categories = model.catalog.itemCategories

        // Primary scores feed stage A (soft filter on) and stage C (soft filter relaxed).
        var primary = PrimaryScores.none
        if settings.startLevel <= .c && wanted > 0 {
            primary = primaryScores(user: user, settings: settings, request: request, faults: faults, failures: &failures)
        }

        if settings.startLevel <= .a && !primary.isEmpty {
            take(from: primary.scores, stage: .a, softFilter: true, wanted: wanted, filter: &filter, into: &picked)
        }

        var expansion: [Float] = []
        if settings.startLevel <= .b && picked.count < wanted
            && (settings.contentEnabled || settings.collaborativeEnabled)
            && run(.contentExpansion, request, faults, &failures) {
            expansion = expansionScores(user: user, primaryPicks: picked, settings: settings)
            take(from: expansion, stage: .b, softFilter: true, wanted: wanted, filter: &filter, into: &picked)
        }

        if settings.startLevel <= .c && picked.count < wanted {
            // Filter pruning: the best signal this request has, without the soft filter.
            let relaxed = primary.isEmpty ? expansion : primary.scores
            if !relaxed.isEmpty {
                take(from: relaxed, stage: .c, softFilter: false, wanted: wanted, filter: &filter, into: &picked)
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

        return RankingResult(
            items: picked,
            eligibleCount: filter.eligibleCount,
            deepestStage: picked.map(\.stage).max() ?? settings.startLevel,
            failures: failures,
            knownUser: user.userIndex != nil
        )
    }

    /// Adds the best remaining items by `scores` (items with no score, −∞, are skipped).
    private func take(from scores: [Float], stage: FallbackLevel, softFilter: Bool, wanted: Int,
                      filter: inout RequestFilter, into picked: inout [RankedItem]) {
        let missing = wanted - picked.count
        guard missing > 0 else { return }
        let categories = model.catalog.itemCategories
        var heap = TopK(capacity: missing)
        for index in scores.indices {
            let item = Int32(index)
            let score = scores[index]
            guard score > heap.threshold || (score == heap.threshold && score > -.infinity),
                  !filter.isBlocked(item),
                  !softFilter || filter.matchesSoftFilter(item, categories: categories) else { continue }
            heap.offer(item, score)
        }
        for entry in heap.sorted() {
            filter.take(entry.item)
            picked.append(RankedItem(item: entry.item, score: entry.score, stage: stage))
        }
    }

    private func fillByPopularity(softFilter: Bool, wanted: Int, filter: inout RequestFilter,
                                  into picked: inout [RankedItem], categories: SparseRows) {
        for item in popularityOrder where picked.count < wanted {
            guard !filter.isBlocked(item), !softFilter || filter.matchesSoftFilter(item, categories: categories) else { continue }
            filter.take(item)
            picked.append(RankedItem(item: item, score: model.popularity[Int(item)], stage: .d))
        }
    }

    /// The last resort when the popularity stage itself failed: catalog order.
    private func fillByIndex(wanted: Int, filter: inout RequestFilter, into picked: inout [RankedItem]) {
        for item in 0..<Int32(model.itemCount) where picked.count < wanted {
            guard !filter.isBlocked(item) else { continue }
            filter.take(item)
            picked.append(RankedItem(item: item, score: 0, stage: .d))
        }
    }
}
