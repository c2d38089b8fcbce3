import Foundation
import Testing
@testable import Guardrails

/// The pure state machine on hand-made snapshots: no window, no files, time passed in.
@Suite struct RollbackStateMachineTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// A snapshot whose global aggregates are `requests` requests at `coverage`.
    func snapshot(requests: UInt64 = 1_000, coverage: Double, hitRate: Double? = nil) -> WindowSnapshot {
        var c = SeriesCounters()
        c.requests = requests
        c.coverageMicros = UInt64(coverage * 1_000_000) * requests
        c.coverageSquaredMicros = UInt64(coverage * coverage * 1_000_000) * requests
        if let hitRate {
            c.cacheLookups = requests
            c.cacheHits = UInt64(hitRate * Double(requests))
        }
        return WindowSnapshot(at: t0, windowSeconds: 10, global: WindowStats(counters: c, latency: nil))
    }

    func machine() -> RollbackStateMachine { RollbackStateMachine(policy: .default, status: .initial(now: t0)) }

    @Test func healthyAndNoDataChangeNothing() {
        var m = machine()
        for i in 0..<100 {
            #expect(m.event(.evaluated(snapshot(coverage: 1)), now: t0 + Double(i)) == .none)
            #expect(m.event(.evaluated(snapshot(requests: 10, coverage: 0.1)), now: t0 + Double(i)) == .none)
        }
        #expect(m.status.state == .normal)
        #expect(m.status.greenStreak == 100)  // no-data evaluations neither count nor reset
    }

    @Test func pendingThatClearsGoesBackToDegradedKeepingStage1() throws {
        var m = machine()
        var now = t0
        func step(_ s: WindowSnapshot) -> RollbackAction {
            now += 1
            return m.event(.evaluated(s), now: now)
        }
        for _ in 0..<5 { _ = step(snapshot(coverage: 0.97)) }  // P2 × 5
        #expect(m.status.state == .degraded)
        #expect(m.status.overrides.map(\.source) == ["rollback:stage1"])
        let pending = try #require(step(snapshot(coverage: 0.90)).change)  // one P1
        #expect(pending.to == .rollbackPending)
        #expect(m.status.stage == .stage1)
        let back = try #require(step(snapshot(coverage: 0.97)).change)
        #expect(back.to == .degraded)
        #expect(m.status.stage == .stage1)
        // Confirmed P1 from DEGRADED starts one stage above what was already in force.
        for _ in 0..<3 { _ = step(snapshot(coverage: 0.90)) }
        #expect(m.status.state == .rolledBack)
        #expect(m.status.stage == .stage2)
    }

    @Test func escalationWaitsForTheStageEffectTime() {
        var m = machine()
        for i in 1...3 { _ = m.event(.evaluated(snapshot(coverage: 0.5)), now: t0 + Double(i)) }
        #expect(m.status.stage == .stage1)
        for i in 4...12 { _ = m.event(.evaluated(snapshot(coverage: 0.5)), now: t0 + Double(i)) }
        #expect(m.status.stage == .stage1)  // 9 s after Stage 1: not yet
        _ = m.event(.evaluated(snapshot(coverage: 0.5)), now: t0 + 13)
        #expect(m.status.stage == .stage2)
        for i in 14...60 { _ = m.event(.evaluated(snapshot(coverage: 0.5)), now: t0 + Double(i)) }
        #expect(m.status.stage == .emergency)
        #expect(m.status.overrides.first?.patch.killSwitch == true)
        #expect(m.status.overrides.first?.patch.exposurePercent == 10)
    }

    @Test func invalidManualEventIsIgnored() {
        var m = machine()
        #expect(m.event(.manual(ManualCommand(.pin, actor: "x")), now: t0) == .none)
        #expect(m.status.lock == .none)
    }

    @Test func stagesAreCumulative() {
        #expect(RollbackStage.stage1.patch == TogglePatch(exposurePercent: 75, cacheMode: .prewarm))
        #expect(RollbackStage.stage2.patch == TogglePatch(
            policyMode: .contentOnly, disableCF: true, candidateFallbackLevel: .c, exposurePercent: 75, cacheMode: .prewarm))
        #expect(RollbackStage.stage3.patch == TogglePatch(
            policyMode: .contentOnly, disableCF: true, candidateFallbackLevel: .d, exposurePercent: 50, cacheMode: .prewarm,
            experimentFreeze: true))
        #expect(RollbackStage.emergency.patch == TogglePatch(
            policyMode: .contentOnly, disableCF: true, candidateFallbackLevel: .d, killSwitch: true, exposurePercent: 10,
            cacheMode: .prewarm, experimentFreeze: true))
        #expect(RollbackStage.none.patch == .empty)
    }
}
