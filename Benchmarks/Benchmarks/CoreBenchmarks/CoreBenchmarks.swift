import Benchmark
import Foundation
import ModelStore
import RankingCore

// The ranking core at 10^4, 10^5 and 10^6 items (d = 64) on synthetic factors
// (SyntheticFactors: generated arrays, no ALS): top-10 for a known user, for an unknown user
// with recent items, item-to-item; plus model load time and resident memory. Results and
// the commands are in ../../../docs/benchmarks.md (## Ranking core).
//
// Models are built lazily, once per size, in the setup closures, so `--filter` runs only
// what it names.
nonisolated(unsafe) var rankers: [Int: Ranker] = [:]
/// Advances on every request so each one is a different user or item (with the default
/// scaling factor `scaledIterations` is 0..<1: a fixed id would measure one hot user).
nonisolated(unsafe) var request = 0

func ranker(items: Int) -> Ranker {
    if let ready = rankers[items] { return ready }
    let built = Ranker(model: SyntheticFactors.model(items: items, users: 100_000))
    rankers[items] = built
    return built
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .throughput],
        maxDuration: .seconds(3),
        maxIterations: 100_000
    )
    let settings = RankingSettings(alpha: RankingDefaults.hybridAlpha)

    for items in [10_000, 100_000, 1_000_000] {
        let label = items >= 1_000_000 ? "1M" : "\(items / 1_000)k"

        Benchmark("known user top-10 \(label)", configuration: .init(scalingFactor: .one)) { benchmark in
            let r = ranker(items: items)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                request &+= 1
                blackHole(r.rank(RankingRequest(userID: "u\((request &* 7_919) % 100_000)"), settings: settings))
            }
        }

        Benchmark("unknown user + 5 recent top-10 \(label)") { benchmark in
            let r = ranker(items: items)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                request &+= 1
                let recent = (0..<5).map { "i\((request &* 104_729 &+ $0 &* 31) % items)" }
                blackHole(r.rank(RankingRequest(userID: "stranger", recentItemIDs: recent), settings: settings))
            }
        }

        Benchmark("item-to-item top-10 \(label)") { benchmark in
            let r = ranker(items: items)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                request &+= 1
                blackHole(r.similarItems(to: "i\((request &* 7_919) % items)", k: 10))
            }
        }
    }

    Benchmark("model load 100k items x 100k users", configuration: .init(metrics: [.wallClock, .peakMemoryResident],
                                                                        maxIterations: 5)) { benchmark in
        let path = NSTemporaryDirectory() + "core-bench-\(getpid()).grs"
        try ModelSnapshot.write(SyntheticFactors.model(items: 100_000, users: 100_000), to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(Ranker(model: try ModelSnapshot.read(from: path)))
        }
    }

    Benchmark("resident memory 1M items x 100k users", configuration: .init(metrics: [.peakMemoryResident], maxIterations: 1)) { _ in
        blackHole(ranker(items: 1_000_000))
    }
}
