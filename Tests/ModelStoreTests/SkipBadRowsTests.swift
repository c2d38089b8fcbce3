import Testing
@testable import ModelStore

@Suite struct SkipBadRowsTests {
    @Test func skipsAndCountsBadRows() throws {
        try withTemporaryDirectory { dir in
            try dir.write("movies.csv", "movieId,title,genres\n1,A,Drama\n2,\"B\" junk,Drama\n3,C,Comedy\n")
            try dir.write("ratings.csv", "userId,movieId,rating,timestamp\n1,1,4,5\n1,1,abc,5\n2,3,3,6\n2,3\n1,3,1,7\n")
            let (dataset, report) = try DatasetImporter.load(directory: dir.path, options: ImportOptions(skipBadRows: true))
            #expect(dataset.items.map(\.id) == ["1", "3"])
            #expect(dataset.interactionCount == 3)
            #expect(dataset.interactionWeights == [4, 3, 1])
            #expect(report.skippedRows == 3)
            #expect(report.skipReasons.map(\.line) == [3, 3, 5])
            #expect(report.skipReasons.map { $0.path.hasSuffix("movies.csv") } == [true, false, false])
            #expect(report.skipReasons[1].reason.contains("'abc' is not a number"))
        }
    }

    @Test func keepsOnlyTheFirstFewReasons() throws {
        try withTemporaryDirectory { dir in
            let bad = (0..<8).map { "u\($0),i,-1\n" }.joined()
            try dir.write("interactions.csv", "user,item,weight\n" + bad + "ok,i,2\n")
            let (dataset, report) = try DatasetImporter.load(directory: dir.path, options: ImportOptions(skipBadRows: true))
            #expect(dataset.interactionCount == 1)
            #expect(dataset.userIDs == ["ok"])
            #expect(report.skippedRows == 8)
            #expect(report.skipReasons.count == ImportDefaults.recordedSkipReasons)
            #expect(report.skipReasons.first?.line == 2)
        }
    }

    @Test func unterminatedQuoteSkipsTheRestOfTheFile() throws {
        try withTemporaryDirectory { dir in
            try dir.write("interactions.csv", "user,item\na,b\n\"c,d\ne,f\n")
            let (dataset, report) = try DatasetImporter.load(directory: dir.path, options: ImportOptions(skipBadRows: true))
            #expect(dataset.interactionCount == 1)
            #expect(report.skippedRows == 1)
        }
    }

    @Test func skipsBadJSONLines() throws {
        try withTemporaryDirectory { dir in
            try dir.write("interactions.jsonl", "{\"user\":\"a\",\"item\":\"b\"}\nnot json\n{\"user\":\"c\",\"item\":\"b\"}\n")
            let (dataset, report) = try DatasetImporter.load(directory: dir.path, options: ImportOptions(skipBadRows: true))
            #expect(dataset.userIDs == ["a", "c"])
            #expect(report.skippedRows == 1)
            #expect(report.skipReasons.first?.line == 2)
        }
    }

    @Test func wholeFileProblemsStillFail() throws {
        try withTemporaryDirectory { dir in
            try dir.write("interactions.csv", "a,b\n")
            #expect(throws: ImportError.self) {
                try DatasetImporter.load(directory: dir.path, options: ImportOptions(skipBadRows: true))
            }
        }
    }
}
