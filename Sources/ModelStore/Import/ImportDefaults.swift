/// Importer limits, each with where the value comes from.
public enum ImportDefaults {
    /// Longest field accepted, in bytes. The longest MovieLens title is under 200 bytes and
    /// the longest ml-25m tag under 300; 64 KiB leaves room for generic descriptions while
    /// bounding what an unterminated quote can swallow before it is reported.
    public static let maxFieldBytes = 64 * 1024

    /// Longest JSON-lines row accepted, in bytes: four maximal fields (user, item, weight,
    /// timestamp or id, title, categories, tags).
    public static let maxJSONLineBytes = 4 * maxFieldBytes

    /// Skip reasons kept in an `ImportReport`. An operator needs the first few to fix a file;
    /// keeping all of a 25M-row file's errors would cost more memory than the data.
    public static let recordedSkipReasons = 5

    /// Longest numeric literal parsed, in bytes: a Float needs at most 9 significant digits
    /// and an Int64 19; 64 leaves room for signs, exponents and leading zeros.
    public static let maxNumberBytes = 64

    /// MovieLens' marker for an item without genres (movies.csv README, "Genres").
    public static let movieLensNoGenres = "(no genres listed)"

    /// The 19 genres of MovieLens 100K, in flag order (ml-100k README and u.genre), used when
    /// u.genre is absent.
    public static let movieLens100KGenres = [
        "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime",
        "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery",
        "Romance", "Sci-Fi", "Thriller", "War", "Western",
    ]
}
