import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import Server

/// The server with a real toggles file: config version in responses, `cache_mode` behaviour.
@Suite struct CacheAndTogglesTests {
    @Test func prewarmServesTheMostActiveUsersFromTheCache() async throws {
        let directory = try temporaryDirectory()
        let provider = try TogglesFileProvider(path: try togglesFile(in: directory), audit: nil)
        let components = try makeComponents(config: provider)
        #expect(components.service.prewarm() > 0)
        let active = try #require(components.service.models.loaded?.mostActiveUsers.first)
        try await withRouter(components) { client in
            try await client.execute(uri: "/v1/recommendations/\(active)", method: .get) { response in
                let json = try jsonObject(response.body)
                #expect(json["cache_hit"] as? Bool == true)
                #expect(json["config_version"] as? String == "2026-12-01.1")
                #expect(json["k_returned"] as? Int == 10)
            }
            // Read-through: a miss is ranked and stored, the second identical request hits.
            for expected in [false, true] {
                try await client.execute(uri: "/v1/recommendations/fresh-user?k=4", method: .get) { response in
                    let parsed = try jsonObject(response.body)
                    #expect(parsed["cache_hit"] as? Bool == expected)
                }
            }
        }
    }

    @Test func warmOnlyMissesGetTheBaseline() async throws {
        let directory = try temporaryDirectory()
        let path = try togglesFile(in: directory) { $0.replacingOccurrences(of: #""cache_mode": "prewarm""#, with: #""cache_mode": "warm_only""#) }
        let components = try makeComponents(config: try TogglesFileProvider(path: path, audit: nil))
        try await withRouter(components) { client in
            try await client.execute(uri: "/v1/recommendations/never-cached?k=6", method: .get) { response in
                let json = try jsonObject(response.body)
                #expect(json["cache_hit"] as? Bool == false)
                #expect(json["policy"] as? String == "baseline")
                #expect(json["k_returned"] as? Int == 6)
            }
        }
    }

    @Test func cacheIsDroppedWhenTheModelChanges() async throws {
        let directory = try temporaryDirectory()
        let components = try makeComponents(config: try TogglesFileProvider(path: try togglesFile(in: directory), audit: nil))
        components.service.prewarm()
        let active = try #require(components.service.models.loaded?.mostActiveUsers.first)
        var other = TestModel.model
        other.version = "another-model"
        components.service.models.install(other, source: "test")
        try await withRouter(components) { client in
            try await client.execute(uri: "/v1/recommendations/\(active)", method: .get) { response in
                let json = try jsonObject(response.body)
                #expect(json["cache_hit"] as? Bool == false)
                #expect(json["model_version"] as? String == "another-model")
            }
        }
    }

    @Test func explainUsesTheTogglesEvaluator() async throws {
        let directory = try temporaryDirectory()
        let components = try makeComponents(config: try TogglesFileProvider(path: try togglesFile(in: directory), audit: nil))
        try await withRouter(components) { client in
            try await client.execute(uri: "/v1/admin/toggles/explain?user=u1&cohort=new_users", method: .get,
                                     headers: [.authorization: "Bearer \(TestTokens.viewer)"]) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["config_version"] as? String == "2026-12-01.1")
                #expect((1...100).contains(json["bucket"] as? Int ?? 0))
            }
            try await client.execute(uri: "/v1/admin/toggles", method: .get, headers: [.authorization: "Bearer \(TestTokens.viewer)"]) { response in
                let json = try jsonObject(response.body)
                let toggles = try #require(json["toggles"] as? [String: Any])
                #expect(toggles["config_version"] as? String == "2026-12-01.1")
                #expect((toggles["last_reload"] as? [String: Any])?["ok"] as? Bool == true)
            }
        }
    }

    @Test func shadowRankingsAreLoggedWithShadowTrue() async throws {
        let directory = try temporaryDirectory()
        let events = try EventLog(directory: directory.appendingPathComponent("events").path)
        let components = try makeComponents(shadowRate: 1, events: events)
        let answer = try await components.service.recommend(RecommendationQuery(userID: TestModel.knownUser), requestID: "r1")
        #expect(answer.policy == "hybrid_default")
        #expect(events.enqueued == 2)  // the served ranking and its shadow
        #expect(events.dropped == 0)
    }
}
