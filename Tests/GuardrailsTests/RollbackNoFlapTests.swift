import Foundation
import Testing
@testable import Guardrails

/// 24 virtual hours of healthy but noisy traffic: not one transition.
@Suite struct RollbackNoFlapTests {
    /// Requests for one virtual second of a healthy day: a diurnal rate between 12 and 40
    /// requests a second, a quiet minute every hour (3 a second: not enough data), a
    /// log-normal latency with a long tail, isolated latency spikes (GC pauses: 0.5% of
    /// requests at 60–400 ms, now and then a burst of several in one second), rare errors and
    /// stage failures far below the thresholds, cold users with short lists, and a cache
    /// hit rate that drifts between 78% and 92%.
    static func healthyDay(_ second: Int, _ rng: inout SeededRNG) -> [RequestSample] {
        let day = Double(second) / 86_400
        var rate = 26 + 14 * sin(2 * .pi * (day - 0.25))
        if second % 3600 >= 1800, second % 3600 < 1860 { rate = 3 }
        let count = Int(rate) + (rng.chance(rate - rate.rounded(.down)) ? 1 : 0)
        let burst = rng.chance(0.002) ? 3 : 0  // a pause that catches a few requests at once
        let hitRate = 0.85 + 0.07 * sin(2 * .pi * day * 6)
        return (0..<count).map { i in
            var ms = rng.logNormal(median: 12, sigma: 0.45)
            if i < burst || rng.chance(0.005) { ms = 60 + rng.unit() * 340 }
            let region = Traffic.regions[Int(rng.next() % 3)]
            var sample = RequestSample(
                latencyNanos: UInt64(ms * 1_000_000), k: 10, kReturned: 10, cacheHit: rng.chance(hitRate),
                bucket: Int(rng.next() % 100) + 1, cohort: Traffic.cohorts[Int(rng.next() % 3)], region: region)
            if rng.chance(0.0002) { sample.failed = true }
            if rng.chance(0.0002) { sample.stageFailed = true }
            if rng.chance(0.003) { sample.kReturned = 3 + Int(rng.next() % 7) }  // a cold user: short list
            return sample
        }
    }

    @Test func healthyNoisyDayMakesNoTransition() throws {
        let sim = try RollbackSimulation(seed: 2026)
        var severities: [Severity: Int] = [:]
        var errors: UInt64 = 0
        var worstP95 = 0.0
        for _ in 0..<86_400 {
            sim.run(1) { second, _, rng in Self.healthyDay(second, &rng) }
            let assessment = try #require(sim.controller.status.lastAssessment)
            severities[assessment.severity, default: 0] += 1
            if let snapshot = sim.controller.lastSnapshot {
                errors = max(errors, snapshot.global.errors)
                worstP95 = max(worstP95, snapshot.global.p95Ms ?? 0)
            }
        }
        #expect(sim.changes.isEmpty, "\(sim.changes.prefix(3).map { "\($0.second): \($0.change.from)→\($0.change.to) \($0.change.trigger) \($0.change.breaches)" })")
        // The noise is real: quiet minutes give no-data evaluations, errors and spikes happen.
        #expect(severities[.noData, default: 0] >= 24 * 50)
        #expect(severities[.healthy, default: 0] >= 80_000)
        #expect(errors >= 1)
        #expect(worstP95 > 25)
    }
}
