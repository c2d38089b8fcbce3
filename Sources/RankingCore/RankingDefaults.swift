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
