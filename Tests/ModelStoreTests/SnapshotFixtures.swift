import Foundation
import RankingCore
@testable import ModelStore

/// Models and files for the snapshot tests.
enum SnapshotFixtures {
    /// Three items, four users, hand-written: unicode ids and titles, an item with no
    /// categories, a user with an empty history, empty neighbour rows.
    static func smallModel() -> RecommenderModel {
        let catalog = Catalog(
            itemIDs: ["m1", "film-ü", "映画-3"],
            titles: ["Amélie", "Ночной дозор", "千と千尋の神隠し 🎏"],
            categoryNames: ["Comedy", "Fantasy", "Drama"],
            itemCategories: SparseRows(rows: [[(0, 1), (1, 1)], [], [(1, 1), (2, 1)]]))
        return RecommenderModel(
            version: "small-2026-12-01",
            catalog: catalog,
            userIDs: ["alice", "bøb", "用户7", ""],
            userFactors: FactorMatrix(rows: 4, dimension: 2, values: [0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0, 0]),
            itemFactors: FactorMatrix(rows: 3, dimension: 2, values: [1, 0, 0.5, 0.5, -1, 2]),
            histories: SparseRows(rows: [[(0, 1.5), (2, 0.25)], [], [(1, 3)], []]),
            contentVectors: FactorMatrix(rows: 3, dimension: 3, values: [0.6, 0.8, 0, 0, 0, 0, 0, 0.6, 0.8]),
            popularity: [3, 0, 1.25],
            contentNeighbours: SparseRows(rows: [[(2, 0.9)], [], [(0, 0.9)]]),
            collaborativeNeighbours: SparseRows(rows: [[], [], []]))
    }

    /// A deterministic synthetic model of any size (splitmix64 values, a few history entries
    /// and neighbours per row); values are random, so most chunks are stored, not compressed,
    /// while the integer arrays and ids compress.
    static func syntheticModel(items: Int, users: Int, dimension: Int, contentDimension: Int = 16,
                               perRow: Int = 8) -> RecommenderModel {
        var rng = SplitMix64(seed: 42)
        func floats(_ n: Int) -> [Float] {
            [Float](unsafeUninitializedCapacity: n) { buffer, initialized in
                for i in 0 ..< n { buffer[i] = Float(Int64(bitPattern: rng.next() >> 40) - (1 << 23)) / Float(1 << 23) }
                initialized = n
            }
        }
        func rows(_ count: Int) -> SparseRows {
            var offsets = [Int64](repeating: 0, count: count + 1)
            var columns: [Int32] = []
            columns.reserveCapacity(count * perRow)
            for row in 0 ..< count {
                for _ in 0 ..< perRow { columns.append(Int32(truncatingIfNeeded: rng.next() % UInt64(items))) }
                offsets[row + 1] = Int64(columns.count)
            }
            return SparseRows(offsets: offsets, columns: columns, values: floats(columns.count).map { abs($0) })
        }
        let categories = 20
        var categoryOffsets: [Int64] = [0]
        var categoryColumns: [Int32] = []
        for item in 0 ..< items {
            categoryColumns.append(Int32(item % categories))
            if item % 3 == 0 { categoryColumns.append(Int32((item / 3) % categories)) }
            categoryOffsets.append(Int64(categoryColumns.count))
        }
        let catalog = Catalog(
            itemIDs: (0 ..< items).map { "item-\($0)" },
            titles: (0 ..< items).map { "Title \($0) — №\($0 % 97)" },
            categoryNames: (0 ..< categories).map { "category-\($0)" },
            itemCategories: SparseRows(offsets: categoryOffsets, columns: categoryColumns,
                                       values: [Float](repeating: 1, count: categoryColumns.count)))
        return RecommenderModel(
            version: "synthetic-\(items)x\(users)x\(dimension)", catalog: catalog,
            userIDs: (0 ..< users).map { "u\($0)" },
            userFactors: FactorMatrix(rows: users, dimension: dimension, values: floats(users * dimension)),
            itemFactors: FactorMatrix(rows: items, dimension: dimension, values: floats(items * dimension)),
            histories: rows(users),
            contentVectors: FactorMatrix(rows: items, dimension: contentDimension, values: floats(items * contentDimension)),
            popularity: floats(items).map { abs($0) * 100 },
            contentNeighbours: rows(items), collaborativeNeighbours: rows(items))
    }

    /// Runs `body` with a fresh directory, removed afterwards.
    static func withTemporaryDirectory<R>(_ body: (String) throws -> R) throws -> R {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("snapshot-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    static func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// The error reading `path` throws, or nil when it reads.
    static func readError(_ path: String) -> SnapshotError? {
        do {
            _ = try ModelSnapshot.read(from: path)
            return nil
        } catch let error as SnapshotError {
            return error
        } catch {
            return SnapshotError(.io, path: path, reason: "unexpected error type: \(error)")
        }
    }
}

/// splitmix64 (Vigna): a tiny deterministic generator, so fixtures are the same on every run.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
