import Testing
import RankingCore
@testable import Server

@Suite struct ModelHolderTests {
    /// History lengths 3, 0, 5, 3, 1 → the 3 most active are u2 (5), then u0 and u3 (3, by index).
    @Test func mostActiveUsersByHistoryLength() {
        let lengths = [3, 0, 5, 3, 1]
        let histories = SparseRows(rows: lengths.map { n in (0..<n).map { (column: Int32($0), value: Float(1)) } })
        let items = 5
        let model = RecommenderModel(
            version: "t", catalog: Catalog(itemIDs: (0..<items).map { "i\($0)" }, titles: Array(repeating: "", count: items),
                                           categoryNames: [], itemCategories: .emptyRows(items)),
            userIDs: (0..<lengths.count).map { "u\($0)" },
            userFactors: FactorMatrix(rows: lengths.count, dimension: 1), itemFactors: FactorMatrix(rows: items, dimension: 1),
            histories: histories, contentVectors: FactorMatrix(rows: items, dimension: 1),
            popularity: [Float](repeating: 0, count: items),
            contentNeighbours: .emptyRows(items), collaborativeNeighbours: .emptyRows(items))
        #expect(ModelHolder.mostActive(model, count: 3) == ["u2", "u0", "u3"])
        #expect(ModelHolder.mostActive(model, count: 1) == ["u2"])
        #expect(ModelHolder.mostActive(model, count: 10) == ["u2", "u0", "u3", "u4", "u1"])
        #expect(ModelHolder.mostActive(model, count: 0).isEmpty)
    }
}
