/// MovieLens 100K (u.data, u.item, optional u.genre) and 1M (ratings.dat, movies.dat): the
/// older, header-less, Latin-1 releases.
enum MovieLensClassicImporter {
    static func load100K(directory: String, options: ImportOptions) throws(ImportError) -> (Dataset, ImportReport) {
        var report = ImportReport(source: "movielens-100k")
        var builder = DatasetBuilder<Int64>()
        let itemPath = directory.appendingPathComponent("u.item")
        let dataPath = directory.appendingPathComponent("u.data")
        try MovieLensImporter.requireFiles([dataPath, itemPath], for: "MovieLens 100K")

        let genrePath = directory.appendingPathComponent("u.genre")
        let genres = FileBytes.exists(genrePath)
            ? try readGenres(path: genrePath, options: options, report: &report)
            : ImportDefaults.movieLens100KGenres

        // u.item: id|title|release date|video release date|IMDb URL|one 0/1 flag per genre
        var items = try DelimitedReader(path: itemPath, separator: .byte(UInt8(ascii: "|")))
        report.files.append(itemPath)
        try items.forEachRecord(options: options, report: &report) { row throws(ImportError) in
            try row.requireFieldCount(5 + genres.count)
            let movieID = try row.int(0, column: "movie id")
            var categories: [String] = []
            for (offset, name) in genres.enumerated() {
                let flag = try row.int(5 + offset, column: name)
                guard flag == 0 || flag == 1 else { throw row.rowError("column '\(name)': flag \(flag) is not 0 or 1") }
                if flag == 1 { categories.append(name) }
            }
            let record = ItemRecord(id: String(movieID), title: row.latin1String(1), categories: categories)
            guard builder.addItem(key: movieID, record: record) != nil else {
                throw row.rowError("column 'movie id': \(movieID) appears more than once")
            }
        }

        var data = try DelimitedReader(path: dataPath, separator: .byte(UInt8(ascii: "\t")))
        report.files.append(dataPath)
        try readRatings(&data, names: ["user id", "item id", "rating", "timestamp"], into: &builder, options: options, report: &report)
        return (builder.build(name: directory.lastPathComponent), report)
    }

    static func load1M(directory: String, options: ImportOptions) throws(ImportError) -> (Dataset, ImportReport) {
        var report = ImportReport(source: "movielens-1m")
        var builder = DatasetBuilder<Int64>()
        let moviesPath = directory.appendingPathComponent("movies.dat")
        let ratingsPath = directory.appendingPathComponent("ratings.dat")
        try MovieLensImporter.requireFiles([ratingsPath, moviesPath], for: "MovieLens 1M")

        // movies.dat: MovieID::Title::Genres, genres |-separated
        var movies = try DelimitedReader(path: moviesPath, separator: .doubleColon)
        report.files.append(moviesPath)
        try movies.forEachRecord(options: options, report: &report) { row throws(ImportError) in
            try row.requireFieldCount(3)
            let movieID = try row.int(0, column: "MovieID")
            let record = ItemRecord(id: String(movieID), title: row.latin1String(1),
                                    categories: row.latin1String(2).pipeSeparated())
            guard builder.addItem(key: movieID, record: record) != nil else {
                throw row.rowError("column 'MovieID': \(movieID) appears more than once")
            }
        }

        var ratings = try DelimitedReader(path: ratingsPath, separator: .doubleColon)
        report.files.append(ratingsPath)
        try readRatings(&ratings, names: ["UserID", "MovieID", "Rating", "Timestamp"], into: &builder, options: options, report: &report)
        return (builder.build(name: directory.lastPathComponent), report)
    }

    /// user, item, rating, timestamp rows in that fixed order.
    private static func readRatings(_ reader: inout DelimitedReader, names: [String], into builder: inout DatasetBuilder<Int64>,
                                    options: ImportOptions, report: inout ImportReport) throws(ImportError) {
        builder.reserveInteractions(reader.bytes.count / 20)
        try reader.forEachRecord(options: options, report: &report) { row throws(ImportError) in
            try row.requireFieldCount(4)
            let userID = try row.int(0, column: names[0])
            let movieID = try row.int(1, column: names[1])
            let rating = try row.weight(2, column: names[2])
            let timestamp = try row.int(3, column: names[3])
            let user = builder.user(key: userID) { String(userID) }
            let item = builder.item(key: movieID) { String(movieID) }
            builder.addInteraction(user: user, item: item, weight: rating, timestamp: timestamp)
        }
    }

    /// u.genre: name|index, one per line, indexes 0…18 in the standard release.
    private static func readGenres(path: String, options: ImportOptions, report: inout ImportReport) throws(ImportError) -> [String] {
        var reader = try DelimitedReader(path: path, separator: .byte(UInt8(ascii: "|")))
        report.files.append(path)
        var byIndex: [Int: String] = [:]
        try reader.forEachRecord(options: options, report: &report) { row throws(ImportError) in
            try row.requireFieldCount(2)
            let index = try row.int(1, column: "genre index")
            guard index >= 0, index < 1000 else { throw row.rowError("column 'genre index': \(index) is out of range") }
            byIndex[Int(index)] = row.latin1String(0)
        }
        let names = (0..<byIndex.count).compactMap { byIndex[$0] }
        guard names.count == byIndex.count, !names.isEmpty else {
            throw ImportError(.badRow, path: path, reason: "genre indexes must run 0…\(max(byIndex.count - 1, 0)) without gaps")
        }
        return names
    }
}
