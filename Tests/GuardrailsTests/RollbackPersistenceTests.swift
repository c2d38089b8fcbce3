import Foundation
import Testing
@testable import Guardrails

/// The state survives a restart; a corrupt state file starts the controller rolled back.
@Suite struct RollbackPersistenceTests {
    @Test func restartWhileRolledBackComesBackRolledBack() throws {
        let sim = try RollbackSimulation()
        sim.run(30, traffic: Traffic.steady(100))
        let broken = Traffic.steady(100) { sample, _, _, _ in sample.kReturned = 5 }
        _ = sim.run(until: { $0.stage == .stage2 }, limit: 40, traffic: broken)
        let before = sim.controller.status
        let overridesBefore = sim.controller.overrides
        #expect(before.state == .rolledBack)

        try sim.restart()
        #expect(sim.controller.startupIssue == nil)
        #expect(sim.controller.status.state == .rolledBack)
        #expect(sim.controller.status.stage == before.stage)
        #expect(sim.controller.status.rollbacks == before.rollbacks)
        #expect(sim.controller.overrides == overridesBefore)
        #expect(try sim.auditRecords().last?["event"] as? String == "rollback.restored")
        // And it carries on from there: the fault is still there, nothing recovers.
        sim.run(30, traffic: broken)
        #expect(sim.state == .rolledBack)
    }

    @Test func stateFileIsWrittenAtomicallyOnEveryChange() throws {
        let sim = try RollbackSimulation()
        sim.run(30, traffic: Traffic.steady(100))
        #expect(!FileManager.default.fileExists(atPath: sim.statePath))  // nothing changed yet
        try sim.controller.apply(manual: ManualCommand(.forceRollback, stage: .emergency, actor: "alice"))
        let saved = try #require(try RollbackStateStore(path: sim.statePath).load())
        #expect(saved == sim.controller.status)
        #expect(saved.overrides.first?.patch.killSwitch == true)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: sim.directory.path).filter { $0.contains(".tmp.") }
        #expect(leftovers.isEmpty)
    }

    @Test func corruptStateFileStartsRolledBackAndIsAudited() throws {
        let sim = try RollbackSimulation()
        try Data("{\"version\": 1, \"status\": {\"state\": \"ROLLED_".utf8).write(to: URL(fileURLWithPath: sim.statePath))
        try sim.restart()
        let issue = try #require(sim.controller.startupIssue)
        #expect(issue.contains(sim.statePath))
        #expect(sim.controller.status.state == .rolledBack)
        #expect(sim.controller.status.stage == RollbackDefaults.corruptStateStage)
        #expect(sim.controller.status.lock == .none)  // automatic recovery may bring it back
        let record = try #require(try sim.auditRecords().last)
        #expect(record["event"] as? String == "rollback.corrupt_state")
        // The bad file is kept for the post-mortem, and a good one replaces it.
        let names = try FileManager.default.contentsOfDirectory(atPath: sim.directory.path)
        #expect(names.contains { $0.hasPrefix("rollback_state.json.corrupt-") })
        #expect(try RollbackStateStore(path: sim.statePath).load()?.state == .rolledBack)
        // Healthy traffic: it recovers on its own.
        _ = sim.run(until: { $0.state == .normal }, limit: 600, traffic: Traffic.steady(100))
        #expect(sim.state == .normal)
    }

    @Test func unknownVersionIsRefusedByName() throws {
        let sim = try RollbackSimulation()
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let file = RollbackStateStore.File(version: 99, status: .initial(now: RollbackSimulation.start))
        try encoder.encode(file).write(to: URL(fileURLWithPath: sim.statePath))
        #expect(throws: RollbackStateStore.LoadError.self) { try RollbackStateStore(path: sim.statePath).load() }
    }
}
