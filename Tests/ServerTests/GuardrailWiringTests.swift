import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import Server

/// Requests are recorded into the real metrics window; a P1 coverage breach (k larger than
/// the catalog: k_returned/k = 0.15) rolls the controller back, and its override layer is
/// then applied to the next request.
@Suite struct GuardrailWiringTests {
    @Test func coverageBreachRollsBackAndTheOverrideServes() async throws {
        let components = try makeComponents()
        let monitor = try #require(components.service.guardrails as? RollbackGuardrailMonitor)
        for index in 0..<300 {
            var query = RecommendationQuery(userID: "u\(index)")
            query.k = 1_000
            _ = try await components.service.recommend(query, requestID: "r\(index)")
        }
        var state = monitor.controller.status.state
        for second in 2...12 where state != .rolledBack {
            monitor.controller.tick(now: Date().addingTimeInterval(Double(second) * 0.5))
            state = monitor.controller.status.state
        }
        #expect(state == .rolledBack)
        #expect(!monitor.overrides.isEmpty)
        try await withRouter(components) { client in
            try await client.execute(uri: "/v1/admin/guardrails", method: .get, headers: [.authorization: "Bearer \(TestTokens.viewer)"]) { response in
                let json = try jsonObject(response.body)
                #expect(json["state"] as? String == "ROLLED_BACK")
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(String(buffer: response.body).contains(#"guardrank_rollback_state{state="ROLLED_BACK"} 1"#))
            }
        }
    }
}

/// The admin kill switch goes through the real toggles evaluator as the top override layer.
@Suite struct KillSwitchThroughTogglesTests {
    @Test func killSwitchOverridesTheTogglesFile() async throws {
        let directory = try temporaryDirectory()
        let components = try makeComponents(config: try TogglesFileProvider(path: try togglesFile(in: directory), audit: nil))
        components.service.admin.setKillSwitch(true, reason: "test", actor: "otto")
        var exposed = 0
        for index in 0..<100 {
            let answer = try await components.service.recommend(RecommendationQuery(userID: "user-\(index)"), requestID: "r\(index)")
            #expect(answer.config.killSwitch)
            #expect(answer.result.items.count == min(10, answer.result.eligibleCount))
            #expect(answer.result.items.allSatisfy { $0.stage == .d })
            if answer.config.exposed { exposed += 1 }
        }
        #expect(exposed < 30)  // the emergency baseline exposes 10% of buckets
    }
}
