import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import RankingCore
import Testing
@testable import Server

@Suite struct RecommendationRouteTests {
    @Test func knownUserGetsAFullPersonalisedList() async throws {
        try await withRouter(try makeComponents()) { client in
            try await client.execute(uri: "/v1/recommendations/\(TestModel.knownUser)?k=7&titles=true", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect(response.headers[HTTPField.Name("X-Request-ID")!] != nil)
                let body = try jsonObject(response.body)
                #expect(body["user_id"] as? String == TestModel.knownUser)
                #expect(body["k"] as? Int == 7)
                #expect(body["k_returned"] as? Int == 7)
                #expect(body["known_user"] as? Bool == true)
                #expect(body["policy"] as? String == "hybrid_default")
                #expect(body["config_version"] as? String == "shipped-defaults")
                #expect(body["model_version"] as? String == TestModel.model.version)
                let items = try #require(body["items"] as? [[String: Any]])
                #expect(items.count == 7)
                #expect(items.allSatisfy { $0["item_id"] is String && $0["score"] != nil && $0["stage"] is String && $0["title"] is String })
                for key in ["request_id", "bucket", "exposed", "fallback_stage", "eligible", "stage_failures"] {
                    #expect(body[key] != nil, "missing \(key)")
                }
            }
        }
    }

    @Test func unknownAndColdUsersStillGetFullLists() async throws {
        try await withRouter(try makeComponents()) { client in
            for uri in ["/v1/recommendations/nobody-knows-me", "/v1/recommendations/cold?recent_item_ids=\(TestModel.itemID)&k=5"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok)
                    let body = try jsonObject(response.body)
                    #expect(body["known_user"] as? Bool == false)
                    #expect(body["k_returned"] as? Int == min(body["k"] as! Int, body["eligible"] as! Int))
                }
            }
        }
    }

    @Test func requestIDIsHonouredWhenValidAndReplacedWhenNot() async throws {
        try await withRouter(try makeComponents()) { client in
            try await client.execute(uri: "/v1/recommendations/u1", method: .get, headers: [HTTPField.Name("X-Request-ID")!: "abc-123"]) { response in
                #expect(response.headers[HTTPField.Name("X-Request-ID")!] == "abc-123")
                let parsed = try jsonObject(response.body)
                #expect(parsed["request_id"] as? String == "abc-123")
            }
            let long = String(repeating: "x", count: 129)
            try await client.execute(uri: "/v1/recommendations/u1", method: .get, headers: [HTTPField.Name("X-Request-ID")!: long]) { response in
                let id = try #require(response.headers[HTTPField.Name("X-Request-ID")!])
                #expect(id != long && !id.isEmpty)
            }
        }
    }

    @Test func filtersAreAppliedAndExclusionsNeverReturned() async throws {
        let excluded = Array(TestModel.model.catalog.itemIDs.prefix(5))
        try await withRouter(try makeComponents()) { client in
            let uri = "/v1/recommendations/\(TestModel.knownUser)?k=20&exclude_item_ids=\(excluded.joined(separator: ","))&include_categories=\(TestModel.category)"
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .ok)
                let body = try jsonObject(response.body)
                let ids = (body["items"] as! [[String: Any]]).map { $0["item_id"] as! String }
                #expect(Set(ids).isDisjoint(with: excluded))
                #expect(body["k_returned"] as? Int == min(20, body["eligible"] as! Int))
            }
        }
    }

    @Test func postTakesTheSameFieldsAsJSON() async throws {
        try await withRouter(try makeComponents()) { client in
            let body = #"{"user_id":"\#(TestModel.knownUser)","k":4,"region":"eu","exclude_item_ids":["\#(TestModel.itemID)"],"include_seen":false}"#
            try await client.execute(uri: "/v1/recommendations", method: .post, headers: [.contentType: "application/json"],
                                     body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["k_returned"] as? Int == 4)
                #expect(!(json["items"] as! [[String: Any]]).contains { $0["item_id"] as? String == TestModel.itemID })
            }
        }
    }

    @Test func similarItemsAndUnknownItem() async throws {
        try await withRouter(try makeComponents()) { client in
            try await client.execute(uri: "/v1/items/\(TestModel.itemID)/similar?k=5", method: .get) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect(json["k_returned"] as? Int == 5)
                #expect(!(json["items"] as! [[String: Any]]).contains { $0["item_id"] as? String == TestModel.itemID })
            }
            try await client.execute(uri: "/v1/items/no-such-item/similar", method: .get) { response in
                #expect(response.status == .notFound)
                let error = try jsonObject(response.body)["error"] as? [String: Any]
                #expect(error?["field"] as? String == "item_id")
            }
        }
    }

    @Test func kReturnedIsMinOfKAndEligibleForEveryK() async throws {
        try await withRouter(try makeComponents()) { client in
            for k in [1, 2, 10, 149, 150, 1_000] {
                try await client.execute(uri: "/v1/recommendations/\(TestModel.knownUser)?k=\(k)&include_seen=true", method: .get) { response in
                    let json = try jsonObject(response.body)
                    #expect(json["k_returned"] as? Int == min(k, json["eligible"] as! Int), "k=\(k)")
                    #expect((json["items"] as! [Any]).count == json["k_returned"] as? Int)
                }
            }
        }
    }

    @Test func notReadyWithoutAModel() async throws {
        try await withRouter(try makeComponents(model: nil)) { client in
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .serviceUnavailable) }
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/recommendations/u", method: .get) { #expect($0.status == .serviceUnavailable) }
        }
    }

    @Test func operationsRoutes() async throws {
        try await withRouter(try makeComponents()) { client in
            try await client.execute(uri: "/v1/recommendations/u1", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                let parsed = try jsonObject(response.body)
                #expect(parsed["model_version"] as? String == TestModel.model.version)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains(#"guardrank_http_requests_total{route="/v1/recommendations/{user_id}",method="GET",status="200"} 1"#))
                #expect(text.contains("guardrank_http_request_duration_seconds_bucket{"))
                for name in ["guardrank_rollback_state{", "guardrank_toggles_reload_failures_total", "guardrank_cache_hits_total",
                             "guardrank_events_dropped_total", "guardrank_guardrail_window_requests"] {
                    #expect(text.contains(name), "missing \(name)")
                }
            }
        }
    }
}
