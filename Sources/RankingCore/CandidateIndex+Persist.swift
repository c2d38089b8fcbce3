/// A candidate index as plain data, for a snapshot to store (docs/model-format.md, section
/// `candidateIndex`) so serving does not rebuild it at load (docs/scaling.md, "Load time").
///
/// The item vectors in list order are not stored: their 8-bit codes are computed from the
/// model's item factors at restore (`listItems` is the permutation), so a persisted index
/// cannot carry vectors that disagree with the model. `itemFactorsFingerprint` ties the lists, centroids and
/// residual norms to the exact factors they were built from; `CandidateIndex(restoring:)`
/// refuses parts whose fingerprint or shape does not match, and the `Ranker` then rebuilds.
public struct CandidateIndexParts: Sendable, Equatable {
    public var dimension: Int
    public var itemCount: Int
    public var listCount: Int
    public var centroids: [Float]
    public var listOffsets: [Int32]
    public var listItems: [Int32]
    public var residuals: [Float]
    /// `CandidateIndex.fingerprint(of:)` of the item factors the index was built over.
    public var itemFactorsFingerprint: UInt64

    public init(dimension: Int, itemCount: Int, listCount: Int, centroids: [Float], listOffsets: [Int32],
                listItems: [Int32], residuals: [Float], itemFactorsFingerprint: UInt64) {
        self.dimension = dimension
        self.itemCount = itemCount
        self.listCount = listCount
        self.centroids = centroids
        self.listOffsets = listOffsets
        self.listItems = listItems
        self.residuals = residuals
        self.itemFactorsFingerprint = itemFactorsFingerprint
    }
}

extension CandidateIndex {
    /// The index as plain data, with the fingerprint of `vectors` (the factors it indexes).
    public func parts(indexing vectors: FactorMatrix) -> CandidateIndexParts {
        CandidateIndexParts(dimension: dimension, itemCount: itemCount, listCount: listCount, centroids: centroids,
                            listOffsets: listOffsets, listItems: listItems, residuals: residuals,
                            itemFactorsFingerprint: CandidateIndex.fingerprint(of: vectors))
    }

    /// Rebuilds the index from `parts` over `vectors`, or nil when the parts do not describe an
    /// index over exactly these vectors: wrong shape, offsets that do not partition the items,
    /// `listItems` not a permutation, residuals not descending within a list or not finite, or
    /// a fingerprint that differs (the factors changed since the index was built).
    public init?(restoring parts: CandidateIndexParts, vectors: FactorMatrix,
                 probes: Int? = nil) {
        let n = vectors.rows, d = vectors.dimension, lists = parts.listCount
        guard parts.itemCount == n, parts.dimension == d, n > 0, d > 0, lists >= 1, lists <= n,
              parts.centroids.count == lists * d, parts.listOffsets.count == lists + 1,
              parts.listItems.count == n, parts.residuals.count == n,
              parts.listOffsets.first == 0, parts.listOffsets.last == Int32(n),
              !parts.centroids.contains(where: { !$0.isFinite }) else { return nil }
        for list in 0..<lists {
            let start = Int(parts.listOffsets[list]), end = Int(parts.listOffsets[list + 1])
            guard start <= end else { return nil }
            var previous = Float.infinity
            for position in start..<end {
                let r = parts.residuals[position]
                guard r.isFinite, r >= 0, r <= previous else { return nil }
                previous = r
            }
        }
        var seen = [Bool](repeating: false, count: n)
        for item in parts.listItems {
            guard item >= 0, Int(item) < n, !seen[Int(item)] else { return nil }
            seen[Int(item)] = true
        }
        guard CandidateIndex.fingerprint(of: vectors) == parts.itemFactorsFingerprint else { return nil }
        var listVectors = [Float](repeating: 0, count: n * d)
        listVectors.withUnsafeMutableBufferPointer { out in
            vectors.values.withUnsafeBufferPointer { source in
                for (slot, item) in parts.listItems.enumerated() {
                    (out.baseAddress! + slot * d).update(from: source.baseAddress! + Int(item) * d, count: d)
                }
            }
        }
        self.init(dimension: d, itemCount: n, listCount: lists, centroids: parts.centroids,
                  listOffsets: parts.listOffsets, listItems: parts.listItems,
                  listVectors: FactorMatrix(rows: n, dimension: d, values: listVectors),
                  residuals: parts.residuals, vectors: vectors,
                  probes: probes ?? CandidateIndex.defaultProbes(items: n, lists: lists))
    }

    /// A 64-bit fingerprint of a factor matrix's shape and exact bits (four independent
    /// multiply–rotate lanes over the 64-bit words, then mixed): any changed value, row or
    /// dimension changes it with overwhelming probability. ~50 ms per 256 MB on one core.
    public static func fingerprint(of matrix: FactorMatrix) -> UInt64 {
        let prime1: UInt64 = 0x9E37_79B1_85EB_CA87, prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
        @inline(__always) func round(_ acc: UInt64, _ word: UInt64) -> UInt64 {
            let a = acc &+ word &* prime2
            return ((a << 31) | (a >> 33)) &* prime1
        }
        var lanes: (UInt64, UInt64, UInt64, UInt64) = (prime1, prime2, UInt64(matrix.rows), UInt64(matrix.dimension))
        var tail: UInt64 = 0
        matrix.values.withUnsafeBytes { raw in
            let words = raw.count / 8
            var i = 0
            while i + 4 <= words {
                lanes.0 = round(lanes.0, raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
                lanes.1 = round(lanes.1, raw.loadUnaligned(fromByteOffset: (i + 1) * 8, as: UInt64.self))
                lanes.2 = round(lanes.2, raw.loadUnaligned(fromByteOffset: (i + 2) * 8, as: UInt64.self))
                lanes.3 = round(lanes.3, raw.loadUnaligned(fromByteOffset: (i + 3) * 8, as: UInt64.self))
                i += 4
            }
            while i < words {
                tail = round(tail, raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
                i += 1
            }
            for b in (words * 8)..<raw.count { tail = round(tail, UInt64(raw[b])) }
        }
        var h = UInt64(matrix.values.count) &* prime1
        for lane in [lanes.0, lanes.1, lanes.2, lanes.3, tail] { h = round(h ^ round(0, lane), 0x1656_67B1) }
        h ^= h >> 33; h = h &* prime2; h ^= h >> 29; h = h &* prime1; h ^= h >> 32
        return h
    }
}
