import Testing
@testable import ModelStore

@Suite struct MovieLensImporterTests {
    static let movies = """
        movieId,title,genres
        1,Toy Story (1995),Adventure|Animation|Children
        2,"American President, The (1995)",Comedy|Drama|Romance
        5,"Movie ""Quoted"" (2001)",(no genres listed)

        """
    static let ratings = """
        userId,movieId,rating,timestamp
        7,2,4.5,964982703
        7,1,3.0,964982704
        3,1,5.0,964982705
        3,9,1.0,964982706

        """
    static let tags = """
        userId,movieId,tag,timestamp
        7,1,Pixar,1445714994
        3,1,pixar,1445714995
        3,1,"funny, warm",1445714996
        7,5,PIXAR,1445714997

        """

    @Test func readsMoviesRatingsAndTags() throws {
        try withTemporaryDirectory { dir in
            try dir.write("movies.csv", Self.movies)
            try dir.write("ratings.csv", Self.ratings)
            try dir.write("tags.csv", Self.tags)
            let (dataset, report) = try DatasetImporter.load(directory: dir.path, format: .movielens)

            #expect(report.source == "movielens-latest")
            #expect(report.files.count == 3)
            #expect(report.skippedRows == 0)
            // movies.csv order, then the unknown movie 9 from ratings.csv.
            #expect(dataset.items.map(\.id) == ["1", "2", "5", "9"])
            #expect(dataset.items[1].title == "American President, The (1995)")
            #expect(dataset.items[1].categories == ["Comedy", "Drama", "Romance"])
            #expect(dataset.items[2].title == "Movie \"Quoted\" (2001)")
            #expect(dataset.items[2].categories.isEmpty)
            // Case-insensitive dedupe keeps the first spelling.
            #expect(dataset.items[0].tags == ["Pixar", "funny, warm"])
            #expect(dataset.items[2].tags == ["PIXAR"])
            #expect(dataset.userIDs == ["7", "3"])
            #expect(dataset.interactionUsers == [0, 0, 1, 1])
            #expect(dataset.interactionItems == [1, 0, 0, 3])
            #expect(dataset.interactionWeights == [4.5, 3.0, 5.0, 1.0])
            #expect(dataset.interactionTimestamps == [964_982_703, 964_982_704, 964_982_705, 964_982_706])
        }
    }

    @Test func acceptsCRLFAndNoTrailingNewlineAndNoTags() throws {
        try withTemporaryDirectory { dir in
            try dir.write("movies.csv", "movieId,title,genres\r\n1,\"A, B\",Drama\r\n2,C,Comedy")
            try dir.write("ratings.csv", "userId,movieId,rating,timestamp\r\n1,2,4.0,10\r\n1,1,2.0,11")
            let (dataset, _) = try DatasetImporter.load(directory: dir.path)
            #expect(dataset.items == [ItemRecord(id: "1", title: "A, B", categories: ["Drama"]),
                                      ItemRecord(id: "2", title: "C", categories: ["Comedy"])])
            #expect(dataset.interactionItems == [1, 0])
            #expect(dataset.interactionTimestamps == [10, 11])
        }
    }

    @Test func quotedTitleMaySpanLines() throws {
        try withTemporaryDirectory { dir in
            try dir.write("movies.csv", "movieId,title,genres\n1,\"Two\nLines\",Drama\n2,After,Comedy\n")
            try dir.write("ratings.csv", "userId,movieId,rating,timestamp\n1,2,4.0,10\n")
            let (dataset, _) = try DatasetImporter.load(directory: dir.path)
            #expect(dataset.items.map(\.title) == ["Two\nLines", "After"])
        }
    }
}
