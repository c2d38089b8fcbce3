import Testing
@testable import ModelStore

@Suite struct GenericImporterTests {
    static let itemsCSV = """
        id,title,categories,tags
        b,"Bee, the",Nature|Insects,buzz
        a,Ay,,

        """
    static let interactionsCSV = """
        user,item,weight,timestamp
        alice,a,2.5,100
        bob,b,,101
        alice,c,1,

        """
    static let itemsJSONL = """
        {"id":"b","title":"Bee, the","categories":["Nature","Insects"],"tags":["buzz"]}
        {"id":"a","title":"Ay","categories":[],"tags":[]}
        """
    static let interactionsJSONL = """
        {"user":"alice","item":"a","weight":2.5,"timestamp":100}

        {"user":"bob","item":"b","timestamp":101}
        {"user":"alice","item":"c","weight":1,"extra":{"ignored":[1,2]}}
        """

    static let expectedItems = [
        ItemRecord(id: "b", title: "Bee, the", categories: ["Nature", "Insects"], tags: ["buzz"]),
        ItemRecord(id: "a", title: "Ay"),
        ItemRecord(id: "c"),
    ]

    @Test func readsCSV() throws {
        try withTemporaryDirectory { dir in
            try dir.write("items.csv", Self.itemsCSV)
            try dir.write("interactions.csv", Self.interactionsCSV)
            let (dataset, report) = try DatasetImporter.load(directory: dir.path, format: .generic)
            #expect(report.source == "generic")
            #expect(dataset.items == Self.expectedItems)
            #expect(dataset.userIDs == ["alice", "bob"])
            #expect(dataset.interactionUsers == [0, 1, 0])
            #expect(dataset.interactionItems == [1, 0, 2])
            // Empty optional values mean the defaults: weight 1, timestamp 0.
            #expect(dataset.interactionWeights == [2.5, 1, 1])
            #expect(dataset.interactionTimestamps == [100, 101, 0])
        }
    }

    @Test func csvAndJSONLinesGiveEqualDatasets() throws {
        let fromCSV = try withTemporaryDirectory { dir in
            let sub = try dir.subdirectory("data")
            try sub.write("items.csv", Self.itemsCSV)
            try sub.write("interactions.csv", Self.interactionsCSV)
            return try DatasetImporter.load(directory: sub.path).0
        }
        let fromJSONL = try withTemporaryDirectory { dir in
            let sub = try dir.subdirectory("data")
            try sub.write("items.jsonl", Self.itemsJSONL)
            try sub.write("interactions.jsonl", Self.interactionsJSONL)
            return try DatasetImporter.load(directory: sub.path).0
        }
        #expect(fromCSV == fromJSONL)
        #expect(fromCSV.interactionCount == 3)
    }

    @Test func interactionsAloneAndOptionalColumnsAbsent() throws {
        try withTemporaryDirectory { dir in
            try dir.write("interactions.csv", "item,user\nx,1\ny,2\nx,2\n")
            let (dataset, _) = try DatasetImporter.load(directory: dir.path)
            #expect(dataset.items.map(\.id) == ["x", "y"])
            #expect(dataset.userIDs == ["1", "2"])
            #expect(dataset.interactionWeights == [1, 1, 1])
            #expect(dataset.interactionTimestamps == [0, 0, 0])
        }
    }

    @Test func jsonNumbersAsIdsAndEscapes() throws {
        try withTemporaryDirectory { dir in
            try dir.write("items.jsonl", #"{"id":7,"title":"caf\u00e9 \"x\" \ud83d\ude00","categories":["a\/b"]}"# + "\n")
            try dir.write("interactions.jsonl", #"{"user":12,"item":7,"weight":0.25,"timestamp":-5}"# + "\n")
            let (dataset, _) = try DatasetImporter.load(directory: dir.path)
            #expect(dataset.items == [ItemRecord(id: "7", title: "café \"x\" 😀", categories: ["a/b"])])
            #expect(dataset.userIDs == ["12"])
            #expect(dataset.interactionWeights == [0.25])
            #expect(dataset.interactionTimestamps == [-5])
        }
    }
}
