/// Every tunable of importing, training and evaluation, in one place, each with where its
/// value comes from. `guardrank eval` on ml-latest-small (docs/quality.md) chose the training
/// values; change one, rerun it, and update that page.
public enum ModelStoreDefaults {
    /// Seed of every random choice in training, so the same data gives the same model.
    public static let seed: UInt64 = 7

    // MARK: ALS
    /// Factor dimension, within SPEC §2's 32–128. On ml-latest-small 32 beats 64 (fewer
    /// parameters for 100k interactions; docs/quality.md); larger catalogs may want more.
    public static let alsFactors = 32
    /// λ. Tuned on ml-latest-small over 0.05…32 (docs/quality.md); the peer run uses 0.05
    /// with a different confidence scaling.
    public static let alsRegularization: Float = 16
    /// c = 1 + scale·weight (Hu et al. use 40 for counts); tuned on ml-latest-small over 1…20.
    public static let alsConfidenceScale: Float = 10
    /// 15 as in the peer run; the loss is flat after about 10 on ml-latest-small.
    public static let alsIterations = 15
    /// Share of an interaction's ALS weight that depends on its recency (0 = plain counts).
    /// Tuned on ml-latest-small (docs/quality.md).
    public static let alsRecencyMix: Float = 1.0
    /// Conjugate-gradient steps per solve: 3 is `implicit`'s default (Takács et al. 2011).
    public static let alsConjugateGradientSteps = 3

    // MARK: Histories and popularity
    /// A history item's recency weight halves every this many newer interactions of the same
    /// user. Recency matters on a temporal split (issue 2); tuned on ml-latest-small.
    public static let historyHalfLife: Float = 3
    /// Popularity decays by half every this many seconds before the newest interaction.
    /// nil = plain counts (what `implicit_baseline.py` ranks by).
    public static let popularityHalfLifeSeconds: Double? = nil

    // MARK: Content
    /// Width of the content vectors: every category, every decade of release, then the most
    /// frequent tag and title tokens up to this many dimensions.
    public static let contentDimensions = 128
    /// A token must appear on at least this many items to be a content dimension.
    public static let contentMinimumDocumentFrequency = 2

    // MARK: Neighbours
    /// Neighbours kept per item (stage B, similar items, unknown users).
    public static let neighbourCount = 50
    /// Above this many items exact all-pairs neighbour search (O(n²·d)) takes minutes; larger
    /// catalogs skip it (docs/scaling.md).
    public static let neighbourExactLimit = 100_000

    // MARK: Evaluation
    /// Share of each user's interactions (latest by time) held out: SPEC §2.
    public static let holdoutFraction = 0.2
    /// Cut-off of recall@K and NDCG@K: SPEC §2.
    public static let evaluationK = 10
    /// α grid of the hybrid rows.
    public static let evaluationAlphas: [Float] = [0.1, 0.3, 0.5, 0.7, 0.9]
}
