/// The one entry point for reading a dataset directory.
///
///     let (dataset, report) = try DatasetImporter.load(directory: "data/ml-latest-small")
public enum DatasetImporter {
    /// Imports `directory` in `format`; `.auto` picks by the files present: MovieLens
    /// (ratings.csv, ratings.dat or u.data) before the generic format (interactions.csv or
    /// interactions.jsonl).
    /// - Throws: `ImportError` naming the file, line and reason.
    public static func load(
        directory: String,
        format: DatasetFormat = .auto,
        options: ImportOptions = ImportOptions()
    ) throws(ImportError) -> (Dataset, ImportReport) {
        guard FileBytes.isDirectory(directory) else {
            throw ImportError(.missingFile, path: directory, reason: "dataset directory not found")
        }
        switch format {
        case .movielens:
            guard let loader = movieLensLoader(directory) else {
                throw ImportError(.noDataset, path: directory,
                                  reason: "no MovieLens ratings file: expected ratings.csv (ml-latest, ml-25m), ratings.dat (ml-1m) or u.data (ml-100k)")
            }
            return try loader(directory, options)
        case .generic:
            return try GenericImporter.load(directory: directory, options: options)
        case .auto:
            if let loader = movieLensLoader(directory) { return try loader(directory, options) }
            let generic = [GenericImporter.interactionsCSV, GenericImporter.interactionsJSONL]
            if generic.contains(where: { FileBytes.exists(directory.appendingPathComponent($0)) }) {
                return try GenericImporter.load(directory: directory, options: options)
            }
            throw ImportError(.noDataset, path: directory,
                              reason: "no dataset files found: expected ratings.csv + movies.csv (MovieLens), ratings.dat (ml-1m), u.data (ml-100k), or interactions.csv / interactions.jsonl (generic)")
        }
    }

    /// The format `.auto` would pick for `directory`, or nil.
    public static func detect(directory: String) -> String? {
        if FileBytes.exists(directory.appendingPathComponent("ratings.csv")) { return "movielens-latest" }
        if FileBytes.exists(directory.appendingPathComponent("ratings.dat")) { return "movielens-1m" }
        if FileBytes.exists(directory.appendingPathComponent("u.data")) { return "movielens-100k" }
        let generic = [GenericImporter.interactionsCSV, GenericImporter.interactionsJSONL]
        if generic.contains(where: { FileBytes.exists(directory.appendingPathComponent($0)) }) { return "generic" }
        return nil
    }

    private typealias Loader = (String, ImportOptions) throws(ImportError) -> (Dataset, ImportReport)

    private static func movieLensLoader(_ directory: String) -> Loader? {
        switch detect(directory: directory) {
        case "movielens-latest": return MovieLensImporter.load
        case "movielens-1m": return MovieLensClassicImporter.load1M
        case "movielens-100k": return MovieLensClassicImporter.load100K
        default: return nil
        }
    }
}
