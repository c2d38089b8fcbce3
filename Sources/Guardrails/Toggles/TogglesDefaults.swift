import RankingCore

/// Every constant of the toggles subsystem, each with where its value comes from.
/// (Kept apart from `GuardrailsDefaults.swift` so the metrics/rollback constants can grow
/// there without merge conflicts; both are "the one place" for their part.)
public enum TogglesDefaults {
    /// α of `hybrid_default` (and of `bucket_gate`'s exposed users) when `alpha_override`
    /// is null: the ranking core's own default, tuned by `guardrank eval` (docs/quality.md).
    /// Read through its decimal text so 0.7 stays 0.7, not Float(0.7) widened.
    public static let hybridAlpha: Double = Double("\(RankingDefaults.hybridAlpha)")!

    /// How often the reloader stats the toggles file. SPEC §3 asks that an edit be noticed
    /// within a second; 200 ms leaves room for a retry of a half-written file inside it,
    /// and a stat every 200 ms costs nothing measurable.
    public static let pollInterval: Duration = .milliseconds(200)

    /// The only `metadata.schema_version` this build reads. Bump with a migration (seed 003).
    public static let schemaVersion = 1

    /// Baselines the file must define (SPEC §3 and seed 001 "Safety Baselines").
    public static let requiredBaselines = ["emergency", "degraded", "content_only", "collab_only"]

    /// The baseline served when the kill switch is on (SPEC §3 `kill_switch`).
    public static let killSwitchBaseline = "emergency"

    /// The baseline served to users outside `exposure_percent` when the file does not name
    /// one in `unexposed_profile`: content-only needs no collaborative model, which is what
    /// gradual rollouts usually guard (seed 001: "Content-Only Baseline").
    public static let unexposedBaseline = "content_only"

    /// Files larger than this are refused before parsing: a toggles file is a few KB;
    /// a multi-megabyte one is a mistake (wrong file mounted), not a configuration.
    public static let maxFileBytes = 1 << 20

    /// "Did you mean" suggests a known name within this many edits (Levenshtein).
    /// Two catches one transposition or a doubled/missing letter without suggesting nonsense.
    public static let suggestionMaxDistance = 2

    /// Above this many (region × cohort × client) value combinations the snapshot stops
    /// precomputing one resolved entry per combination and matches blocks per request.
    /// 4096 entries of ~200 bytes is under 1 MB per snapshot.
    public static let maxPrecomputedCombinations = 4096
}
