import Testing
@testable import ModelStore

/// Each malformed file gives an `ImportError` naming the file, the line and the problem.
@Suite struct MalformedInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let files: [String: [UInt8]]
        /// Expected "file:line" (or "file:") prefix, after the directory.
        let location: String
        let reason: String
        var format: DatasetFormat = .auto
        var testDescription: String { name }
    }

    static let movies = "movieId,title,genres\n1,Toy Story (1995),Comedy\n"
    static let ratingsHeader = "userId,movieId,rating,timestamp\n"

    static func text(_ s: String) -> [UInt8] { Array(s.utf8) }

    static func ratings(_ rows: String) -> [String: [UInt8]] {
        ["movies.csv": text(movies), "ratings.csv": text(ratingsHeader + "1,1,4.0,5\n" + rows)]
    }

    static let cases: [Case] = [
        Case(name: "rating not a number", files: ratings("1,1,abc,5\n"),
             location: "ratings.csv:3", reason: "column 'rating': 'abc' is not a number"),
        Case(name: "missing column", files: ratings("1,1,4.0\n"),
             location: "ratings.csv:3", reason: "missing columns: expected 4 fields, found 3"),
        Case(name: "extra column", files: ratings("1,1,4.0,5,9\n"),
             location: "ratings.csv:3", reason: "extra columns: expected 4 fields, found 5"),
        Case(name: "timestamp not an integer", files: ratings("1,1,4.0,12.5\n"),
             location: "ratings.csv:3", reason: "column 'timestamp': '12.5' is not an integer"),
        Case(name: "timestamp overflows", files: ratings("1,1,4.0,99999999999999999999\n"),
             location: "ratings.csv:3", reason: "column 'timestamp': '99999999999999999999' is out of range"),
        Case(name: "negative rating", files: ratings("1,1,-1,5\n"),
             location: "ratings.csv:3", reason: "column 'rating': '-1' is negative"),
        Case(name: "infinite rating", files: ratings("1,1,1e999,5\n"),
             location: "ratings.csv:3", reason: "'1e999' is out of range"),
        Case(name: "empty user id", files: ratings(",1,4.0,5\n"),
             location: "ratings.csv:3", reason: "column 'userId': empty, expected an integer"),
        Case(name: "empty ratings file", files: ["movies.csv": text(movies), "ratings.csv": []],
             location: "ratings.csv: ", reason: "empty file: expected a header line"),
        Case(name: "ratings without header", files: ["movies.csv": text(movies), "ratings.csv": text("1,1,4.0,5\n")],
             location: "ratings.csv:1", reason: "missing header: expected columns 'userId,movieId,rating,timestamp'"),
        Case(name: "movies.csv missing", files: ["ratings.csv": text(ratingsHeader)],
             location: "movies.csv: ", reason: "required file not found"),
        Case(name: "unterminated quote", files: ["movies.csv": text(movies + "2,\"Jumanji (1995),Adventure\n3,X,Drama\n"),
                                                 "ratings.csv": text(ratingsHeader)],
             location: "movies.csv:3", reason: "column 2: unterminated quoted field"),
        Case(name: "text after closing quote", files: ["movies.csv": text(movies + "2,\"Jumanji\" x,Adventure\n"),
                                                       "ratings.csv": text(ratingsHeader)],
             location: "movies.csv:3", reason: "column 2: unexpected character after closing quote"),
        Case(name: "invalid UTF-8 title", files: ["movies.csv": text(movies + "2,Bad ") + [0xC3, 0x28] + text(",Drama\n"),
                                                  "ratings.csv": text(ratingsHeader)],
             location: "movies.csv:3", reason: "column 'title': invalid UTF-8"),
        Case(name: "duplicate movieId", files: ["movies.csv": text(movies + "1,Again,Drama\n"), "ratings.csv": text(ratingsHeader)],
             location: "movies.csv:3", reason: "column 'movieId': 1 appears more than once"),
        Case(name: "line number counts lines inside quotes",
             files: ["movies.csv": text(movies + "2,\"Two\nLines\",Drama\nx,Y,Drama\n"), "ratings.csv": text(ratingsHeader)],
             location: "movies.csv:5", reason: "column 'movieId': 'x' is not an integer"),
        Case(name: "100K user id not an integer",
             files: ["u.item": text("1|T|d||u|" + Array(repeating: "0", count: 19).joined(separator: "|") + "\n"),
                     "u.data": text("1\t1\t3\t5\nx\t1\t3\t5\n")],
             location: "u.data:2", reason: "column 'user id': 'x' is not an integer"),
        Case(name: "100K item with too few genre flags", files: ["u.item": text("1|T|d||u|0|1\n"), "u.data": text("1\t1\t3\t5\n")],
             location: "u.item:1", reason: "missing columns: expected 24 fields, found 7"),
        Case(name: "1M rating not a number", files: ["movies.dat": text("1::T::Drama\n"), "ratings.dat": text("1::1::five::978300760\n")],
             location: "ratings.dat:1", reason: "column 'Rating': 'five' is not a number"),
        Case(name: "generic NaN weight", files: ["interactions.csv": text("user,item,weight\na,b,nan\n")],
             location: "interactions.csv:2", reason: "column 'weight': 'nan' is not a number"),
        Case(name: "generic header lacks item", files: ["interactions.csv": text("user,thing\na,b\n")],
             location: "interactions.csv:1", reason: "missing header: expected columns 'user,item,weight,timestamp' (missing item)"),
        Case(name: "generic empty user", files: ["interactions.csv": text("user,item\n,b\n")],
             location: "interactions.csv:2", reason: "column 'user': empty"),
        Case(name: "JSON syntax error", files: ["interactions.jsonl": text("{\"user\":\"a\",\"item\":\"b\"}\n{\"user\":\"a\",\"item\":}\n")],
             location: "interactions.jsonl:2", reason: "unexpected character in JSON"),
        Case(name: "JSON missing item", files: ["interactions.jsonl": text("{\"user\":\"a\"}\n")],
             location: "interactions.jsonl:1", reason: "key 'item': missing"),
        Case(name: "JSON fractional timestamp", files: ["interactions.jsonl": text("{\"user\":\"a\",\"item\":\"b\",\"timestamp\":1.5}\n")],
             location: "interactions.jsonl:1", reason: "key 'timestamp': '1.5' is not an integer"),
        Case(name: "JSON negative weight", files: ["interactions.jsonl": text("{\"user\":\"a\",\"item\":\"b\",\"weight\":-2}\n")],
             location: "interactions.jsonl:1", reason: "key 'weight': '-2' is negative"),
        Case(name: "JSON categories not strings",
             files: ["items.jsonl": text("{\"id\":\"b\",\"categories\":[1]}\n"), "interactions.jsonl": text("{\"user\":\"a\",\"item\":\"b\"}\n")],
             location: "items.jsonl:1", reason: "key 'categories': expected an array of strings"),
        Case(name: "JSON invalid UTF-8", files: ["interactions.jsonl": text("{\"user\":\"") + [0xFF] + text("\",\"item\":\"b\"}\n")],
             location: "interactions.jsonl:1", reason: "invalid UTF-8 in JSON string"),
        Case(name: "empty JSON lines file", files: ["interactions.jsonl": text("\n\n")],
             location: "interactions.jsonl: ", reason: "empty file"),
        Case(name: "both CSV and JSONL interactions",
             files: ["interactions.csv": text("user,item\na,b\n"), "interactions.jsonl": text("{\"user\":\"a\",\"item\":\"b\"}\n")],
             location: ": ", reason: "both interactions.csv and interactions.jsonl are present"),
        Case(name: "no dataset files", files: ["README.txt": text("hello\n")],
             location: ": ", reason: "no dataset files found"),
        Case(name: "movielens format on generic files", files: ["interactions.csv": text("user,item\na,b\n")],
             location: ": ", reason: "no MovieLens ratings file", format: .movielens),
    ]

    @Test(arguments: cases)
    func reportsFileLineAndReason(_ testCase: Case) throws {
        try withTemporaryDirectory { dir in
            for (name, bytes) in testCase.files { try dir.write(name, bytes: bytes) }
            let error = #expect(throws: ImportError.self) {
                try DatasetImporter.load(directory: dir.path, format: testCase.format)
            }
            let text = error.map(String.init(describing:)) ?? ""
            #expect(text.hasPrefix(dir.path + "/" + testCase.location) || text.hasPrefix(dir.path + testCase.location),
                    "\(text)")
            #expect(text.contains(testCase.reason), "\(text)")
        }
    }
}
