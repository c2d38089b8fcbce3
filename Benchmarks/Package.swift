// swift-tools-version: 6.1
//
// guardrank's benchmarks (ordo-one/benchmark). Run from this folder:
//   swift package benchmark                      # every suite
//   swift package benchmark --target CoreBenchmarks
// Results and the commands that produced them are in ../docs/benchmarks.md.
import PackageDescription

let benchmarkDependencies: [Target.Dependency] = [
    .product(name: "Benchmark", package: "benchmark"),
]
let benchmarkPlugins: [Target.PluginUsage] = [
    .plugin(name: "BenchmarkPlugin", package: "benchmark"),
]

let package = Package(
    name: "guardrank-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Named: a path package's identity is its folder name (wt-toggles, main, a CI checkout...).
        .package(name: "guardrank", path: ".."),
        // MallocInterposer: counts allocations per benchmark (mallocCountTotal).
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Ranking core: top-K for known / unknown users, item-to-item, index, model load.
        .executableTarget(
            name: "CoreBenchmarks",
            dependencies: benchmarkDependencies + [
                .product(name: "RankingCore", package: "guardrank"),
                .product(name: "ModelStore", package: "guardrank"),
            ],
            path: "Benchmarks/CoreBenchmarks",
            plugins: benchmarkPlugins
        ),
        // Toggles: evaluating a snapshot for a request context.
        .executableTarget(
            name: "TogglesBenchmarks",
            dependencies: benchmarkDependencies + [
                .product(name: "Guardrails", package: "guardrank"),
            ],
            path: "Benchmarks/TogglesBenchmarks",
            plugins: benchmarkPlugins
        ),
        // Fault injection off vs on: one request through the service (docs/drills.md).
        .executableTarget(
            name: "FaultBenchmarks",
            dependencies: benchmarkDependencies + [
                .product(name: "Server", package: "guardrank"),
                .product(name: "RankingCore", package: "guardrank"),
                .product(name: "ModelStore", package: "guardrank"),
            ],
            path: "Benchmarks/FaultBenchmarks",
            plugins: benchmarkPlugins
        ),
        // Metrics window: recording a request, 1 and 2 threads.
        .executableTarget(
            name: "MetricsBenchmarks",
            dependencies: benchmarkDependencies + [
                .product(name: "Guardrails", package: "guardrank"),
            ],
            path: "Benchmarks/MetricsBenchmarks",
            plugins: benchmarkPlugins
        ),
    ]
)
