import Testing
@testable import ModelStore

@Suite struct GenericFormatWriterTests {
    @Test func syntheticDatasetRoundTrips() throws {
        let original = SyntheticDataset.generate(.init(items: 500, users: 800, seed: 11))
        try withTemporaryDirectory { dir in
            try GenericFormatWriter.write(original, to: dir.path + "/demo")
            var (read, report) = try DatasetImporter.load(directory: dir.path + "/demo")
            #expect(report.source == "generic")
            #expect(read.name == "demo")
            read.name = original.name
            #expect(read == original)
        }
    }

    @Test func quotesAndOddValuesRoundTrip() throws {
        let original = Dataset(
            name: "odd",
            userIDs: ["a,b", "say \"hi\""],
            items: [ItemRecord(id: "x\ny", title: " spaced, \"quoted\" ", categories: ["C, D", "é"], tags: ["t"]),
                    ItemRecord(id: "plain")],
            interactionUsers: [0, 1, 0],
            interactionItems: [1, 0, 0],
            interactionWeights: [0.1, 3.4028235e38, 0],
            interactionTimestamps: [-1, 0, Int64.max]
        )
        try withTemporaryDirectory { dir in
            try GenericFormatWriter.write(original, to: dir.path + "/odd")
            let (read, _) = try DatasetImporter.load(directory: dir.path + "/odd")
            #expect(read == original)
        }
    }

    @Test func rejectsSeparatorInsideACategory() throws {
        let dataset = Dataset(name: "bad", userIDs: [], items: [ItemRecord(id: "a", categories: ["x|y"])],
                              interactionUsers: [], interactionItems: [], interactionWeights: [], interactionTimestamps: [])
        try withTemporaryDirectory { dir in
            #expect(throws: GenericFormatWriter.WriteError.self) { try GenericFormatWriter.write(dataset, to: dir.path) }
        }
    }
}
