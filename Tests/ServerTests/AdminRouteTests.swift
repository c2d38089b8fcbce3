import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import Server

@Suite struct AdminRouteTests {
    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

    @Test func tokensAndRoles() async throws {
        try await withRouter(try makeComponents()) { client in
            try await client.execute(uri: "/v1/admin/toggles", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
            }
            try await client.execute(uri: "/v1/admin/toggles", method: .get, headers: Self.bearer("not-a-real-token-at-all")) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/v1/admin/toggles", method: .get, headers: Self.bearer(TestTokens.viewer)) {
                #expect($0.status == .ok)
            }
            let body = ByteBuffer(string: #"{"enabled":true,"reason":"drill"}"#)
            try await client.execute(uri: "/v1/admin/kill-switch", method: .post, headers: Self.bearer(TestTokens.viewer), body: body) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/v1/admin/kill-switch", method: .post, headers: Self.bearer(TestTokens.operatorToken), body: body) {
                #expect($0.status == .ok)
            }
        }
    }

    @Test func tokenComparisonNeedsTheWholeToken() {
        #expect(TestTokens.tokens.authenticate(TestTokens.viewer)?.name == "vera")
        #expect(TestTokens.tokens.authenticate(String(TestTokens.viewer.dropLast())) == nil)
        #expect(TestTokens.tokens.authenticate(TestTokens.viewer + "x") == nil)
        #expect(TestTokens.tokens.authenticate("") == nil)
    }

    @Test func killSwitchServesTheEmergencyBaselineAndIsAudited() async throws {
        let directory = try temporaryDirectory()
        let components = try makeComponents(auditPath: directory.appendingPathComponent("audit.jsonl").path)
        try await withRouter(components) { client in
            try await client.execute(uri: "/v1/admin/kill-switch", method: .post, headers: Self.bearer(TestTokens.operatorToken),
                                     body: ByteBuffer(string: #"{"enabled":true,"reason":"incident 42"}"#)) { #expect($0.status == .ok) }
            for user in ["a", "b", "c", "d", TestModel.knownUser] {
                try await client.execute(uri: "/v1/recommendations/\(user)?k=5", method: .get) { response in
                    let json = try jsonObject(response.body)
                    #expect(json["fallback_stage"] as? String == "D")
                    #expect(json["k_returned"] as? Int == 5)
                    #expect(["content_only", "baseline"].contains(json["policy"] as? String))
                }
            }
            try await client.execute(uri: "/v1/admin/audit?limit=10", method: .get, headers: Self.bearer(TestTokens.viewer)) { response in
                let json = try jsonObject(response.body)
                #expect(json["total"] as? Int == 1)
                let record = try #require((json["records"] as? [[String: Any]])?.first)
                #expect(record["kind"] as? String == "kill_switch")
                #expect(record["actor"] as? String == "otto")
                #expect(record["reason"] as? String == "incident 42")
                #expect(!String(data: try JSONSerialization.data(withJSONObject: json), encoding: .utf8)!.contains(TestTokens.operatorToken))
            }
        }
    }

    @Test func overridePinsAStageAndResetClearsIt() async throws {
        try await withRouter(try makeComponents()) { client in
            try await client.execute(uri: "/v1/admin/guardrails/override", method: .post, headers: Self.bearer(TestTokens.operatorToken),
                                     body: ByteBuffer(string: #"{"action":"pin_stage","stage":"stage2","reason":"test"}"#)) { response in
                #expect(response.status == .ok)
                let parsed = try jsonObject(response.body)
                #expect(parsed["state"] as? String == "ROLLED_BACK")
            }
            // Stage 2: content only, CF off, starting at filter pruning (C).
            try await client.execute(uri: "/v1/recommendations/\(TestModel.knownUser)", method: .get) { response in
                let json = try jsonObject(response.body)
                if json["exposed"] as? Bool == true { #expect(json["policy"] as? String == "content_only") }
                #expect((json["items"] as! [[String: Any]]).allSatisfy { ["C", "D"].contains($0["stage"] as? String) })
            }
            try await client.execute(uri: "/v1/admin/guardrails/override", method: .post, headers: Self.bearer(TestTokens.operatorToken),
                                     body: ByteBuffer(string: #"{"action":"reset","reason":"done"}"#)) { response in
                let parsed = try jsonObject(response.body)
                #expect(parsed["state"] as? String == "NORMAL")
            }
            try await client.execute(uri: "/v1/admin/guardrails", method: .get, headers: Self.bearer(TestTokens.viewer)) { response in
                let parsed = try jsonObject(response.body)
                #expect((parsed["overrides"] as? [Any])?.isEmpty == true)
            }
        }
    }

    @Test func modelReloadSwapsAGoodSnapshotAndRefusesACorruptOne() async throws {
        let directory = try temporaryDirectory()
        let good = try TestModel.snapshot(in: directory)
        let corrupt = directory.appendingPathComponent("corrupt.grk").path
        var bytes = try Data(contentsOf: URL(fileURLWithPath: good))
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: corrupt))
        let components = try makeComponents()
        try await withRouter(components) { client in
            try await client.execute(uri: "/v1/admin/model/reload", method: .post, headers: Self.bearer(TestTokens.operatorToken),
                                     body: ByteBuffer(string: #"{"path":"\#(corrupt)"}"#)) { response in
                #expect(response.status == .conflict)
                let error = try jsonObject(response.body)["error"] as? [String: Any]
                #expect(error?["field"] as? String == "path")
            }
            try await client.execute(uri: "/v1/admin/model/reload", method: .post, headers: Self.bearer(TestTokens.operatorToken),
                                     body: ByteBuffer(string: #"{"path":"\#(directory.path)/missing.grk"}"#)) { #expect($0.status == .conflict) }
            try await client.execute(uri: "/v1/recommendations/u1", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/admin/model/reload", method: .post, headers: Self.bearer(TestTokens.operatorToken),
                                     body: ByteBuffer(string: #"{"path":"\#(good)"}"#)) { response in
                #expect(response.status == .ok)
                let parsed = try jsonObject(response.body)
                #expect(parsed["model_version"] as? String == TestModel.model.version)
            }
        }
        #expect(components.service.models.failureCount == 2)
        #expect(components.service.models.loaded?.source == good)
    }

    @Test func explainAndToggles() async throws {
        try await withRouter(try makeComponents()) { client in
            try await client.execute(uri: "/v1/admin/toggles/explain?user=u1&region=eu", method: .get, headers: Self.bearer(TestTokens.viewer)) { response in
                #expect(response.status == .ok)
                let json = try jsonObject(response.body)
                #expect((1...100).contains(json["bucket"] as? Int ?? 0))
                #expect(json["exposed"] is Bool)
            }
        }
    }
}
