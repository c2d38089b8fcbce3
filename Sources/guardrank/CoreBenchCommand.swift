import ArgumentParser
import Foundation
import ModelStore
import RankingCore

/// `guardrank core-bench` (hidden; docs/benchmarks.md): the ranking core on a synthetic-factor
/// model — top-10 for known users, unknown users with recent items and item-to-item; index
/// recall against exact CF; one- and two-thread throughput; memory; snapshot load time.
/// The same measurements as Benchmarks/CoreBenchmarks, runnable without the benchmark package.
struct CoreBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "core-bench", abstract: "Ranking-core benchmark (synthetic factors).",
                                                    shouldDisplay: false)

    @Option var items = 10_000
    @Option var users = 100_000
    @Option var requests = 5_000
    @Option(help: "Seconds per throughput run.") var seconds = 3.0
    @Option(help: "Write the model as a snapshot here and time reading it back.") var snapshot: String?
    @Flag(help: "Force the exact path (no index) whatever the size.") var exact = false
    @Flag(inversion: .prefixedNo, help: "Exact path: scan 8-bit copies and re-score a shortlist (else every item in Float).") var shortlist = true
    @Flag(inversion: .prefixedNo, help: "Store the index in the snapshot / use it with --load (else it is rebuilt at load).") var persistIndex = true

    @Option(help: "α of the requests: 0.7 = hybrid (the default policy), 1 = collab_only.") var alpha = RankingDefaults.hybridAlpha
    @Option(help: "int8 kernel: avx512vnni, avx2, scalar (default: the best this CPU has).") var kernel: String?
    @Option(help: "Time only the benchmarks whose name starts with this (e.g. 'known', for a profile).") var only: String?

    @Option(help: "Only time loading this snapshot (a fresh process, as a server starts) and exit.") var load: String?

    @Option(help: "Index sweep (then exit): lists probed, e.g. 96,128,160; times the index's top-10 alone.") var sweepProbes: String?
    @Option(help: "Index sweep: approximate candidates re-scored exactly per search, e.g. 20,40,80.") var sweepRescored: String?
    @Flag(help: "Index sweep: also without the residual-bound early stop.") var sweepNoStop = false
    @Flag(help: "Index sweep: query with 5 recent items' factors (an unknown user) instead of user factors.") var sweepHistory = false
    @Option(help: "Index sweep: factors of the residual bound, e.g. 1,0.5 (default: as serving).") var sweepBound: String?
    @Option(help: "Index sweep: weights of a list's radius in the probe order, e.g. 0,0.2 (default: as serving).") var sweepRadius: String?

    func run() throws {
        if let load {
            let t = ProcessMemory.now()
            var loaded = try ModelSnapshot.read(from: load)
            if !persistIndex { loaded.persistedIndex = nil }  // time the old behaviour: rebuild at load
            let read = seconds(since: t)
            let ready = Ranker(model: loaded)
            print(String(format: "snapshot load %.2f s + ranker %.2f s (index %@) = %.2f s (%d items, %d users), RSS %.0f MB",
                         read, seconds(since: t) - read, "\(ready.indexOrigin)", seconds(since: t), ready.model.itemCount,
                         ready.model.userCount, Double(ProcessMemory.residentBytes()) / 1e6))
            return
        }
        let rss0 = ProcessMemory.residentBytes()
        var t = ProcessMemory.now()
        let model = SyntheticFactors.model(items: items, users: users)
        print(String(format: "generated %d items x %d users d=64 in %.2f s", items, users, seconds(since: t)))
        let rssModel = ProcessMemory.residentBytes()
        t = ProcessMemory.now()
        let threshold = exact ? .max : RankingDefaults.indexThreshold
        let ranker = Ranker(model: model, indexThreshold: threshold, quantisedShortlist: shortlist)
        print(String(format: "ranker ready in %.2f s (index: %@; int8 kernel %@)", seconds(since: t),
                     ranker.index.map { "\($0.listCount) lists, \($0.probes) probes, \($0.residentBytes / 1_000_000) MB" }
                        ?? (shortlist ? "none, exact with int8 shortlist" : "none, exact in Float"), QuantizedRows.kernelName))
        let rss1 = ProcessMemory.residentBytes()
        print(String(format: "RSS: model %.0f MB, +ranker %.0f MB; ≈ %.0f B/user (factors+history+id), %.0f B/item incl. index",
                     Double(rssModel - rss0) / 1e6, Double(rss1 - rssModel) / 1e6,
                     Double(64 * 4 + 5 * 8 + 8 + 16 + 40), Double(rss1 - rss0 - users * (64 * 4 + 5 * 8 + 8 + 16 + 40)) / Double(items)))

        if let kernel, !QuantizedRows.forceKernel(kernel) {
            throw ValidationError("--kernel \(kernel): this CPU cannot run it")
        }
        if only == "scan" {
            benchmarkScans(model)
            return
        }
        if let sweepProbes, let index = ranker.index {
            sweepIndex(model, index, probes: sweepProbes.split(separator: ",").compactMap { Int($0) },
                       rescored: (sweepRescored ?? "\(index.rescored(for: 10))").split(separator: ",").compactMap { Int($0) })
            return
        }
        let settings = RankingSettings(alpha: alpha)
        let users = self.users, items = self.items
        @Sendable func known(_ i: Int) -> RankingRequest { RankingRequest(userID: "u\((i &* 7_919) % users)") }
        func unknown(_ i: Int) -> RankingRequest {
            RankingRequest(userID: "stranger", recentItemIDs: (0..<5).map { "i\((i &* 104_729 &+ $0 &* 31) % items)" })
        }
        for (name, body) in [("known user top-10", { (i: Int) in _ = ranker.rank(known(i), settings: settings) }),
                             ("unknown user + 5 recent top-10", { (i: Int) in _ = ranker.rank(unknown(i), settings: settings) }),
                             ("item-to-item top-10", { (i: Int) in _ = ranker.similarItems(to: "i\((i &* 7_919) % items)", k: 10) })]
            where only.map({ name.hasPrefix($0) }) ?? true {
            for i in 0..<200 { body(i) }
            var latencies = [Double](repeating: 0, count: requests)
            for i in 0..<requests {
                let t0 = ProcessMemory.now()
                body(i)
                latencies[i] = Double(ProcessMemory.now() - t0) / 1e3
            }
            latencies.sort()
            print(String(format: "%@: median %.1f us  p99 %.1f us", name, latencies[requests / 2], latencies[requests * 99 / 100]))
        }

        if ranker.index == nil && shortlist {
            // The whole answer (hybrid top-10) against the all-Float ranking of the same requests.
            let reference = Ranker(model: model, indexThreshold: threshold, quantisedShortlist: false)
            var hits = 0
            for u in 0..<200 {
                let found = ranker.rank(known(u * 37), settings: settings).items.map(\.item)
                let truth = reference.rank(known(u * 37), settings: settings).items.map(\.item)
                hits += Set(found).intersection(truth).count
            }
            print(String(format: "shortlist answer recall@10 vs all-Float ranking (200 users): %.3f", Double(hits) / 2_000))
        }
        if let index = ranker.index {
            // Recall@10 of the index's CF top-10 against the exact CF top-10 (user factors · items).
            var hits = 0
            for u in 0..<200 {
                let found = model.userFactors.withRow(u * 37 % users) { index.topK($0.baseAddress!, k: 10) }
                let truth = model.userFactors.withRow(u * 37 % users) { CandidateIndex.exactTopK(model.itemFactors, $0.baseAddress!, k: 10) }
                hits += Set(found.map(\.item)).intersection(truth.map(\.item)).count
            }
            print(String(format: "index recall@10 vs exact CF (200 users): %.3f", Double(hits) / 2_000))
        }

        var rates: [Double] = []
        for threads in [1, 2] {
            let counts = UnsafeMutablePointer<Int>.allocate(capacity: threads)
            counts.initialize(repeating: 0, count: threads)
            nonisolated(unsafe) let shared = counts
            let deadline = ProcessMemory.now() + UInt64(seconds * 1e9)
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                var i = thread * 1_000_003
                while ProcessMemory.now() < deadline {
                    for _ in 0..<50 { _ = ranker.rank(known(i), settings: settings); i += 1 }
                    shared[thread] += 50
                }
            }
            let total = (0..<threads).reduce(0) { $0 + counts[$1] }
            counts.deallocate()
            rates.append(Double(total) / seconds)
            print(String(format: "%d thread(s): %.0f requests/s", threads, rates.last!))
        }
        print(String(format: "2-thread speed-up: %.2fx", rates[1] / rates[0]))

        if let snapshot {
            // The snapshot carries the index built above (as `guardrank train` would write one),
            // so the load restores it instead of rebuilding; --no-persist-index times a rebuild.
            var persisted = model
            persisted.persistedIndex = persistIndex ? ranker.index?.parts(indexing: model.itemFactors) : nil
            var options = SnapshotWriteOptions()
            options.persistIndex = persistIndex
            t = ProcessMemory.now()
            try ModelSnapshot.write(persisted, to: snapshot, options: options)
            print(String(format: "snapshot written in %.2f s", seconds(since: t)))
            t = ProcessMemory.now()
            let loaded = try ModelSnapshot.read(from: snapshot)
            let read = seconds(since: t)
            let ready = Ranker(model: loaded)
            print(String(format: "snapshot load %.2f s + ranker %.2f s (index %@) = %.2f s (%d items)", read, seconds(since: t) - read,
                         "\(ready.indexOrigin)", seconds(since: t), ready.model.itemCount))
        }
    }

    func seconds(since start: UInt64) -> Double { Double(ProcessMemory.now() - start) / 1e9 }

    /// The index alone (`CandidateSearcher`, k = 10, one thread) on the user factors, for each
    /// (probes, re-scored candidates[, early stop]) setting: recall@10 against the exact top-10
    /// of the first 300 queries, median and p99 over `requests` queries (a different user each).
    private func sweepIndex(_ model: RecommenderModel, _ index: CandidateIndex, probes: [Int], rescored: [Int]) {
        let k = 10, d = model.itemFactors.dimension
        // Known users' factors, or (--sweep-history) what an unknown user with 5 recent items
        // queries: the weighted sum of those items' factors, as `collaborativeQuery` builds it.
        var vectors = [Float](repeating: 0, count: requests * d)
        for i in 0..<requests {
            if sweepHistory {
                for h in 0..<5 {
                    let item = (i &* 104_729 &+ h &* 31) % model.itemCount
                    for j in 0..<d { vectors[i * d + j] += Float(h + 1) / 5 * model.itemFactors.values[item * d + j] }
                }
            } else {
                let user = (i &* 7_919 &+ 13) % model.userCount
                for j in 0..<d { vectors[i * d + j] = model.userFactors.values[user * d + j] }
            }
        }
        let queries = Array(0..<requests)
        let checked = min(300, requests)
        let truth = queries.prefix(checked).map { i in
            Set(vectors.withUnsafeBufferPointer { CandidateIndex.exactTopK(model.itemFactors, $0.baseAddress! + i * d, k: k) }.map(\.item))
        }
        var out = [Int32](repeating: 0, count: k)
        for stops in sweepNoStop ? [true, false] : [true] {
          for bound in (sweepBound ?? "\(index.boundFactor)").split(separator: ",").compactMap({ Float($0) }) {
           for radius in (sweepRadius ?? "\(index.probeRadiusWeight)").split(separator: ",").compactMap({ Float($0) }) {
            for p in probes {
                for c in rescored {
                    var tuned = index
                    tuned.probes = p
                    tuned.rescoredPerResult = 0
                    tuned.rescoredMinimum = c
                    tuned.stopsEarly = stops
                    tuned.boundFactor = bound
                    tuned.probeRadiusWeight = radius
                    var searcher = CandidateSearcher(index: tuned)
                    var hits = 0, rows = 0
                    var latencies = [Double](repeating: 0, count: queries.count)
                    vectors.withUnsafeBufferPointer { users in
                        for i in queries.indices { _ = searcher.search(users.baseAddress! + queries[i] * d, k: k, into: &out) }
                        for (i, user) in queries.enumerated() {
                            let t0 = ProcessMemory.now()
                            let found = searcher.search(users.baseAddress! + user * d, k: k, into: &out)
                            latencies[i] = Double(ProcessMemory.now() - t0) / 1e3
                            rows += searcher.scannedRows
                            if i < checked { hits += out[0..<found].filter { truth[i].contains($0) }.count }
                        }
                    }
                    latencies.sort()
                    print(String(format: "index sweep: bound %.2f, radius %.2f, probes %d, re-scored %d%@: recall@10 %.3f  median %.1f us  p99 %.1f us  (%.0f rows scanned)",
                                 bound, radius, p, c, stops ? "" : ", no early stop", Double(hits) / Double(checked * k),
                                 latencies[queries.count / 2], latencies[queries.count * 99 / 100], Double(rows) / Double(queries.count)))
                }
            }
           }
          }
        }
    }

    /// The bare scans, one query over and over (cache-warm): Float rows vs the int8 codes of
    /// the factors alone and of factors + content side by side (what the shortlist scans).
    private func benchmarkScans(_ model: RecommenderModel) {
        let n = model.itemCount
        var out = [Float](repeating: 0, count: n)
        let query = model.userFactors.row(0)
        func time(_ name: String, _ body: () -> Void) {
            var best = Double.infinity
            for _ in 0..<2_000 {
                let t0 = ProcessMemory.now()
                body()
                best = min(best, Double(ProcessMemory.now() - t0) / 1e3)
            }
            print(String(format: "%@ scan of %d items: best %.1f us", name, n, best))
        }
        time("Float factors (d=64)") {
            out.withUnsafeMutableBufferPointer { o in
                model.itemFactors.values.withUnsafeBufferPointer {
                    VectorMath.scoreAll(query, $0.baseAddress!, rows: n, dimension: model.itemFactors.dimension, into: o.baseAddress!)
                }
            }
        }
        for (name, rows) in [("int8 factors", QuantizedRows(model.itemFactors)),
                             ("int8 factors + content", QuantizedRows(model.itemFactors, model.contentVectors)),
                             ("int4 factors", QuantizedRows(model.itemFactors, precision: .int4)),
                             ("int4 factors + content", QuantizedRows(model.itemFactors, model.contentVectors, precision: .int4))] {
            var buffer = [Float](repeating: 0, count: rows.stride)
            var codes = [Int8](repeating: 0, count: rows.queryStride)
            let encoded = codes.withUnsafeMutableBufferPointer { c in
                buffer.withUnsafeMutableBufferPointer { rows.encodeQuery(query, weight: 1, buffer: $0.baseAddress!, into: c.baseAddress!) }
            }
            time("\(name) (\(rows.stride * rows.precision.rawValue / 8) B/row, \(QuantizedRows.kernelName))") {
                out.withUnsafeMutableBufferPointer { o in
                    codes.withUnsafeBufferPointer { rows.scores(query: $0.baseAddress!, encoded, into: o.baseAddress!) }
                }
            }
        }
    }
}

