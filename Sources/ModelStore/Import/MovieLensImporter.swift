/// MovieLens ml-latest, ml-latest-small and ml-25m: movies.csv, ratings.csv, optional tags.csv.
///
/// Items come in movies.csv order (ascending movieId); users in first-seen order of
/// ratings.csv; tags.csv adds each movie's tags, deduplicated case-insensitively, keeping
/// the first spelling. Ids are interned as integers, so no String is built per rating.
enum MovieLensImporter {
    static func load(directory: String, options: ImportOptions) throws(ImportError) -> (Dataset, ImportReport) {
        var report = ImportReport(source: "movielens-latest")
        var builder = DatasetBuilder<Int64>()
        let moviesPath = directory.appendingPathComponent("movies.csv")
        let ratingsPath = directory.appendingPathComponent("ratings.csv")
        try requireFiles([moviesPath, ratingsPath], for: "MovieLens (ml-latest, ml-25m)")

        try readMovies(path: moviesPath, into: &builder, options: options, report: &report)
        try readRatings(path: ratingsPath, into: &builder, options: options, report: &report)
        let tagsPath = directory.appendingPathComponent("tags.csv")
        if FileBytes.exists(tagsPath) {
            try readTags(path: tagsPath, into: &builder, options: options, report: &report)
        }
        return (builder.build(name: directory.lastPathComponent), report)
    }

    static func requireFiles(_ paths: [String], for format: String) throws(ImportError) {
        for path in paths where !FileBytes.exists(path) {
            let names = paths.map(\.lastPathComponent).joined(separator: " and ")
            throw ImportError(.missingFile, path: path, reason: "required file not found (\(format) needs \(names))")
        }
    }

    private static func readMovies(path: String, into builder: inout DatasetBuilder<Int64>,
                                   options: ImportOptions, report: inout ImportReport) throws(ImportError) {
        var reader = try DelimitedReader(path: path, separator: .csv)
        report.files.append(path)
        let header = try HeaderColumns(reader: &reader, required: ["movieId", "title", "genres"])
        let (idColumn, titleColumn, genresColumn) = (header.required("movieId"), header.required("title"), header.required("genres"))
        try reader.forEachRecord(options: options, report: &report) { row throws(ImportError) in
            try row.requireFieldCount(header.count)
            let movieID = try row.int(idColumn, column: "movieId")
            let title = try row.string(titleColumn, column: "title")
            let genres = try row.string(genresColumn, column: "genres")
            let categories = genres == ImportDefaults.movieLensNoGenres ? [] : genres.pipeSeparated()
            let record = ItemRecord(id: String(movieID), title: title, categories: categories)
            guard builder.addItem(key: movieID, record: record) != nil else {
                throw row.rowError("column 'movieId': \(movieID) appears more than once")
            }
        }
    }

    private static func readRatings(path: String, into builder: inout DatasetBuilder<Int64>,
                                    options: ImportOptions, report: inout ImportReport) throws(ImportError) {
        var reader = try DelimitedReader(path: path, separator: .csv)
        report.files.append(path)
        builder.reserveInteractions(reader.bytes.count / 20)
        let header = try HeaderColumns(reader: &reader, required: ["userId", "movieId", "rating", "timestamp"])
        let columns = (header.required("userId"), header.required("movieId"), header.required("rating"), header.required("timestamp"))
        try reader.forEachRecord(options: options, report: &report) { row throws(ImportError) in
            try row.requireFieldCount(header.count)
            let userID = try row.int(columns.0, column: "userId")
            let movieID = try row.int(columns.1, column: "movieId")
            let rating = try row.weight(columns.2, column: "rating")
            let timestamp = try row.int(columns.3, column: "timestamp")
            let user = builder.user(key: userID) { String(userID) }
            let item = builder.item(key: movieID) { String(movieID) }
            builder.addInteraction(user: user, item: item, weight: rating, timestamp: timestamp)
        }
    }

    private static func readTags(path: String, into builder: inout DatasetBuilder<Int64>,
                                 options: ImportOptions, report: inout ImportReport) throws(ImportError) {
        var reader = try DelimitedReader(path: path, separator: .csv)
        report.files.append(path)
        let header = try HeaderColumns(reader: &reader, required: ["userId", "movieId", "tag", "timestamp"])
        let (movieColumn, tagColumn) = (header.required("movieId"), header.required("tag"))
        var seen: [Int32: Set<String>] = [:]
        try reader.forEachRecord(options: options, report: &report) { row throws(ImportError) in
            try row.requireFieldCount(header.count)
            let movieID = try row.int(movieColumn, column: "movieId")
            let tag = try row.string(tagColumn, column: "tag").trimmingSpaces()
            guard !tag.isEmpty else { return }
            let item = builder.item(key: movieID) { String(movieID) }
            if seen[item, default: []].insert(tag.lowercased()).inserted {
                builder.updateItem(item) { $0.tags.append(tag) }
            }
        }
    }
}
