/// Every tunable of the ranking core, in one place, each with where its value comes from.
public enum RankingDefaults {
    /// α of `hybrid_default`: score = α·cf + (1−α)·content on z-scored signals.
    /// From `guardrank eval` on ml-latest-small (docs/quality.md): the α grid peaks here.
    public static let hybridAlpha: Float = 0.7

    /// Largest `k` a request may ask for. Pages of recommendations are rarely longer than a
    /// few screens; 1,000 keeps a response under ~100 KB of JSON.
    public static let maxK = 1_000

    /// Default `k` (SPEC §2).
    public static let defaultK = 10

    /// How many of the primary stage's best items seed the content expansion of stage B
    /// ("items similar to the user's history and to A's candidates", SPEC §2).
    public static let expansionSeeds = 20

    /// How many of the user's most recent history items seed stage B and the item-to-item
    /// scoring of users the model does not know. Recent items predict the next ones best on a
    /// temporal split (docs/quality.md); older ones mostly add noise.
    public static let recentSeeds = 50

    /// Weight of a request's `recent_item_ids` relative to the strongest trained history item:
    /// what the client just did is at least as telling as the most recent trained interaction.
    public static let requestRecentWeight: Float = 1.0
}

/// The candidate index (docs/scaling.md): where it kicks in and how it is shaped.
extension RankingDefaults {
    /// Catalogs with at least this many items rank stage A from the candidate index; smaller
    /// ones score every item exactly. Exact scoring of 10^5 items × d = 64 reads 25 MB a request
    /// (~1 ms); the index answers in well under that at recall ≥ 0.95 (docs/benchmarks.md),
    /// while below ~5·10^4 items the exact scan is as fast and needs no recall caveat.
    /// The snapshot writer uses the same threshold to decide whether to build and store an
    /// index with the model (`candidateIndex` section, docs/model-format.md), so a model that
    /// will need one at load never has to rebuild it there.
    public static let indexThreshold = 50_000

    /// Inverted lists per √n items. faiss's usual guidance is 4·√n; 2·√n halves the k-means
    /// build (the whole catalog is assigned once per model load) for a slightly longer scan
    /// per probed list. Measured with `guardrank index-bench` (docs/benchmarks.md).
    public static let indexListsPerRootItem: Double = 2

    /// Lists scanned per query: those holding about this many items, by the average list size
    /// (`CandidateIndex.defaultProbes`: 96 of 2,000 lists at 10^6 items, 304 of 632 at 10^5).
    /// The recall/latency knob. Measured with `core-bench --sweep-probes` (SyntheticFactors)
    /// and `index-bench --probes` (mips_baseline's vectors), docs/benchmarks.md: at 10^6,
    /// 96 probes give recall@10 0.98 / 0.97 against exact search (64 probes: 0.970 / 0.954);
    /// at 10^5, where a list mixes several of the generator's clusters, 304 give 0.983 / 0.983
    /// (160: 0.939 / 0.929). Since the bound below made a probe cheap (~0.3 µs), a fixed share
    /// of the items, not a fixed share of the lists, is what holds recall across sizes.
    /// (64,000 — 128 probes — gave 0.983 / 0.983 but 110–127 µs median, 200–215 µs p99 under a
    /// neighbour's build, against 86.5 / 165.5 µs for 48,000 in the next minute, 23:29 UTC. The
    /// cost of 48,000: queries built from an unknown user's history reach recall 0.946 instead
    /// of 0.966 against exact search.)
    public static let indexProbedItems = 48_000

    /// k-means on a sample of this many points per list (faiss warns below 39), for this many
    /// Lloyd iterations: the centroids stop moving noticeably after ~8 on factor-like data.
    public static let indexTrainingPointsPerList = 40
    public static let indexTrainingIterations = 8

    /// Seed of the k-means sample and initial centroids: the same model gives the same index.
    public static let indexSeed: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// How many CF candidates stage A takes from the index before content and blending (plus
    /// the history's neighbours): `max(indexCandidatesPerK · k, indexMinCandidates)`. The
    /// index re-scores that many approximate candidates exactly and its scan stops against
    /// their threshold, so this is a direct latency knob (at 10^6 items, index alone: 20
    /// candidates ~30 µs a query, 100 ~67 µs, 300 ~151 µs; core-bench --sweep-rescored,
    /// docs/benchmarks.md). Twice k leaves the blend room to reorder; B/C/D fill anything
    /// beyond (the fill guarantee does not depend on it).
    public static let indexCandidatesPerK = 2
    public static let indexMinCandidates = 20

    /// The index scans its lists in 8-bit codes and re-scores the best approximate candidates
    /// exactly: `max(indexRescoredPerResult · wanted, indexRescoredMinimum)` of them per search
    /// (`wanted` = the caller's heap: stage A's `max(2k, 20)`, k for `topK`, k + 1 for
    /// `similarItems`). At 10^6 items, recall@10 of a k = 10 search is 0.951 with 10
    /// re-scored, 0.964 with 20 and still 0.964 with 40 (core-bench --sweep-rescored, 64
    /// probes): twice k is enough, and every extra candidate lowers the scan's threshold.
    public static let indexRescoredPerResult = 1
    public static let indexRescoredMinimum = 20

    /// The early stop's bound, in standard deviations of a residual's cosine with the query:
    /// a list's scan ends where q·c + z/√d · ‖q‖·‖x − c‖ falls below the candidates' threshold
    /// (z/√d capped at 1, which is the exact Cauchy–Schwarz bound). If residual directions
    /// were isotropic, q·(x − c)/(‖q‖‖x − c‖) would be ~N(0, 1/d), so z = 4 skips an item that
    /// could qualify with odds of ~3·10⁻⁵. Measured at 10^6 items, d = 64 (z/√d = 0.5): the
    /// same recall as the exact bound (0.968 vs 0.968 at 160 probes, SyntheticFactors; 0.9415
    /// both on mips_baseline) with 1,510 rows scanned per query instead of 10,404, 51 µs
    /// median instead of 106; z = 3.2 (0.4) starts losing recall (0.960 vs 0.978 at 96
    /// probes). The √d scaling to other dimensions is the model's, not measured.
    public static let indexBoundDeviations: Float = 4

    /// Lists are probed best first by q·c + w/√d · ‖q‖ · (the list's largest residual), not
    /// by q·c alone: a list whose outliers reach towards the query can hold top items even
    /// when its mean does not. w = 1.2 (0.15 at d = 64) lifts recall@10 at 96 probes from
    /// 0.907 to 0.972 on mips_baseline's 10^6 vectors (0.10: 0.969, 0.20: 0.971, 0.30: 0.947)
    /// and at 128 probes from 0.958 to 0.983 on SyntheticFactors (index-bench --radius-weight,
    /// core-bench --sweep-radius).
    public static let indexProbeRadiusDeviations: Float = 1.2

    /// Only the best this many probes are sorted (scanned first, best first); the rest follow
    /// in selection order. The first lists set the candidates' threshold, which is what the
    /// early stop needs: at 96 probes, rows scanned per query are 6,026 fully sorted, 6,060
    /// with 16 sorted, 6,100 with 8, 7,877 unsorted (core-bench --sweep-probes 96, exact bound).
    public static let indexSortedProbes = 16
}

/// The exact path's quantised shortlist (ShortlistScan.swift, docs/scaling.md).
extension RankingDefaults {
    /// Approximate leaders re-scored exactly per answer wanted: `max(shortlistPerK · missing,
    /// minimum)`, the minimum by the precision scanned. 8-bit codes move a score by ~1% of its
    /// spread and 4-bit ones by ~10%; these are the smallest minimums whose answers matched the
    /// all-`Float` ranking for 200 of 200 users at 10^4 items (`guardrank core-bench`, which
    /// prints that recall; docs/benchmarks.md), and they cost ~1 µs per 10 leaders re-scored.
    public static let shortlistPerK = 2
    public static let shortlistMinimum = 20
    public static let coarseShortlistMinimum = 24

    /// Blends whose CF weight (α, after either signal may have dropped out) is at least this
    /// scan the 4-bit copy, the others the 8-bit one. Dense ALS factors lose nothing to 4 bits
    /// (`guardrank eval` on ml-latest-small: hybrid α 0.7 0.1400 vs 0.1403 in `Float`), but
    /// TF-IDF content vectors do (content-heavy α 0.1: 0.0777 vs 0.0801), so they keep 8 bits.
    public static let coarseScanMinimumCFWeight: Float = 0.5

    /// The leader scan starts at a threshold that about this many × the leaders wanted would
    /// beat if the blend were normal (LinearBlend.startingThreshold): high enough that the
    /// buffer rarely fills, low enough that real, heavier-tailed score distributions rarely
    /// leave fewer than the leaders above it (which costs a second scan).
    public static let shortlistStartingExcess = 4
}
