import RankingCore

/// A deterministic generator for tests (64-bit LCG, Knuth's MMIX constants).
struct TestRandom {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 11
    }
    mutating func int(_ range: Range<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func float() -> Float { Float(next() % 1_000_000) / 1_000_000 }
    mutating func bool() -> Bool { next() % 2 == 0 }
}

enum TestModels {
    static let categories = ["action", "comedy", "drama", "horror"]

    /// A random but consistent model: `items` items with 0–2 categories, `users` users with
    /// random histories, random factors and content, neighbour lists and popularity.
    static func random(items: Int, users: Int, dimension: Int = 4, seed: UInt64 = 1) -> RecommenderModel {
        var rng = TestRandom(seed)
        let categoryRows: [[(column: Int32, value: Float)]] = (0..<items).map { _ in
            var chosen = Set<Int32>()
            for _ in 0..<rng.int(0..<3) { chosen.insert(Int32(rng.int(0..<categories.count))) }
            return chosen.sorted().map { (column: $0, value: 1) }
        }
        let catalog = Catalog(itemIDs: (0..<items).map { "i\($0)" }, titles: (0..<items).map { "Item \($0)" },
                              categoryNames: categories, itemCategories: SparseRows(rows: categoryRows))
        let histories: [[(column: Int32, value: Float)]] = (0..<users).map { _ in
            var chosen = Set<Int32>()
            for _ in 0..<rng.int(0..<min(items, 6)) { chosen.insert(Int32(rng.int(0..<items))) }
            return chosen.sorted().map { (column: $0, value: rng.float() + 0.01) }
        }
        func matrix(_ rows: Int, _ d: Int) -> FactorMatrix {
            FactorMatrix(rows: rows, dimension: d, values: (0..<(rows * d)).map { _ in rng.float() * 2 - 1 })
        }
        func neighbours() -> SparseRows {
            SparseRows(rows: (0..<items).map { item in
                var chosen = Set<Int32>()
                for _ in 0..<rng.int(0..<4) {
                    let other = Int32(rng.int(0..<items))
                    if other != Int32(item) { chosen.insert(other) }
                }
                return chosen.sorted().map { (column: $0, value: rng.float()) }
            })
        }
        var content = matrix(items, 3)
        for r in 0..<items where rng.int(0..<5) == 0 { for j in 0..<3 { content.values[r * 3 + j] = 0 } }
        return RecommenderModel(
            version: "test-\(seed)", catalog: catalog, userIDs: (0..<users).map { "u\($0)" },
            userFactors: matrix(users, dimension), itemFactors: matrix(items, dimension),
            histories: SparseRows(rows: histories), contentVectors: content,
            popularity: (0..<items).map { _ in Float(rng.int(0..<50)) },
            contentNeighbours: neighbours(), collaborativeNeighbours: neighbours())
    }
}

/// Fails the named stages for every request.
struct FailingStages: StageFaultInjector {
    struct Injected: Error, CustomStringConvertible {
        let stage: RankingStage
        var description: String { "injected failure of \(stage.rawValue)" }
    }
    let stages: Set<RankingStage>
    func check(_ stage: RankingStage, userID: String) throws {
        if stages.contains(stage) { throw Injected(stage: stage) }
    }
}
