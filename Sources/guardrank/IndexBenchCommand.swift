import ArgumentParser
import Foundation
import ModelStore
import RankingCore

/// `guardrank index-bench --items items.npy --queries queries.npy [--truth truth.npy] [--json]`
/// (SPEC §9): builds the candidate index over the item vectors exactly as serving does, answers
/// the queries one at a time on one thread and reports recall@10, latency, build time, bytes.
struct IndexBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index-bench",
        abstract: "Candidate-index recall@10 and single-thread latency on .npy item and query vectors."
    )

    @Option(help: "Item vectors: float32 .npy, rows × d.") var items: String
    @Option(help: "Query vectors: float32 .npy, rows × d.") var queries: String
    @Option(help: "Exact top-10 item ids per query: int64 .npy (computed exactly when absent).") var truth: String?
    @Option(help: "Lists scanned per query (default: the serving value, CandidateIndex.defaultProbes).") var probes: Int?
    @Option(help: "Lists per √n items (default: as serving; 0 = no index, an exact scan of every item).") var listsPerRoot: Double?
    @Option(help: "Approximate candidates re-scored exactly per query (default: as serving for k = 10).") var rescored: Int?
    @Option(help: "Factor of ‖q‖·‖x − c‖ in the early stop (default: as serving; 1 = the exact bound).") var boundFactor: Float?
    @Option(help: "Weight of a list's largest residual in the probe order (default: as serving; 0 = q·c only).") var radiusWeight: Float?
    @Flag(help: "Print one JSON object on stdout.") var json = false

    struct Output: Encodable {
        let recall_at_10: Double
        let median_us: Double
        let p99_us: Double
        let build_s: Double
        let bytes: Int
        let process_resident_bytes: Int
        let items: Int
        let queries: Int
        let lists: Int
        let probes: Int
        let rescored: Int
        let bound_factor: Float
        let radius_weight: Float
    }

    func run() throws {
        let k = 10
        func load(_ path: String) throws -> NumpyArray {
            do { return try NumpyArray.read(path) } catch { throw CommandLineIO.badInput("index-bench", "\(error)") }
        }
        let itemArray = try load(items)
        let queryArray = try load(queries)
        guard let itemValues = itemArray.floats, let queryValues = queryArray.floats else {
            throw CommandLineIO.badInput("index-bench", "items and queries must be float32 arrays")
        }
        let d = itemArray.columns
        guard queryArray.columns == d, itemArray.rows >= k else {
            throw CommandLineIO.badInput("index-bench", "items are \(itemArray.rows) × \(d), queries \(queryArray.rows) × \(queryArray.columns)")
        }
        let vectors = FactorMatrix(rows: itemArray.rows, dimension: d, values: itemValues)
        let queryCount = queryArray.rows

        let started = ProcessMemory.now()
        // As serving: below the threshold the Ranker scores every item exactly (no index);
        // `--lists-per-root 0` asks for the same: an exact scan of every item in `Float`.
        let servingLists = vectors.rows < RankingDefaults.indexThreshold ? 0 : RankingDefaults.indexListsPerRootItem
        let lists = listsPerRoot ?? servingLists
        var index: CandidateIndex? = nil
        if lists > 0 {
            var built = CandidateIndex.build(vectors, listsPerRootItem: lists)
            if let probes { built.probes = probes }
            if let rescored { (built.rescoredPerResult, built.rescoredMinimum) = (0, rescored) }
            if let boundFactor { built.boundFactor = boundFactor }
            if let radiusWeight { built.probeRadiusWeight = radiusWeight }
            index = built
        }
        let buildSeconds = Double(ProcessMemory.now() - started) / 1e9

        var searcher = index.map { CandidateSearcher(index: $0) }
        func search(_ query: UnsafePointer<Float>, into out: UnsafeMutablePointer<Int32>) {
            if searcher != nil {
                _ = searcher!.search(query, k: k, into: out)
            } else {
                for (i, hit) in CandidateIndex.exactTopK(vectors, query, k: k).enumerated() { out[i] = hit.item }
            }
        }
        var found = [Int32](repeating: -1, count: queryCount * k)
        var latencies = [Double](repeating: 0, count: queryCount)
        queryValues.withUnsafeBufferPointer { q in
            found.withUnsafeMutableBufferPointer { out in
                for i in 0..<min(queryCount, 100) {  // warm-up: page in the lists, as a serving process is
                    search(q.baseAddress! + i * d, into: out.baseAddress! + i * k)
                }
                for i in 0..<queryCount {
                    let t0 = ProcessMemory.now()
                    search(q.baseAddress! + i * d, into: out.baseAddress! + i * k)
                    latencies[i] = Double(ProcessMemory.now() - t0) / 1e3
                }
            }
        }

        let expected = try truth.map { path -> [Int64] in
            let array = try load(path)
            guard let ids = array.integers, array.rows == queryCount, array.columns >= k else {
                throw CommandLineIO.badInput("index-bench", "truth must be int64, \(queryCount) × ≥\(k)")
            }
            return (0..<queryCount).flatMap { row in ids[(row * array.columns)..<(row * array.columns + k)] }
        } ?? Self.exactTopK(vectors, queryValues, queryCount: queryCount, k: k)

        var hits = 0
        for row in 0..<queryCount {
            let want = Set(expected[(row * k)..<((row + 1) * k)])
            hits += found[(row * k)..<((row + 1) * k)].filter { want.contains(Int64($0)) }.count
        }
        latencies.sort()
        let output = Output(
            recall_at_10: Double(hits) / Double(queryCount * k),
            median_us: latencies[queryCount / 2],
            p99_us: latencies[min(queryCount - 1, Int(Double(queryCount) * 0.99))],
            build_s: buildSeconds, bytes: index?.residentBytes ?? 0, process_resident_bytes: ProcessMemory.residentBytes(),
            items: vectors.rows, queries: queryCount, lists: index?.listCount ?? 0, probes: index?.probes ?? 0,
            rescored: index?.rescored(for: k) ?? 0, bound_factor: index?.boundFactor ?? 1,
            radius_weight: index?.probeRadiusWeight ?? 0)
        if json {
            try CommandLineIO.printJSON(output)
        } else {
            if index == nil {
                print(String(format: "index-bench: %d items d=%d, exact scan (every item in Float, no index)", vectors.rows, d))
            } else {
                print(String(format: "index-bench: %d items d=%d, %d lists, probes %d, re-scored %d, bound factor %.3f, radius weight %.3f",
                             vectors.rows, d, output.lists, output.probes, output.rescored, output.bound_factor, output.radius_weight))
            }
            print(String(format: "recall@10 %.4f  median %.1f us  p99 %.1f us  build %.2f s  index %.1f MB  process RSS %.1f MB",
                         output.recall_at_10, output.median_us, output.p99_us, output.build_s,
                         Double(output.bytes) / 1e6, Double(output.process_resident_bytes) / 1e6))
        }
    }

    /// Exact top-k by brute force (every item in `Float`), when no truth file is given.
    static func exactTopK(_ vectors: FactorMatrix, _ queries: [Float], queryCount: Int, k: Int) -> [Int64] {
        var result: [Int64] = []
        queries.withUnsafeBufferPointer { q in
            for i in 0..<queryCount {
                result += CandidateIndex.exactTopK(vectors, q.baseAddress! + i * vectors.dimension, k: k).map { Int64($0.item) }
            }
        }
        return result
    }
}
