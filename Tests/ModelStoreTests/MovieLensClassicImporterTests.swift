import Testing
@testable import ModelStore

@Suite struct MovieLensClassicImporterTests {
    static func itemLine(_ id: Int, _ title: [UInt8], flags: [Int]) -> [UInt8] {
        Array("\(id)|".utf8) + title + Array("|01-Jan-1995||http://example.org|".utf8)
            + Array(flags.map(String.init).joined(separator: "|").utf8) + [0x0A]
    }

    static func flags(_ on: Set<Int>, count: Int = 19) -> [Int] { (0..<count).map { on.contains($0) ? 1 : 0 } }

    @Test func reads100KWithStandardGenres() throws {
        try withTemporaryDirectory { dir in
            // "Café" in Latin-1: 0xE9 is é.
            let items = Self.itemLine(1, Array("Toy Story (1995)".utf8), flags: Self.flags([3, 4, 5]))
                + Self.itemLine(2, Array("Caf".utf8) + [0xE9], flags: Self.flags([8]))
            try dir.write("u.item", bytes: items)
            try dir.write("u.data", "196\t2\t3\t881250949\n186\t1\t5\t891717742\n196\t1\t4\t881250950\n")
            let (dataset, report) = try DatasetImporter.load(directory: dir.path)
            #expect(report.source == "movielens-100k")
            #expect(dataset.items == [
                ItemRecord(id: "1", title: "Toy Story (1995)", categories: ["Animation", "Children's", "Comedy"]),
                ItemRecord(id: "2", title: "Café", categories: ["Drama"]),
            ])
            #expect(dataset.userIDs == ["196", "186"])
            #expect(dataset.interactionUsers == [0, 1, 0])
            #expect(dataset.interactionItems == [1, 0, 0])
            #expect(dataset.interactionWeights == [3, 5, 4])
            #expect(dataset.interactionTimestamps == [881_250_949, 891_717_742, 881_250_950])
        }
    }

    @Test func reads100KGenresFromUGenre() throws {
        try withTemporaryDirectory { dir in
            try dir.write("u.genre", "none|0\nfun|1\nsad|2\n\n")
            try dir.write("u.item", bytes: Self.itemLine(1, Array("X".utf8), flags: [0, 1, 1]))
            try dir.write("u.data", "1\t1\t3\t10\n")
            let (dataset, _) = try DatasetImporter.load(directory: dir.path, format: .movielens)
            #expect(dataset.items[0].categories == ["fun", "sad"])
        }
    }

    @Test func reads1M() throws {
        try withTemporaryDirectory { dir in
            try dir.write("movies.dat", bytes: Array("1::Toy Story (1995)::Animation|Children's|Comedy\n2::Ni".utf8) + [0xF1]
                + Array("o (1999)::Drama\n".utf8))
            try dir.write("ratings.dat", "1::2::5::978300760\n1::1::3::978302109\n2::2::4::978301968\n")
            let (dataset, report) = try DatasetImporter.load(directory: dir.path)
            #expect(report.source == "movielens-1m")
            #expect(dataset.items.map(\.title) == ["Toy Story (1995)", "Niño (1999)"])
            #expect(dataset.items[0].categories == ["Animation", "Children's", "Comedy"])
            #expect(dataset.userIDs == ["1", "2"])
            #expect(dataset.interactionItems == [1, 0, 1])
            #expect(dataset.interactionWeights == [5, 3, 4])
        }
    }
}
