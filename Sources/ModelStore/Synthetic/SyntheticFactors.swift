import Dispatch
import Foundation
import RankingCore

/// A large model generated directly as arrays (no dataset, no ALS): for benchmarks of the
/// ranking core at 10^4–10^6 items and up to 10^7 users (docs/scaling.md).
///
/// Factor-like vectors with the structure mips_baseline.py uses: items are one of `clusters`
/// taste centres plus noise, unit-normalised then scaled by a log-normal norm (popular items
/// have larger norms); users are the sum of two centres plus noise. Histories are a few
/// random items, neighbour lists are random members of the item's own cluster, content
/// vectors are the cluster's content centre plus noise.
public enum SyntheticFactors {
    public static func model(items: Int, users: Int, dimension d: Int = 64, contentDimension c: Int = 16,
                             historyLength: Int = 5, neighbours: Int = 20, seed: UInt64 = 1) -> RecommenderModel {
        let clusters = max(1, min(2_000, items / 10))
        var random = SeededRandom(seed: seed, stream: 1)
        let centres = (0..<(clusters * d)).map { _ in gaussian(&random) }
        let contentCentres = (0..<(clusters * c)).map { _ in gaussian(&random) }
        let itemCluster = (0..<items).map { _ in Int32(random.below(clusters)) }

        let itemFactors = rows(items, d, seed: seed &+ 2) { row, out, rng in
            let centre = Int(itemCluster[row]) * d
            var norm: Float = 0
            for j in 0..<d { out[j] = centres[centre + j] + 0.7 * gaussian(&rng); norm += out[j] * out[j] }
            let scale = Float(exp(0.35 * Double(gaussian(&rng)))) / max(norm.squareRoot(), 1e-6)
            for j in 0..<d { out[j] *= scale }
        }
        let userFactors = rows(users, d, seed: seed &+ 3) { _, out, rng in
            let a = rng.below(clusters) * d, b = rng.below(clusters) * d
            for j in 0..<d { out[j] = 0.1 * (centres[a + j] + centres[b + j] + 0.7 * gaussian(&rng)) }
        }
        let content = rows(items, c, seed: seed &+ 4) { row, out, rng in
            let centre = Int(itemCluster[row]) * c
            var norm: Float = 0
            for j in 0..<c { out[j] = contentCentres[centre + j] + 0.5 * gaussian(&rng); norm += out[j] * out[j] }
            for j in 0..<c { out[j] /= max(norm.squareRoot(), 1e-6) }
        }

        var historyColumns = [Int32](repeating: 0, count: users * historyLength)
        var historyValues = [Float](repeating: 0, count: users * historyLength)
        for u in 0..<users {
            for h in 0..<historyLength {
                historyColumns[u * historyLength + h] = Int32(random.below(items))
                historyValues[u * historyLength + h] = Float(h + 1) / Float(historyLength)
            }
        }
        let histories = SparseRows(offsets: (0...users).map { Int64($0 * historyLength) },
                                   columns: historyColumns, values: historyValues)

        // Items by cluster, then each item's neighbours: random members of its cluster.
        var members = [[Int32]](repeating: [], count: clusters)
        for item in 0..<items { members[Int(itemCluster[item])].append(Int32(item)) }
        var neighbourColumns: [Int32] = []
        var neighbourValues: [Float] = []
        var neighbourOffsets: [Int64] = [0]
        neighbourColumns.reserveCapacity(items * neighbours)
        neighbourValues.reserveCapacity(items * neighbours)
        for item in 0..<items {
            let group = members[Int(itemCluster[item])]
            for n in 0..<min(neighbours, group.count - 1) {
                let other = group[random.below(group.count)]
                if other == Int32(item) { continue }  // a list may come out one short
                neighbourColumns.append(other)
                neighbourValues.append(1 - Float(n) / Float(neighbours + 1))
            }
            neighbourOffsets.append(Int64(neighbourColumns.count))
        }
        let lists = SparseRows(offsets: neighbourOffsets, columns: neighbourColumns, values: neighbourValues)

        let categoryNames = (0..<20).map { "category-\($0)" }
        let catalog = Catalog(
            itemIDs: (0..<items).map { "i\($0)" }, titles: [String](repeating: "", count: items),
            categoryNames: categoryNames,
            itemCategories: SparseRows(offsets: (0...items).map { Int64($0) },
                                       columns: itemCluster.map { $0 % 20 }, values: [Float](repeating: 1, count: items)))
        var popularity = [Float](repeating: 0, count: items)
        for item in 0..<items {
            var s: Float = 0
            for j in 0..<d { s += itemFactors.values[item * d + j] * itemFactors.values[item * d + j] }
            popularity[item] = s.squareRoot()
        }
        return RecommenderModel(
            version: "synthetic-factors-\(items)x\(users)x\(d)", catalog: catalog,
            userIDs: (0..<users).map { "u\($0)" }, userFactors: userFactors, itemFactors: itemFactors,
            histories: histories, contentVectors: content, popularity: popularity,
            contentNeighbours: lists, collaborativeNeighbours: lists)
    }

    /// A rows × width matrix filled in parallel chunks, each chunk with its own seeded stream.
    static func rows(_ count: Int, _ width: Int, seed: UInt64,
                     _ fill: @Sendable (Int, UnsafeMutablePointer<Float>, inout SeededRandom) -> Void) -> FactorMatrix {
        var values = [Float](repeating: 0, count: count * width)
        let chunk = 65_536
        values.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let base = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: (count + chunk - 1) / chunk) { k in
                var rng = SeededRandom(seed: seed, stream: UInt64(k) + 100)
                for row in (k * chunk)..<min(count, (k + 1) * chunk) { fill(row, base + row * width, &rng) }
            }
        }
        return FactorMatrix(rows: count, dimension: width, values: values)
    }

    /// A standard normal (Box–Muller).
    static func gaussian(_ random: inout SeededRandom) -> Float {
        let u = max(random.unit(), 1e-300), v = random.unit()
        return Float((-2 * log(u)).squareRoot() * cos(2 * Double.pi * v))
    }
}
