import Benchmark
import Foundation
import ModelStore
import RankingCore
import Server

/// Fault injection must cost nothing measurable when off (SPEC §6). One request through
/// `RecommendationService.recommend` (toggles, ranking, metrics window, events off) with
/// fault injection disabled, enabled with no fault, and enabled with a fault confined to a
/// region the request is not from; `forRequest` alone shows the per-request check.
/// Results and command: docs/drills.md.
struct Fixture {
    let service: RecommendationService
    let query: RecommendationQuery

    init(faults: FaultInjection) {
        let model = ModelTrainer().train(SyntheticDataset.generate(.init(items: 2_000, users: 5_000, seed: 7)))
        let models = ModelHolder()
        models.install(model, source: "bench")
        service = RecommendationService(models: models, config: ShippedDefaultsProvider(), guardrails: RollbackGuardrailMonitor(),
                                        admin: AdminOverrides(), cache: ResultCache(), events: try! EventLog(directory: nil),
                                        shadowRate: 0, faults: faults)
        var query = RecommendationQuery(userID: model.userIDs[0])
        query.region = "eu"
        self.query = query
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal],
        timeUnits: .microseconds,
        maxDuration: .seconds(3),
        maxIterations: 100_000
    )

    func recommend(_ name: String, _ makeFaults: @escaping @Sendable () -> FaultInjection) {
        Benchmark("recommend/\(name)") { (benchmark: Benchmark, fixture: Fixture) in
            for _ in benchmark.scaledIterations {
                blackHole(try await fixture.service.recommend(fixture.query, requestID: "bench"))
            }
        } setup: {
            Fixture(faults: makeFaults())
        }
    }
    recommend("fault injection off") { FaultInjection(enabled: false) }
    recommend("on, no fault") { FaultInjection(enabled: true) }
    recommend("on, fault in another region") {
        let faults = FaultInjection(enabled: true)
        _ = faults.add(target: .collaborative, errorRate: 1, latencyMs: 0, maxItems: nil, durationSeconds: 3_600, region: "us",
                       cohort: nil, actor: "bench")
        return faults
    }

    Benchmark("forRequest/off (×1000)", configuration: .init(timeUnits: .nanoseconds)) { benchmark in
        let faults = FaultInjection(enabled: false)
        for _ in benchmark.scaledIterations {
            for _ in 0..<1_000 { blackHole(faults.forRequest(region: "eu", cohort: nil)) }
        }
    }
}
