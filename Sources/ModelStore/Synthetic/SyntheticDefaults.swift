/// Defaults of the synthetic dataset generator, each with where the value comes from.
public enum SyntheticDefaults {
    /// `guardrank demo` size: small enough to train and evaluate in seconds on a laptop,
    /// large enough for 20 clusters of ~100 items each (issue 2, "Embedded default").
    public static let demoItems = 2_000
    public static let demoUsers = 5_000
    public static let seed: UInt64 = 42

    /// Largest sizes the generator accepts: the scale SPEC §2 says the core must serve.
    public static let maxItems = 1_000_000
    public static let maxUsers = 10_000_000

    /// Latent taste clusters. MovieLens' ~20 genres are a similar number of coarse tastes.
    public static let clusters = 20

    /// Zipf exponent of item popularity. Item popularity in MovieLens and Netflix data fits
    /// exponents near 1 (Cremonesi et al., "Performance of recommender algorithms on top-N
    /// recommendation tasks", RecSys 2010: the short head is ~1/3 of ratings from ~2% of items).
    public static let zipfExponent = 1.0

    /// Mean interactions per user. ml-latest-small has a median of ~70 ratings per user but
    /// MovieLens only keeps users with ≥20; production implicit logs have far smaller means
    /// (most users touch a handful of items), and a small mean keeps 10^7 users in memory.
    public static let meanInteractionsPerUser = 20.0

    /// Heaviest user, so one user cannot dominate a small catalog (MovieLens' heaviest
    /// ml-latest-small user rated 2,698 of 9,742 movies, ~28%).
    public static let maxInteractionsPerUser = 2_000

    /// Share of a user's picks made from global popularity rather than their clusters:
    /// enough that popularity is a real baseline, small enough that clusters dominate.
    public static let explorationShare = 0.1

    /// Probability that an in-cluster pick uses the user's second cluster, at the user's
    /// first and last interaction (linear in between): later interactions drift, so a model
    /// that weights recency wins on a last-20% holdout (SPEC §2 evaluation).
    public static let secondaryClusterShareStart = 0.1
    public static let secondaryClusterShareEnd = 0.7

    /// Share of an item's categories drawn from its cluster's favoured ones.
    public static let clusterCategoryShare = 0.8
    /// Categories each cluster favours.
    public static let categoriesPerCluster = 3

    /// Tag vocabulary and the slice of it each cluster favours; items get 0…3 tags.
    public static let tagVocabularySize = 400
    public static let tagsPerCluster = 20
    public static let maxTagsPerItem = 3
    public static let clusterTagShare = 0.8

    /// Timestamps: users start within two years from 2023-01-01T00:00:00Z and wait up to three
    /// days between interactions, so gaps look like a real service's.
    public static let startTimestamp: Int64 = 1_672_531_200
    public static let startSpreadSeconds: UInt64 = 2 * 365 * 86_400
    public static let maxGapSeconds: UInt64 = 3 * 86_400

    /// ~20 category names, as MovieLens' genre list (ml-latest README) plus a few.
    public static let categoryNames = [
        "Action", "Adventure", "Animation", "Children", "Comedy", "Crime", "Documentary",
        "Drama", "Fantasy", "Film-Noir", "Horror", "IMAX", "Musical", "Mystery", "Romance",
        "Sci-Fi", "Thriller", "War", "Western", "Sport",
    ]
}
