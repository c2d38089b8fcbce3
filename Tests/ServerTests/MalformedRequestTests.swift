import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import Server

/// Every bad input is a 4xx with a JSON error naming the field and the reason.
@Suite struct MalformedRequestTests {
    struct Case: Sendable, CustomStringConvertible {
        var method: HTTPRequest.Method = .get
        var uri: String
        var body: String?
        var contentType: String? = "application/json"
        var status: Int
        var field: String?
        var code: String?
        var description: String { "\(method) \(uri) \(body ?? "")" }
    }

    static let longID = String(repeating: "u", count: 257)
    static let post = "/v1/recommendations"

    static let cases: [Case] = [
        // k in the query
        .init(uri: "/v1/recommendations/u1?k=abc", status: 400, field: "k"),
        .init(uri: "/v1/recommendations/u1?k=0", status: 400, field: "k"),
        .init(uri: "/v1/recommendations/u1?k=-3", status: 400, field: "k"),
        .init(uri: "/v1/recommendations/u1?k=1001", status: 400, field: "k"),
        .init(uri: "/v1/recommendations/u1?k=1.5", status: 400, field: "k"),
        .init(uri: "/v1/recommendations/u1?k=", status: 400, field: "k"),
        .init(uri: "/v1/recommendations/u1?k=99999999999999999999999", status: 400, field: "k"),
        .init(uri: "/v1/recommendations/u1?k=1&k=2", status: 400, field: "k"),
        // user ids
        .init(uri: "/v1/recommendations/\(longID)", status: 400, field: "user_id"),
        .init(uri: "/v1/recommendations/%FF%FE", status: 400, field: "user_id"),
        .init(uri: "/v1/recommendations/bad%2", status: 400, field: "user_id"),
        .init(uri: "/v1/recommendations/%00", status: 400, field: "user_id"),
        .init(uri: "/v1/recommendations/a%0Ab", status: 400, field: "user_id"),
        // other parameters
        .init(uri: "/v1/recommendations/u1?colour=red", status: 400, field: "colour", code: "unknown_parameter"),
        .init(uri: "/v1/recommendations/u1?user_id=x", status: 400, field: "user_id", code: "unknown_parameter"),
        .init(uri: "/v1/recommendations/u1?region=%C3%28", status: 400, field: "region"),
        .init(uri: "/v1/recommendations/u1?region=", status: 400, field: "region"),
        .init(uri: "/v1/recommendations/u1?cohort=\(longID)", status: 400, field: "cohort"),
        .init(uri: "/v1/recommendations/u1?include_seen=maybe", status: 400, field: "include_seen"),
        .init(uri: "/v1/recommendations/u1?titles=yes", status: 400, field: "titles"),
        .init(uri: "/v1/recommendations/u1?exclude_item_ids=a,,b", status: 400, field: "exclude_item_ids"),
        .init(uri: "/v1/recommendations/u1?%ZZ=1", status: 400, field: "query"),
        .init(uri: "/v1/items/x/similar?k=0", status: 400, field: "k"),
        .init(uri: "/v1/items/x/similar?limit=3", status: 400, field: "limit", code: "unknown_parameter"),
        .init(uri: "/v1/items/%FF/similar", status: 400, field: "item_id"),
        // JSON bodies
        .init(method: .post, uri: post, body: "", status: 400, code: "malformed_json"),
        .init(method: .post, uri: post, body: "{", status: 400, code: "malformed_json"),
        .init(method: .post, uri: post, body: "not json", status: 400, code: "malformed_json"),
        .init(method: .post, uri: post, body: "[1,2]", status: 400, field: "body", code: "wrong_type"),
        .init(method: .post, uri: post, body: "42", status: 400, field: "body", code: "wrong_type"),
        .init(method: .post, uri: post, body: "{}", status: 400, field: "user_id"),
        .init(method: .post, uri: post, body: #"{"user_id":""}"#, status: 400, field: "user_id"),
        .init(method: .post, uri: post, body: #"{"user_id":7}"#, status: 400, field: "user_id", code: "wrong_type"),
        .init(method: .post, uri: post, body: #"{"user_id":"u","k":"10"}"#, status: 400, field: "k", code: "wrong_type"),
        .init(method: .post, uri: post, body: #"{"user_id":"u","k":0}"#, status: 400, field: "k"),
        .init(method: .post, uri: post, body: #"{"user_id":"u","k":5000}"#, status: 400, field: "k"),
        .init(method: .post, uri: post, body: #"{"user_id":"u","k":true}"#, status: 400, field: "k", code: "wrong_type"),
        .init(method: .post, uri: post, body: #"{"user_id":"u","colour":"red"}"#, status: 400, field: "colour", code: "unknown_parameter"),
        .init(method: .post, uri: post, body: #"{"user_id":"u","exclude_item_ids":"a,b"}"#, status: 400, field: "exclude_item_ids", code: "wrong_type"),
        .init(method: .post, uri: post, body: #"{"user_id":"u","exclude_item_ids":[1,2]}"#, status: 400, field: "exclude_item_ids", code: "wrong_type"),
        .init(method: .post, uri: post, body: #"{"user_id":"u","include_seen":"true"}"#, status: 400, field: "include_seen", code: "wrong_type"),
        .init(method: .post, uri: post, body: #"{"user_id":"u","region":["eu"]}"#, status: 400, field: "region", code: "wrong_type"),
        .init(method: .post, uri: post, body: #"{"user_id":"\#(longID)"}"#, status: 400, field: "user_id"),
        .init(method: .post, uri: post, body: #"{"user_id":"u"}"#, contentType: "text/plain", status: 415),
        .init(method: .post, uri: post + "?k=3", body: #"{"user_id":"u"}"#, status: 400, field: "k", code: "unknown_parameter"),
        .init(method: .post, uri: post, body: #"{"user_id":"u","exclude_item_ids":["\#(String(repeating: "x", count: 70_000))"]}"#, status: 413),
        // routes and methods
        .init(uri: "/nope", status: 404, code: "not_found"),
        .init(uri: "/v1/recommendations", status: 405, code: "method_not_allowed"),
        .init(method: .delete, uri: "/v1/recommendations/u1", status: 405, code: "method_not_allowed"),
        .init(method: .post, uri: "/healthz", body: "{}", status: 405, code: "method_not_allowed"),
        .init(method: .put, uri: "/v1/admin/kill-switch", body: "{}", status: 405, code: "method_not_allowed"),
        // admin inputs (with an operator token)
        .init(uri: "/v1/admin/audit?limit=0", status: 400, field: "limit"),
        .init(uri: "/v1/admin/audit?offset=-1", status: 400, field: "offset"),
        .init(uri: "/v1/admin/toggles/explain", status: 400, field: "user"),
        .init(method: .post, uri: "/v1/admin/kill-switch", body: #"{"enabled":"yes","reason":"x"}"#, status: 400, field: "enabled", code: "wrong_type"),
        .init(method: .post, uri: "/v1/admin/kill-switch", body: #"{"enabled":true}"#, status: 400, field: "reason"),
        .init(method: .post, uri: "/v1/admin/guardrails/override", body: #"{"action":"explode","reason":"x"}"#, status: 400, field: "action"),
        .init(method: .post, uri: "/v1/admin/guardrails/override", body: #"{"action":"pin_stage","stage":"stage9","reason":"x"}"#, status: 400, field: "stage"),
        .init(method: .post, uri: "/v1/admin/model/reload", body: #"{"file":"x"}"#, status: 400, field: "file", code: "unknown_parameter"),
    ]

    @Test func tableHasAtLeastFortyCases() { #expect(Self.cases.count >= 40) }

    @Test(arguments: cases)
    func badInputIsAClear4xx(_ testCase: Case) async throws {
        try await withRouter(try makeComponents()) { client in
            var headers: HTTPFields = [.authorization: "Bearer \(TestTokens.operatorToken)"]
            if testCase.body != nil, let type = testCase.contentType { headers[.contentType] = type }
            try await client.execute(uri: testCase.uri, method: testCase.method, headers: headers,
                                     body: testCase.body.map { ByteBuffer(string: $0) }) { response in
                #expect(response.status.code == testCase.status, "\(String(buffer: response.body))")
                let error = try #require(try jsonObject(response.body)["error"] as? [String: Any])
                #expect(!((error["reason"] as? String) ?? "").isEmpty)
                if let field = testCase.field { #expect(error["field"] as? String == field) }
                if let code = testCase.code { #expect(error["code"] as? String == code) }
            }
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
        }
    }
}
