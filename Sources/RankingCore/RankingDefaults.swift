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

    /// Lists scanned per query: the recall/latency knob. At 10^6 items (2,000 lists) 160 gives
    /// recall@10 0.959 against exact CF on SyntheticFactors and 0.942 on mips_baseline's
    /// vectors (192 reaches 0.954 there); docs/benchmarks.md has the whole trade-off table.
    public static let indexProbes = 96

    /// k-means on a sample of this many points per list (faiss warns below 39), for this many
    /// Lloyd iterations: the centroids stop moving noticeably after ~8 on factor-like data.
    public static let indexTrainingPointsPerList = 40
    public static let indexTrainingIterations = 8

    /// Seed of the k-means sample and initial centroids: the same model gives the same index.
    public static let indexSeed: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// How many CF candidates stage A takes from the index before content and blending (plus
    /// the history's neighbours): `max(indexCandidatesPerK · k, indexMinCandidates)`. The
    /// index's scan prunes against the candidate heap's lowest score, so this is a direct
    /// latency knob (300 candidates cost ~3× the time of 20 at 10^6 items, core-bench,
    /// docs/benchmarks.md). Twice k leaves the blend room to reorder; B/C/D fill anything
    /// beyond (the fill guarantee does not depend on it).
    public static let indexCandidatesPerK = 2
    public static let indexMinCandidates = 20

    /// The index scans its lists in 8-bit codes and re-scores the best approximate candidates
    /// exactly: `max(indexRescoredPerResult · wanted, indexRescoredMinimum)` of them per search
    /// (`wanted` = the caller's heap, e.g. stage A's `max(2k, 20)`). TUNING PLACEHOLDER.
    public static let indexRescoredPerResult = 1
    public static let indexRescoredMinimum = 20

    /// TUNING PLACEHOLDER: bound factor × √d, probe radius weight × √d.
    public static let indexBoundDeviations: Float = 4
    public static let indexProbeRadiusDeviations: Float = 0.8
}

/// The exact path's quantised shortlist (ShortlistScan.swift, docs/scaling.md).
extension RankingDefaults {
    /// Approximate leaders re-scored exactly per answer wanted: `max(shortlistPerK · missing,
    /// shortlistMinimum)`. 8-bit codes move a score by about 1% of its spread, so the true
    /// top 10 sits well inside the approximate top 64 (measured: `guardrank core-bench`
    /// reports the answer's recall against the all-`Float` ranking).
    public static let shortlistPerK = 2
    public static let shortlistMinimum = 20
}
