import Foundation
import Testing
@testable import Guardrails

/// Recovery: dwell, verification, relapse, backoff, no flapping around a threshold.
@Suite struct RollbackRecoveryTests {
    /// Coverage 80% unless Stage ≥ 1 is in force (`fixedBy`), between `from` and `until`.
    static func fault(from: Int, until: Int = .max, fixedBy: RollbackStage = .stage1) -> (Int, [ScopedPatch], inout SeededRNG) -> [RequestSample] {
        Traffic.steady(100) { sample, second, overrides, _ in
            guard (from..<until).contains(second), Traffic.stage(overrides, region: sample.region!, cohort: sample.cohort!) < fixedBy else { return }
            sample.kReturned = 8
        }
    }

    @Test func recoversToNormalAfterTheDwell() throws {
        let sim = try RollbackSimulation()
        sim.run(30, traffic: Traffic.steady(100))
        let traffic = Self.fault(from: 30, until: 60)
        _ = sim.run(until: { $0.state == .rolledBack }, limit: 10, traffic: traffic)
        let rolledAt = sim.second
        let verifyAfter = sim.run(until: { $0.state == .recoveryVerify }, limit: 600, traffic: traffic)
        // Green needs the window clear of faulty seconds first, then the dwell, no sooner.
        let dwell = RollbackDefaults.recoveryDwellEvaluations
        #expect(verifyAfter != nil)
        #expect(verifyAfter! >= dwell)
        #expect(verifyAfter! <= dwell + 40)
        #expect(sim.controller.overrides.map(\.source) == ["rollback:stage1"])  // verification keeps Stage 1
        let normalAfter = sim.run(until: { $0.state == .normal }, limit: 600, traffic: traffic)
        #expect(normalAfter == RollbackDefaults.verifyDwellEvaluations)
        #expect(sim.controller.overrides.isEmpty)
        #expect(sim.transitions.map(\.to) == [.rollbackPending, .rolledBack, .recoveryVerify, .normal])
        _ = rolledAt
    }

    /// The fault is masked by Stage 2 only; verification (Stage 1) brings it back: relapse.
    @Test func breachDuringRecoveryVerifyGoesBack() throws {
        let sim = try RollbackSimulation()
        sim.run(30, traffic: Traffic.steady(100))
        let traffic = Self.fault(from: 30, fixedBy: .stage2)
        _ = sim.run(until: { $0.state == .recoveryVerify }, limit: 900, traffic: traffic)
        #expect(sim.state == .recoveryVerify)
        let back = sim.run(until: { $0.state == .rolledBack }, limit: 30, traffic: traffic)
        #expect(back != nil)
        #expect(sim.stage == .stage2)  // straight back to the stage that had worked
        #expect(sim.controller.status.rollbacks == 2)
        // Backoff: the second recovery waits twice as long.
        #expect(sim.policy.recoveryDwell(afterRollbacks: 2) == 2 * RollbackDefaults.recoveryDwellEvaluations)
        let relapsedAt = sim.second
        _ = sim.run(until: { $0.state == .recoveryVerify }, limit: 2000, traffic: traffic)
        #expect(sim.second - relapsedAt >= 2 * RollbackDefaults.recoveryDwellEvaluations)
    }

    @Test func backoffGrowsCapsAndDecays() {
        let policy = RollbackPolicy.default
        #expect(policy.recoveryDwell(afterRollbacks: 1) == 120)
        #expect(policy.recoveryDwell(afterRollbacks: 3) == 480)
        #expect(policy.recoveryDwell(afterRollbacks: 20) == 1800)
    }

    @Test func healthyTimeInNormalForgivesARollback() throws {
        var policy = RollbackPolicy.default
        policy.backoff.decayEvaluations = 100
        let sim = try RollbackSimulation(policy: policy)
        sim.run(30, traffic: Traffic.steady(100))
        let traffic = Self.fault(from: 30, until: 60)
        _ = sim.run(until: { $0.state == .normal && $0.second > 60 }, limit: 900, traffic: traffic)
        #expect(sim.controller.status.rollbacks == 1)
        sim.run(101, traffic: traffic)
        #expect(sim.controller.status.rollbacks == 0)
        #expect(sim.changes.last?.change.kind == .backoffDecay)
    }

    /// Coverage swinging across the P1 line every 20 s, masked only while a rollback is in
    /// force: rollbacks come at most once per recovery dwell + verification, never faster.
    @Test func oscillationAroundThresholdRollsBackAtMostOncePerDwell() throws {
        let sim = try RollbackSimulation()
        let hours = 2
        let traffic = Traffic.steady(100) { sample, second, overrides, rng in
            guard (second / 20) % 2 == 1, Traffic.stage(overrides, region: sample.region!, cohort: sample.cohort!) < .stage1 else { return }
            if rng.chance(0.35) { sample.kReturned = 8 }  // coverage 93%, just under the line
        }
        sim.run(hours * 3600, traffic: traffic)
        let rollbacks = sim.rollbackSeconds
        let cycle = RollbackDefaults.recoveryDwellEvaluations + RollbackDefaults.verifyDwellEvaluations
        #expect(rollbacks.count >= 2)  // it does roll back: the test is not vacuous
        #expect(rollbacks.count <= hours * 3600 / cycle + 1)
        for (a, b) in zip(rollbacks, rollbacks.dropFirst()) {
            #expect(b - a >= RollbackDefaults.recoveryDwellEvaluations, "rollbacks at \(a) and \(b)")
        }
    }
}

/// Stage 1 switches a warm cache on by itself; a cold one (after a model reload) must not
/// fail the recovery of a fault it has nothing to do with (found by the model-load drill).
@Suite struct RollbackColdCacheTests {
    /// Coverage 80% from `from` to `until`; the cache is consulted only while a stage is in
    /// force, and then hits 20% of the time (cold), else never consulted (nil).
    static func traffic(from: Int, until: Int) -> (Int, [ScopedPatch], inout SeededRNG) -> [RequestSample] {
        Traffic.steady(100) { sample, second, overrides, rng in
            let stage = Traffic.stage(overrides, region: sample.region!, cohort: sample.cohort!)
            sample.cacheHit = stage == .none ? nil : rng.chance(0.2)
            if (from..<until).contains(second) { sample.kReturned = 8 }
        }
    }

    @Test func aColdCacheDoesNotFailRecovery() throws {
        let sim = try RollbackSimulation()
        let traffic = Self.traffic(from: 10, until: 25)
        let rolledBack = sim.run(until: { $0.state == .rolledBack }, limit: 30, traffic: traffic)
        #expect(rolledBack != nil)
        let normal = sim.run(until: { $0.state == .normal }, limit: 2_000, traffic: traffic)
        #expect(normal != nil)
        #expect(sim.controller.status.rollbacks == 1)  // no relapse from the cold cache
        #expect(!sim.transitions.contains { $0.trigger.contains("P2") })
    }

    @Test func theCacheIsStillJudgedInNormal() throws {
        let sim = try RollbackSimulation()
        // No stage in force, cache consulted and cold: a P2 breach, so DEGRADED.
        let degraded = sim.run(until: { $0.state == .degraded }, limit: 60, traffic: Traffic.steady(100) { sample, _, _, rng in
            sample.cacheHit = rng.chance(0.2)
        })
        #expect(degraded != nil)
        #expect(sim.transitions.last?.breaches.contains { $0.trigger == "cache_hit_rate" } == true)
    }
}
