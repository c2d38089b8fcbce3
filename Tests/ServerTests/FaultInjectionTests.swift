import Foundation
import Guardrails
import HTTPTypes
import HummingbirdTesting
import NIOCore
import RankingCore
import Testing
@testable import Server

/// Fault injection (SPEC §6): absent by default, operator-only, strict, confined, expiring,
/// audited, and doing to requests what it says.
@Suite struct FaultInjectionTests {
    static let operatorHeaders = AdminRouteTests.bearer(TestTokens.operatorToken)

    static func post(_ client: any TestClientProtocol, _ body: String, headers: HTTPFields = operatorHeaders) async throws -> (HTTPResponse.Status, [String: Any]) {
        try await client.execute(uri: "/v1/admin/faults", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
            (response.status, (try? jsonObject(response.body)) ?? [:])
        }
    }

    @Test func absentWithoutTheFlag() async throws {
        try await withRouter(try makeComponents()) { client in
            for method in [HTTPRequest.Method.get, .post, .delete] {
                try await client.execute(uri: "/v1/admin/faults", method: method, headers: Self.operatorHeaders,
                                         body: ByteBuffer(string: #"{"stage":"content","error_rate":1,"duration_s":5}"#)) { response in
                    #expect(response.status == .notFound, "\(method) /v1/admin/faults without --allow-fault-injection")
                }
            }
        }
    }

    @Test func operatorOnlyAndStrict() async throws {
        let components = try makeComponents(faults: FaultInjection(enabled: true))
        try await withRouter(components) { client in
            try await client.execute(uri: "/v1/admin/faults", method: .get, headers: AdminRouteTests.bearer(TestTokens.viewer)) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/v1/admin/faults", method: .get) { #expect($0.status == .unauthorized) }
            let refused: [(String, String)] = [
                (#"{"stage":"cache","error_rate":1,"duration_s":5}"#, "stage"),
                (#"{"stage":"content","error_rate":1.5,"duration_s":5}"#, "error_rate"),
                (#"{"stage":"content","latency_ms":10001,"duration_s":5}"#, "latency_ms"),
                (#"{"stage":"content","error_rate":1}"#, "duration_s"),
                (#"{"stage":"content","error_rate":1,"duration_s":3601}"#, "duration_s"),
                (#"{"stage":"content","duration_s":5}"#, "error_rate"),
                (#"{"stage":"content","max_items":3,"duration_s":5}"#, "max_items"),
                (#"{"stage":"response","error_rate":0.5,"duration_s":5}"#, "error_rate"),
                (#"{"stage":"model","error_rate":1,"duration_s":5,"region":"eu"}"#, "region"),
                (#"{"stage":"content","error_rate":1,"duration_s":5,"colour":"red"}"#, "colour"),
            ]
            for (body, field) in refused {
                let (status, json) = try await Self.post(client, body)
                #expect(status == .badRequest, "\(body)")
                #expect(json.value("error", "field") as? String == field, "\(body): \(json)")
            }
            #expect(components.faults.active.isEmpty)
        }
    }

    @Test func stageFaultsFailAndDelayOnlyTheirScope() async throws {
        let directory = try temporaryDirectory()
        let audit = directory.appendingPathComponent("audit.jsonl").path
        let components = try makeComponents(auditPath: audit, faults: FaultInjection(enabled: true))
        try await withRouter(components) { client in
            let (status, fault) = try await Self.post(client, #"{"stage":"collaborative","error_rate":1,"latency_ms":30,"duration_s":60,"region":"eu"}"#)
            #expect(status == .ok)
            #expect(fault["id"] as? String == "f1")
        }
        var eu = RecommendationQuery(userID: TestModel.knownUser)
        eu.region = "eu"
        var us = eu
        us.region = "us"
        let started = ContinuousClock.now
        let faulted = try await components.service.recommend(eu, requestID: "r1")
        #expect(ContinuousClock.now - started >= .milliseconds(30))
        #expect(faulted.result.failures.map(\.stage) == [.collaborative])
        #expect(faulted.result.items.count == min(10, faulted.result.eligibleCount))  // the fallback covers
        let clean = try await components.service.recommend(us, requestID: "r2")
        #expect(clean.result.failures.isEmpty)
        let monitor = try #require(components.service.guardrails as? RollbackGuardrailMonitor)
        let window = monitor.window.snapshot(now: Date())
        #expect(window.global.errors == 1)  // the stage failure counts for the operator

        try await withRouter(components) { client in
            try await client.execute(uri: "/v1/admin/faults", method: .delete, headers: Self.operatorHeaders) { response in
                #expect(response.status == .ok)
                let lifted = try jsonObject(response.body)["lifted"] as? [String]
                #expect(lifted == ["f1"])
            }
        }
        #expect(try await components.service.recommend(eu, requestID: "r3").result.failures.isEmpty)
        let kinds = try AuditLog.readAll(path: audit).records.compactMap { (try JSONSerialization.jsonObject(with: $0) as? [String: Any])?["kind"] as? String }
        #expect(kinds == ["fault_injected", "fault_lifted"])
    }

    @Test func responseFaultShortensListsAndFaultsExpire() async throws {
        let clock = TestClock()
        let faults = FaultInjection(enabled: true, clock: { clock.now })
        let components = try makeComponents(faults: faults)
        _ = faults.add(target: .response, errorRate: 0, latencyMs: 0, maxItems: 3, durationSeconds: 5, region: nil, cohort: nil, actor: "test")
        let short = try await components.service.recommend(RecommendationQuery(userID: TestModel.knownUser), requestID: "r1")
        #expect(short.result.items.count == 3)
        clock.advance(5)
        #expect(faults.forRequest(region: nil, cohort: nil) == nil)  // expired: ignored at once
        let full = try await components.service.recommend(RecommendationQuery(userID: TestModel.knownUser), requestID: "r2")
        #expect(full.result.items.count == 10)
        #expect(faults.removeExpired().map(\.id) == ["f1"])
        #expect(faults.active.isEmpty)
    }

    @Test func aFailedModelLoadIsCriticalUntilTheFaultIsLifted() async throws {
        let components = try makeComponents(faults: FaultInjection(enabled: true))
        let monitor = try #require(components.service.guardrails as? RollbackGuardrailMonitor)
        _ = components.faults.add(target: .model, errorRate: 1, latencyMs: 0, maxItems: nil, durationSeconds: 60, region: nil, cohort: nil, actor: "test")
        await #expect(throws: APIError.self) { _ = try await components.reloadModel(path: "/nonexistent", actor: "test") }
        #expect(monitor.window.snapshot(now: Date()).criticalFailures["model_load"] != nil)
        #expect(components.service.models.loaded?.source == "test")  // the old model keeps serving
        components.liftFaults(actor: "test", reason: "drill over")
        #expect(monitor.window.snapshot(now: Date()).criticalFailures.isEmpty)
    }

    @Test func aRealLoadFailureStaysCriticalWhenFaultsAreLifted() async throws {
        let components = try makeComponents(faults: FaultInjection(enabled: true))
        let monitor = try #require(components.service.guardrails as? RollbackGuardrailMonitor)
        _ = components.faults.add(target: .content, errorRate: 1, latencyMs: 0, maxItems: nil, durationSeconds: 60, region: nil, cohort: nil, actor: "test")
        await #expect(throws: APIError.self) { _ = try await components.reloadModel(path: "/nonexistent.grk", actor: "test") }
        components.liftFaults(actor: "test", reason: "drill over")
        #expect(monitor.window.snapshot(now: Date()).criticalFailures["model_load"] != nil)
    }
}

/// A settable clock for expiry.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_800_000_000)
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: Double) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}

extension Dictionary where Key == String, Value == Any {
    func value(_ first: String, _ second: String) -> Any? { (self[first] as? [String: Any])?[second] }
}
