import Foundation
import Testing
@testable import Guardrails

/// Blast radius: a breach confined to one region or cohort is acted on there only.
@Suite struct RollbackScopeTests {
    @Test func regionBreachRollsBackThatRegionOnly() throws {
        let sim = try RollbackSimulation()
        sim.run(30, traffic: Traffic.steady(150))
        // "eu" loses 40% of its lists unless its own rollback stage ≥ 2 is in force.
        let traffic = Traffic.steady(150) { sample, _, overrides, _ in
            guard sample.region == "eu", Traffic.stage(overrides, region: "eu", cohort: sample.cohort!) < .stage2 else { return }
            sample.kReturned = 6
        }
        let took = sim.run(until: { $0.state == .rolledBack }, limit: 10, traffic: traffic)
        #expect(took != nil)
        let overrides = sim.controller.overrides
        #expect(overrides.count == 1)
        #expect(overrides.first?.scope == ToggleScope(regions: ["eu"]))
        #expect(overrides.first?.scope.matches(region: "us", cohort: "new", client: nil) == false)
        #expect(sim.transitions.last?.scope == ToggleScope(regions: ["eu"]))
        // Escalation stays in scope, and "us"/"apac" never see an override.
        sim.run(60, traffic: traffic)
        #expect(sim.stage == .stage2)
        #expect(sim.controller.status.scope == ToggleScope(regions: ["eu"]))
    }

    @Test func cohortBreachRollsBackThatCohortOnly() throws {
        let sim = try RollbackSimulation()
        sim.run(30, traffic: Traffic.steady(150))
        let traffic = Traffic.steady(150) { sample, _, overrides, rng in
            guard sample.cohort == "power", Traffic.stage(overrides, region: sample.region!, cohort: "power") < .stage1 else { return }
            sample.latencyNanos = UInt64(rng.logNormal(median: 120, sigma: 0.2) * 1e6)
        }
        _ = sim.run(until: { $0.state == .rolledBack }, limit: 10, traffic: traffic)
        #expect(sim.state == .rolledBack)
        #expect(sim.controller.overrides.first?.scope == ToggleScope(cohorts: ["power"]))
    }

    /// Everyone breaching is not "confined": the rollback applies everywhere.
    @Test func globalBreachIsNotScoped() throws {
        let sim = try RollbackSimulation()
        sim.run(30, traffic: Traffic.steady(150))
        let traffic = Traffic.steady(150) { sample, _, overrides, _ in
            if Traffic.stage(overrides, region: sample.region!, cohort: sample.cohort!) < .stage2 { sample.kReturned = 7 }
        }
        _ = sim.run(until: { $0.state == .rolledBack }, limit: 10, traffic: traffic)
        #expect(sim.state == .rolledBack)
        #expect(sim.controller.overrides.first?.scope == .everywhere)
    }

    /// A second region breaking while one is rolled back widens the rollback to everywhere.
    @Test func breachOutsideTheScopeWidensIt() throws {
        let sim = try RollbackSimulation()
        sim.run(30, traffic: Traffic.steady(150))
        let euOnly = Traffic.steady(150) { sample, _, overrides, _ in
            if sample.region == "eu", Traffic.stage(overrides, region: "eu", cohort: sample.cohort!) < .stage1 { sample.kReturned = 5 }
        }
        _ = sim.run(until: { $0.state == .rolledBack }, limit: 10, traffic: euOnly)
        #expect(sim.controller.status.scope == ToggleScope(regions: ["eu"]))
        let everyone = Traffic.steady(150) { sample, _, overrides, _ in
            if Traffic.stage(overrides, region: sample.region!, cohort: sample.cohort!) < .stage1 { sample.kReturned = 5 }
        }
        _ = sim.run(until: { $0.controller.status.scope == .everywhere }, limit: 15, traffic: everyone)
        #expect(sim.controller.status.scope == .everywhere)
        #expect(sim.changes.contains { $0.change.kind == .scopeWidened })
    }
}
