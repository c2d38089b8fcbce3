// swift-tools-version: 6.1
//
// guardrank: a recommendation serving engine with guardrails.
//
// Imports point one way, with math at the bottom:
//   CScoring     <- RankingCore (int8 scan kernels in C)
//   RankingCore  <- ModelStore (+ CLZ4)
//   RankingCore  <- Guardrails
//   RankingCore, ModelStore, Guardrails <- Server (HTTP on Hummingbird 2)
//   LoadGenerator <- Drills (incident drills over HTTP)
//   everything   <- guardrank (the command-line program; links jemalloc)
// See docs/architecture.md.
import PackageDescription

// One settings array for every target (habit from hummingbird's and swift-configuration's Package.swift).
let swiftSettings: [SwiftSetting] = [
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0335-existential-any.md
    .enableUpcomingFeature("ExistentialAny"),
]

// The ranking core is pure arithmetic on arrays: bounds checks are the difference between
// auto-vectorised loops and scalar ones there. Only release builds use it.
// On x86-64 the baseline ISA is SSE2: no FMA, 4-lane floats. Haswell (= x86-64-v3: AVX2, FMA, F16C;
// every x86 server CPU since ~2015) doubles the dot-product throughput of the scans
// (docs/scaling.md). Evaluated on the building host, so native builds only.
#if arch(x86_64)
let cpuFlags = ["-target-cpu", "haswell"]
#else
let cpuFlags: [String] = []
#endif
let hotPathSettings: [SwiftSetting] = swiftSettings + [
    .unsafeFlags(["-Ounchecked", "-wmo"] + cpuFlags, .when(configuration: .release)),
]

let package = Package(
    name: "guardrank",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "guardrank", targets: ["guardrank"]),
        .library(name: "RankingCore", targets: ["RankingCore"]),
        .library(name: "ModelStore", targets: ["ModelStore"]),
        .library(name: "Guardrails", targets: ["Guardrails"]),
        .library(name: "Server", targets: ["Server"]),
        .library(name: "LoadGenerator", targets: ["LoadGenerator"]),
        .library(name: "Drills", targets: ["Drills"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // System libraries, installed by scripts/setup.sh (Debian: liblz4-dev, libjemalloc-dev).
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CJemalloc", providers: [.apt(["libjemalloc-dev"])]),

        // The int8 dot-product kernels of the quantised scans (C: Swift cannot name vpmaddubsw).
        .target(name: "CScoring", cSettings: [.unsafeFlags(["-O3"], .when(configuration: .release))]),
        .target(name: "RankingCore", dependencies: ["CScoring"], swiftSettings: hotPathSettings),
        .target(
            name: "ModelStore",
            dependencies: ["RankingCore", "CLZ4"],
            swiftSettings: hotPathSettings
        ),
        .target(
            name: "Guardrails",
            dependencies: [
                "RankingCore",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Server",
            dependencies: [
                "RankingCore", "ModelStore", "Guardrails",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // `guardrank bench`: an HTTP client for load tests; knows nothing of the engine.
        .target(
            name: "LoadGenerator",
            dependencies: [.product(name: "Histogram", package: "hdrhistogram-swift")],
            swiftSettings: swiftSettings
        ),
        // `guardrank drill`: incident drills against a running server over its HTTP API; like
        // the load generator it knows the engine only through the wire.
        .target(name: "Drills", dependencies: ["LoadGenerator"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "guardrank",
            dependencies: [
                "RankingCore", "ModelStore", "Guardrails", "Server", "LoadGenerator", "Drills", "CJemalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        .testTarget(name: "RankingCoreTests", dependencies: ["RankingCore"], swiftSettings: swiftSettings),
        .testTarget(name: "ModelStoreTests", dependencies: ["ModelStore", "RankingCore"], swiftSettings: swiftSettings),
        .testTarget(name: "GuardrailsTests", dependencies: ["Guardrails", "RankingCore"], swiftSettings: swiftSettings),
        .testTarget(name: "LoadGeneratorTests", dependencies: ["LoadGenerator"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "RankingCore", "ModelStore", "Guardrails",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
