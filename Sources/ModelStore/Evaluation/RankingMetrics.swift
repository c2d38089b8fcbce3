import Foundation

/// recall@K and NDCG@K of one ranked list against a user's held-out items (SPEC §2: the recall
/// denominator is min(K, held-out count), binary relevance, log2 discounts).
public enum RankingMetrics {
    public static func recall(recommended: [Int32], heldOut: Set<Int32>, k: Int) -> Double {
        guard !heldOut.isEmpty, k > 0 else { return 0 }
        let hits = recommended.prefix(k).filter(heldOut.contains).count
        return Double(hits) / Double(min(k, heldOut.count))
    }

    public static func ndcg(recommended: [Int32], heldOut: Set<Int32>, k: Int) -> Double {
        guard !heldOut.isEmpty, k > 0 else { return 0 }
        var dcg = 0.0
        for (rank, item) in recommended.prefix(k).enumerated() where heldOut.contains(item) {
            dcg += 1 / log2(Double(rank + 2))
        }
        let ideal = (0..<min(k, heldOut.count)).reduce(0.0) { $0 + 1 / log2(Double($1 + 2)) }
        return dcg / ideal
    }
}
