import Benchmark
import Foundation
import Guardrails

// Evaluating toggles for a request (SPEC §3: "well under a microsecond", no allocation),
// plus the cost of one reload's parse + validate + precompute, off the request path.
// Results and the command: ../../../docs/benchmarks.md, "Toggles".

/// The shipped file, so the benchmark measures what production evaluates.
let shippedPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Config/runtime_toggles.json").path

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
        warmupIterations: 1_000,
        maxDuration: .seconds(2),
        maxIterations: 1_000_000
    )
    let bytes = Array(FileManager.default.contents(atPath: shippedPath) ?? Data())
    guard let config = try? TogglesConfig.parse(bytes, file: shippedPath) else {
        fatalError("cannot load \(shippedPath)")
    }
    let store = try! TogglesStore(bytes: bytes, file: shippedPath)
    let snapshot = TogglesSnapshot(config: config)
    let regions = ["eu", "us", "apac", nil]
    let cohorts = ["new_users", "regular", nil]
    let clients = ["web", "ios", "tv_legacy"]
    let contexts = (0..<1024).map {
        ToggleContext(userID: "user-\($0 * 7919)", region: regions[$0 % 4], cohort: cohorts[$0 % 3], client: clients[$0 % 3])
    }
    let rollback = [
        ScopedPatch(scope: ToggleScope(regions: ["us"]), patch: TogglePatch(exposurePercent: 75, cacheMode: .warmOnly), source: "stage1"),
        ScopedPatch(scope: .everywhere, patch: TogglePatch(disableCF: true), source: "stage2"),
    ]

    Benchmark("Toggles evaluate", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for i in benchmark.scaledIterations {
            blackHole(snapshot.evaluate(contexts[i & 1023]))
        }
    }

    Benchmark("Toggles evaluate with 2 rollback patches", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for i in benchmark.scaledIterations {
            blackHole(snapshot.evaluate(contexts[i & 1023], rollbackOverrides: rollback))
        }
    }

    Benchmark("Toggles store snapshot + evaluate", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for i in benchmark.scaledIterations {
            blackHole(store.snapshot().evaluate(contexts[i & 1023]).rankingSettings)
        }
    }

    Benchmark("Toggles reload parse + validate + precompute") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(TogglesSnapshot(config: try! TogglesConfig.parse(bytes, file: shippedPath)))
        }
    }
}
