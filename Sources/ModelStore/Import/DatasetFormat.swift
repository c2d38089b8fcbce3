/// Which importer reads a directory; `auto` decides by the files present.
public enum DatasetFormat: String, Sendable, CaseIterable {
    case auto
    /// ml-latest(-small), ml-25m (ratings.csv), ml-1m (ratings.dat) or ml-100k (u.data).
    case movielens
    /// interactions.csv / interactions.jsonl with optional items.csv / items.jsonl.
    case generic
}
