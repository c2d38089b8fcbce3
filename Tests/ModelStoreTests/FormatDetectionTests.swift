import Testing
@testable import ModelStore

@Suite struct FormatDetectionTests {
    @Test(arguments: [
        (["ratings.csv", "movies.csv"], "movielens-latest"),
        (["ratings.dat", "movies.dat"], "movielens-1m"),
        (["u.data", "u.item"], "movielens-100k"),
        (["interactions.csv"], "generic"),
        (["interactions.jsonl", "items.jsonl"], "generic"),
        (["ratings.csv", "interactions.csv"], "movielens-latest"),
        (["items.csv"], nil),
        ([], nil),
    ] as [([String], String?)])
    func detectsByFilesPresent(_ files: [String], _ expected: String?) throws {
        try withTemporaryDirectory { dir in
            for name in files { try dir.write(name, "") }
            #expect(DatasetImporter.detect(directory: dir.path) == expected)
        }
    }

    @Test func autoLoadsEachFormat() throws {
        try withTemporaryDirectory { dir in
            let latest = try dir.subdirectory("latest")
            try latest.write("movies.csv", "movieId,title,genres\n1,A,Drama\n")
            try latest.write("ratings.csv", "userId,movieId,rating,timestamp\n1,1,4,5\n")
            let generic = try dir.subdirectory("generic")
            try generic.write("interactions.jsonl", "{\"user\":\"1\",\"item\":\"1\",\"weight\":4,\"timestamp\":5}\n")
            let a = try DatasetImporter.load(directory: latest.path)
            let b = try DatasetImporter.load(directory: generic.path)
            #expect(a.1.source == "movielens-latest")
            #expect(b.1.source == "generic")
            #expect(a.0.interactionWeights == b.0.interactionWeights)
            #expect(a.0.name == "latest")
        }
    }

    @Test func missingDirectoryIsAClearError() {
        let error = #expect(throws: ImportError.self) {
            try DatasetImporter.load(directory: "/nonexistent/guardrank-dataset")
        }
        #expect(error?.description == "/nonexistent/guardrank-dataset: dataset directory not found")
    }
}
