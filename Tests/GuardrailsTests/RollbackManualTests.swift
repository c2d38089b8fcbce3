import Foundation
import Testing
@testable import Guardrails

/// Manual override wins over automation until released, and every command is audited.
@Suite struct RollbackManualTests {
    let healthy = Traffic.steady(100)
    let broken = Traffic.steady(100) { sample, _, _, _ in sample.kReturned = 5 }

    @Test func forcedRollbackHoldsUntilReleasedAndIsAudited() throws {
        let sim = try RollbackSimulation()
        sim.run(30, traffic: healthy)
        try sim.controller.apply(manual: ManualCommand(.forceRollback, stage: .stage3, actor: "alice", reason: "bad model push"))
        #expect(sim.state == .rolledBack)
        #expect(sim.controller.overrides.map(\.source) == ["rollback:stage3"])
        // Green far beyond the dwell: automation would recover, the lock forbids it.
        sim.run(3 * RollbackDefaults.recoveryDwellEvaluations, traffic: healthy)
        #expect(sim.state == .rolledBack)
        #expect(sim.stage == .stage3)
        try sim.controller.apply(manual: ManualCommand(.release, actor: "alice"))
        _ = sim.run(until: { $0.state == .normal }, limit: 600, traffic: healthy)
        #expect(sim.state == .normal)

        let manual = try sim.auditRecords().filter { ($0["event"] as? String) == "rollback.manual" }
        #expect(manual.count == 2)
        #expect(manual.first?["actor"] as? String == "operator:alice")
        #expect(manual.first?["reason"] as? String == "bad model push")
        #expect(manual.first?["to"] as? String == "ROLLED_BACK")
        #expect(manual.first?["trigger"] as? String == "manual force_rollback")
    }

    @Test func holdStopsAutomaticRollback() throws {
        let sim = try RollbackSimulation()
        sim.run(30, traffic: healthy)
        try sim.controller.apply(manual: ManualCommand(.hold, actor: "bob", reason: "load test"))
        sim.run(60, traffic: broken)
        #expect(sim.state == .normal)
        #expect(sim.controller.overrides.isEmpty)
        try sim.controller.apply(manual: ManualCommand(.release, actor: "bob"))
        _ = sim.run(until: { $0.state == .rolledBack }, limit: 10, traffic: broken)
        #expect(sim.state == .rolledBack)
    }

    @Test func pinnedStageNeitherEscalatesNorRecovers() throws {
        let sim = try RollbackSimulation()
        sim.run(30, traffic: healthy)
        try sim.controller.apply(manual: ManualCommand(.pin, stage: .stage1, scope: ToggleScope(regions: ["eu"]), actor: "carol"))
        sim.run(120, traffic: broken)  // P1 everywhere: would escalate and widen if automatic
        #expect(sim.stage == .stage1)
        #expect(sim.controller.status.scope == ToggleScope(regions: ["eu"]))
        #expect(sim.controller.status.lock == .pinned)
    }

    @Test func resetReturnsToNormalAndAutomationResumes() throws {
        let sim = try RollbackSimulation()
        sim.run(30, traffic: healthy)
        _ = sim.run(until: { $0.state == .rolledBack }, limit: 10, traffic: broken)
        try sim.controller.apply(manual: ManualCommand(.reset, actor: "dave", reason: "false alarm"))
        #expect(sim.state == .normal)
        #expect(sim.controller.overrides.isEmpty)
        // Still broken: automation is not disabled by a reset and rolls back again.
        _ = sim.run(until: { $0.state == .rolledBack }, limit: 10, traffic: broken)
        #expect(sim.state == .rolledBack)
    }

    @Test func invalidCommandsChangeNothing() throws {
        let sim = try RollbackSimulation()
        #expect(throws: ManualCommandError.self) { try sim.controller.apply(manual: ManualCommand(.pin, actor: "eve")) }
        #expect(throws: ManualCommandError.self) { try sim.controller.apply(manual: ManualCommand(.forceRollback, stage: .stage2, actor: "")) }
        #expect(sim.state == .normal)
        #expect(try sim.auditRecords().isEmpty)
    }
}
