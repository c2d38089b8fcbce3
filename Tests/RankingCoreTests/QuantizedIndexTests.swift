import Testing
@testable import RankingCore

/// The candidate index's 8-bit scan (docs/scaling.md, "The index"): whatever the approximate
/// scan picks, the answer's scores are exact `Float` dot products; with the exact bound and
/// every list probed the answer is the exact top-k; the probe selection is the exact top by
/// key; and the codes hold a quarter of the bytes the `Float` copy did.
@Suite struct QuantizedIndexTests {
    /// Clustered factors like SyntheticFactors': `clusters` centres plus noise, log-normal-ish norms.
    private func clustered(items: Int, dimension d: Int, clusters: Int, seed: UInt64) -> FactorMatrix {
        var rng = TestRandom(seed)
        func gaussian() -> Float {
            // The sum of 3 uniforms, centred and scaled to variance 1: bell-shaped enough here.
            (rng.float() + rng.float() + rng.float() - 1.5) * 2
        }
        let centres = (0..<(clusters * d)).map { _ in gaussian() }
        var values = [Float](repeating: 0, count: items * d)
        for item in 0..<items {
            let c = rng.int(0..<clusters)
            let scale = 0.5 + rng.float()
            for j in 0..<d { values[item * d + j] = scale * (centres[c * d + j] + 0.7 * gaussian()) / Float(d).squareRoot() }
        }
        return FactorMatrix(rows: items, dimension: d, values: values)
    }

    private func exactTop(_ vectors: FactorMatrix, _ query: [Float], k: Int) -> [(item: Int32, score: Float)] {
        query.withUnsafeBufferPointer { CandidateIndex.exactTopK(vectors, $0.baseAddress!, k: k) }
    }

    @Test func scoresAreExactFloatDotProducts() {
        let vectors = clustered(items: 2_000, dimension: 64, clusters: 40, seed: 3)
        let index = CandidateIndex.build(vectors, iterations: 2)  // debug builds are slow at k-means
        var rng = TestRandom(17)
        for _ in 0..<20 {
            let query = (0..<64).map { _ in rng.float() * 2 - 1 }
            let found = query.withUnsafeBufferPointer { index.topK($0.baseAddress!, k: 10) }
            #expect(found.count == 10)
            for (item, score) in found {
                let exact = query.withUnsafeBufferPointer { q in
                    vectors.withRow(Int(item)) { VectorMath.dot(q.baseAddress!, $0.baseAddress!, count: 64) }
                }
                #expect(score == exact)
            }
            #expect(zip(found, found.dropFirst()).allSatisfy { $0.score > $1.score || ($0.score == $1.score && $0.item < $1.item) })
        }
    }

    @Test func exactBoundAndEveryListProbedFindTheExactTopK() {
        // d = 64, where the serving bound factor is 0.5: with 1 the scan only skips items that
        // provably cannot qualify, so all that can go wrong is the 8-bit codes' ranking.
        let vectors = clustered(items: 2_000, dimension: 64, clusters: 50, seed: 5)
        var index = CandidateIndex.build(vectors, iterations: 2)
        #expect(index.boundFactor == 0.5)
        index.boundFactor = 1
        var rng = TestRandom(23)
        var hits = 0
        for _ in 0..<30 {
            let query = (0..<64).map { _ in rng.float() * 2 - 1 }
            let found = query.withUnsafeBufferPointer { index.topK($0.baseAddress!, k: 10, probes: index.listCount) }
            hits += Set(found.map(\.item)).intersection(exactTop(vectors, query, k: 10).map(\.item)).count
        }
        // 20 re-scored per 10 wanted: the true top 10 sits well inside the approximate top 20.
        #expect(hits == 300)
    }

    @Test func relaxedBoundAndRadiusOrderKeepRecall() {
        // A fifth of the lists probed: the serving bound (z/√d = 0.5) and probe order must find
        // what the exact bound with the centroid order finds, within a point or two of recall.
        let vectors = clustered(items: 5_000, dimension: 64, clusters: 150, seed: 9)
        let serving = CandidateIndex.build(vectors, probes: 28, iterations: 4)
        #expect(serving.listCount == 141 && serving.boundFactor == 0.5 && serving.probeRadiusWeight == 0.15)
        var exact = serving
        (exact.boundFactor, exact.probeRadiusWeight) = (1, 0)
        var rng = TestRandom(29)
        var hits = (serving: 0, exact: 0)
        for _ in 0..<50 {
            let query = (0..<64).map { _ in rng.float() * 2 - 1 }
            let truth = Set(exactTop(vectors, query, k: 10).map(\.item))
            let a = query.withUnsafeBufferPointer { serving.topK($0.baseAddress!, k: 10) }
            let b = query.withUnsafeBufferPointer { exact.topK($0.baseAddress!, k: 10) }
            hits.serving += truth.intersection(a.map(\.item)).count
            hits.exact += truth.intersection(b.map(\.item)).count
        }
        #expect(hits.serving + 10 >= hits.exact, "recall@10 \(hits)")
        #expect(Double(hits.serving) / 500 >= 0.9, "recall@10 \(hits)")
    }

    @Test func probeSelectionIsTheExactTopByKeyWithTheBestSortedFirst() {
        var rng = TestRandom(31)
        for trial in 0..<300 {
            let count = [1, 2, 7, 16, 100, 633, 2_000][trial % 7]
            let keep = [1, 3, 16, 96, 128, count, count + 5][rng.int(0..<7)]
            // Coarse keys, so there are ties; now and then a NaN.
            let keys: [Float] = (0..<count).map { _ in rng.int(0..<50) == 0 ? .nan : Float(rng.int(0..<40)) - 20 }
            let order = UnsafeMutablePointer<UInt64>.allocate(capacity: count)
            defer { order.deallocate() }
            keys.withUnsafeBufferPointer { CandidateIndex.selectProbes($0.baseAddress!, count: count, keep: keep, into: order) }
            let kept = min(keep, count)
            func better(_ a: Int, _ b: Int) -> Bool {
                let (x, y) = (keys[a].isNaN ? -Float.infinity : keys[a], keys[b].isNaN ? -Float.infinity : keys[b])
                return x > y || (x == y && a < b)
            }
            let expected = (0..<count).sorted(by: better)
            let chosen = (0..<kept).map { CandidateIndex.index(of: order[$0]) }
            #expect(Set(chosen) == Set(expected.prefix(kept)), "count \(count) keep \(keep)")
            let sorted = min(kept, RankingDefaults.indexSortedProbes)
            #expect(Array(chosen.prefix(sorted)) == Array(expected.prefix(sorted)), "count \(count) keep \(keep)")
        }
    }

    /// The fewest lists whose average size covers `indexProbedItems` (all lists if that is
    /// more than there are).
    @Test(arguments: [(1_000_000, 2_000), (100_000, 632), (50_000, 447), (5_000, 141)])
    func defaultProbesCoverTheConfiguredItems(items: Int, lists: Int) {
        let probes = CandidateIndex.defaultProbes(items: items, lists: lists)
        let average = Double(items) / Double(lists)
        let wanted = Double(RankingDefaults.indexProbedItems)
        #expect(probes >= 1 && probes <= lists)
        if probes < lists {
            #expect(Double(probes) * average >= wanted - 1e-6 && Double(probes - 1) * average < wanted)
        } else {
            #expect(Double(lists - 1) * average < wanted)
        }
    }

    @Test func defaultProbesOfTinyCatalogs() {
        #expect(CandidateIndex.defaultProbes(items: 1, lists: 1) == 1)
        #expect(CandidateIndex.defaultProbes(items: 0, lists: 0) == 1)
    }

    @Test func anEmptyHeapAsksForNothing() {
        let vectors = clustered(items: 500, dimension: 16, clusters: 10, seed: 2)
        let index = CandidateIndex.build(vectors)
        var scratch = index.makeScratch()
        var heap = TopK(capacity: 0)
        let query = [Float](repeating: 1, count: 16)
        query.withUnsafeBufferPointer { index.search($0.baseAddress!, scratch: &scratch, into: &heap) }
        #expect(heap.count == 0)
        // A zero query scores everything 0: still k items, exact (zero) scores.
        let zero = [Float](repeating: 0, count: 16)
        let found = zero.withUnsafeBufferPointer { index.topK($0.baseAddress!, k: 5) }
        #expect(found.count == 5 && found.allSatisfy { $0.score == 0 })
    }

    @Test func codesHoldAQuarterOfTheFloatBytes() {
        let vectors = clustered(items: 2_000, dimension: 64, clusters: 50, seed: 4)
        let index = CandidateIndex.build(vectors, iterations: 1)
        // 64 code bytes + a 4-byte scale per item, plus ids, residuals and the centroids.
        #expect(index.listCodes.residentBytes == 2_000 * 68)
        let centroidBytes = index.centroids.count * 4 + index.centroidCodes.residentBytes
        #expect(index.residentBytes - centroidBytes == 2_000 * (68 + 8) + index.listCount * 4 + (index.listCount + 1) * 4)
        #expect((index.residentBytes - centroidBytes) * 3 < vectors.values.count * 4)
    }
}
