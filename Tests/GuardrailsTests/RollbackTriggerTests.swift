import Foundation
import Testing
@testable import Guardrails

/// P1 and P2 triggers through the real window and controller on a virtual clock.
@Suite struct RollbackTriggerTests {
    /// 100 requests a second; the fault applies unless a rollback stage ≥ `fixedBy` is in force.
    static func faulty(from start: Int, fixedBy: RollbackStage = .stage2, _ fault: @escaping (inout RequestSample, inout SeededRNG) -> Void)
        -> (Int, [ScopedPatch], inout SeededRNG) -> [RequestSample]
    {
        Traffic.steady(100) { sample, second, overrides, rng in
            guard second >= start, Traffic.stage(overrides, region: sample.region!, cohort: sample.cohort!) < fixedBy else { return }
            fault(&sample, &rng)
        }
    }

    /// Warm up 30 s of healthy traffic, then a sustained P1 fault; ROLLED_BACK within 10 s.
    func expectRollbackWithin10s(_ fault: @escaping (inout RequestSample, inout SeededRNG) -> Void) throws -> RollbackSimulation {
        let sim = try RollbackSimulation()
        sim.run(30, traffic: Traffic.steady(100))
        #expect(sim.state == .normal)
        let traffic = Self.faulty(from: sim.second, fault)
        let took = sim.run(until: { $0.state == .rolledBack }, limit: 10, traffic: traffic)
        #expect(took != nil, "not ROLLED_BACK within 10 virtual seconds: \(sim.state)")
        #expect(sim.stage == .stage1)
        #expect(sim.controller.overrides.map(\.source) == ["rollback:stage1"])
        // The path went through confirmation: NORMAL → ROLLBACK_PENDING → ROLLED_BACK.
        #expect(sim.transitions.map(\.to) == [.rollbackPending, .rolledBack])
        return sim
    }

    @Test func coverageBreachRollsBackWithin10s() throws {
        let sim = try expectRollbackWithin10s { sample, _ in sample.kReturned = 8 }  // coverage 80%
        #expect(sim.transitions.last?.breaches.contains { $0.trigger == "coverage" && $0.level == .p1 } == true)
    }

    @Test func latencyBreachRollsBackWithin10s() throws {
        let sim = try expectRollbackWithin10s { sample, rng in sample.latencyNanos = UInt64(rng.logNormal(median: 90, sigma: 0.1) * 1e6) }
        #expect(sim.transitions.last?.breaches.contains { $0.trigger == "p95_latency" } == true)
    }

    @Test func errorRateBreachRollsBackWithin10s() throws {
        // 2% of requests lose a stage (the fallback covers, the client sees a full list).
        let sim = try expectRollbackWithin10s { sample, rng in if rng.chance(0.02) { sample.stageFailed = true } }
        #expect(sim.transitions.last?.breaches.contains { $0.trigger == "error_rate" } == true)
    }

    /// Stage 1 does not fix a CF fault: 10 s later the controller escalates to Stage 2, which does.
    @Test func persistentBreachEscalatesStageByStage() throws {
        let sim = try expectRollbackWithin10s { sample, _ in sample.kReturned = 8 }
        let rolledAt = sim.second
        _ = sim.run(until: { $0.stage == .stage2 }, limit: 30, traffic: Self.faulty(from: 0) { s, _ in s.kReturned = 8 })
        #expect(sim.stage == .stage2)
        #expect(sim.second - rolledAt >= Int(RollbackDefaults.stageEffectSeconds))
        // Stage 2 fixes it: no further escalation over the next minute.
        sim.run(60, traffic: Self.faulty(from: 0) { s, _ in s.kReturned = 8 })
        #expect(sim.stage == .stage2)
        #expect(sim.state == .rolledBack)
    }

    @Test func criticalFailureRollsBackAtOnceToStage3() throws {
        let sim = try RollbackSimulation()
        sim.run(30, traffic: Traffic.steady(100))
        sim.window.setCritical("model_load", detail: "snapshot checksum mismatch")
        sim.run(1, traffic: Traffic.steady(100))
        #expect(sim.state == .rolledBack)
        #expect(sim.stage == .stage3)
        #expect(sim.transitions.last?.breaches.first?.trigger == "critical:model_load")
        // Still not loaded a minute later, metrics fine: Stage 3 holds, no escalation to the
        // kill switch, and no recovery while the failure stands.
        sim.run(60, traffic: Traffic.steady(100))
        #expect(sim.state == .rolledBack)
        #expect(sim.stage == .stage3)
        // Fixed: recovery follows the usual dwell.
        sim.window.clearCritical("model_load")
        _ = sim.run(until: { $0.state == .recoveryVerify }, limit: 300, traffic: Traffic.steady(100))
        #expect(sim.state == .recoveryVerify)
    }

    /// P2 (coverage 97%: below 98%, above 95%) degrades, applies Stage 1, and goes no further.
    @Test func p2BreachDegradesButDoesNotRollBack() throws {
        let sim = try RollbackSimulation()
        sim.run(30, traffic: Traffic.steady(100))
        let p2 = Traffic.steady(100) { sample, _, _, rng in if rng.chance(0.3) { sample.kReturned = 9 } }  // coverage 0.97
        sim.run(300, traffic: p2)
        #expect(sim.state == .degraded)
        #expect(sim.stage == .stage1)
        #expect(!sim.changes.contains { $0.change.to == .rolledBack || $0.change.to == .rollbackPending })
        #expect(sim.transitions.first?.breaches.map(\.trigger) == ["coverage"])
        #expect(sim.transitions.first?.breaches.first?.level == .p2)
    }

    /// Cache hit rate is a P2 trigger only when the cache is consulted.
    @Test func lowCacheHitRateDegrades() throws {
        let sim = try RollbackSimulation()
        sim.run(30, traffic: Traffic.steady(100) { sample, _, _, rng in sample.cacheHit = rng.chance(0.5) })
        #expect(sim.state == .degraded)
        let off = try RollbackSimulation()
        off.run(60, traffic: Traffic.steady(100) { sample, _, _, _ in sample.cacheHit = nil })
        #expect(off.state == .normal)
    }

    /// Below `min_requests` a terrible window is "not enough data": no transition at all.
    @Test func notEnoughDataProducesNoTransition() throws {
        let sim = try RollbackSimulation()
        // 5 requests a second (50 in the window < 100), all failing with half-empty lists.
        sim.run(600, traffic: Traffic.steady(5) { sample, _, _, _ in
            sample.failed = true
            sample.kReturned = 5
        })
        #expect(sim.changes.isEmpty)
        #expect(sim.controller.status.lastAssessment?.severity == .noData)
        // The same traffic at 20 requests a second is evaluable and rolls back.
        sim.run(10, traffic: Traffic.steady(20) { sample, _, _, _ in sample.kReturned = 5 })
        #expect(sim.state == .rolledBack)
    }
}
