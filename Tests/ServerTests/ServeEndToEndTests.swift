import Foundation
import Testing
@testable import Server

/// The real `guardrank serve` binary over loopback. `scripts/test.sh` builds it before
/// `swift test`; each test starts its own server on `--port 0` and stops it at the end.
@Suite(.serialized) struct ServeEndToEndTests {
    static let fixtures: (directory: URL, model: String, tokens: String) = {
        let directory = try! temporaryDirectory()
        let model = try! TestModel.snapshot(in: directory)
        let tokens = directory.appendingPathComponent("tokens.json").path
        try! Data(TestTokens.json.utf8).write(to: URL(fileURLWithPath: tokens))
        return (directory, model, tokens)
    }()

    func serve(_ extra: [String] = []) throws -> ServeProcess {
        try ServeProcess(arguments: ["--model", Self.fixtures.model, "--tokens", Self.fixtures.tokens] + extra)
    }

    @Test func servesUsersFiltersAndHealth() throws {
        let server = try serve()
        defer { server.terminate() }
        let http = RawHTTP(port: server.port)
        #expect(try http.send("GET", "/healthz").status == 200)
        #expect(try http.send("GET", "/readyz").status == 200)
        for target in ["/v1/recommendations/\(TestModel.knownUser)?k=10", "/v1/recommendations/stranger?k=3",
                       "/v1/recommendations/cold?recent_item_ids=\(TestModel.itemID)",
                       "/v1/recommendations/\(TestModel.knownUser)?k=50&include_categories=\(TestModel.category)&exclude_item_ids=\(TestModel.itemID)"] {
            let response = try http.send("GET", target)
            #expect(response.status == 200, "\(target)")
            let json = try response.json()
            #expect(json["k_returned"] as? Int == min(json["k"] as! Int, json["eligible"] as! Int), "\(target)")
            #expect(response.headers["x-request-id"] != nil)
        }
        let post = try http.send("POST", "/v1/recommendations", headers: ["Content-Type": "application/json"],
                                 body: Data(#"{"user_id":"\#(TestModel.knownUser)","k":5,"titles":true}"#.utf8))
        #expect(post.status == 200)
        #expect(try post.json()["k_returned"] as? Int == 5)
        let metrics = String(decoding: try http.send("GET", "/metrics").body, as: UTF8.self)
        #expect(metrics.contains("guardrank_http_requests_total{route=\"/v1/recommendations/{user_id}\",method=\"GET\",status=\"200\"} 4"))
    }

    /// Bytes no well-behaved client sends: each a 4xx (JSON when it reached the router), no
    /// crash, and `/healthz` still answers after all of them.
    @Test func malformedWireRequestsAreRefusedAndTheServerStaysUp() throws {
        let server = try serve()
        defer { server.terminate() }
        let http = RawHTTP(port: server.port)
        let raw: [Data] = [
            Data("GET /v1/recommendations/\u{FF}\u{FE}?k=3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8),
            Data([0x47, 0x45, 0x54, 0x20, 0x2F, 0x76, 0x31, 0x2F, 0x72, 0x65, 0x63, 0x6F, 0x6D, 0x6D, 0x65, 0x6E, 0x64, 0x61, 0x74, 0x69, 0x6F, 0x6E, 0x73, 0x2F, 0xC3, 0x28])
                + Data(" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8),
            Data("GET /v1/recommendations/%C3%28 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8),
            Data("POST /v1/recommendations HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{}".utf8),
            Data("POST /v1/recommendations HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{\"use".utf8),
            Data("BREW /coffee HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8),
        ]
        for bytes in raw {
            let response = try http.sendRaw(bytes)
            #expect((400..<500).contains(response.status), "\(String(decoding: bytes.prefix(60), as: UTF8.self)) -> \(response.status)")
            if response.headers["content-type"] == "application/json" {
                #expect(try response.json()["error"] != nil)
            }
        }
        // Not HTTP at all: the server may close the connection or answer 400; it must not die.
        _ = try? http.sendRaw(Data("\u{00}\u{01}garbage\r\n\r\n".utf8))
        #expect(try http.send("GET", "/healthz").status == 200)
    }

    @Test func adminAuthKillSwitchAndModelReloadOnTheAdminPort() throws {
        let audit = Self.fixtures.directory.appendingPathComponent("audit-\(UUID().uuidString).jsonl").path
        let server = try serve(["--admin-port", "0", "--audit", audit])
        defer { server.terminate() }
        let client = RawHTTP(port: server.port)
        let admin = RawHTTP(port: try #require(server.adminPort))
        #expect(try client.send("GET", "/v1/admin/toggles").status == 404)  // not on the client port
        #expect(try admin.send("GET", "/v1/admin/toggles").status == 401)
        let viewer = ["Authorization": "Bearer \(TestTokens.viewer)", "Content-Type": "application/json"]
        let operatorHeaders = ["Authorization": "Bearer \(TestTokens.operatorToken)", "Content-Type": "application/json"]
        #expect(try admin.send("GET", "/v1/admin/guardrails", headers: viewer).status == 200)
        // Fault injection is absent unless `serve --allow-fault-injection` (docs/drills.md).
        #expect(try admin.send("GET", "/v1/admin/faults", headers: operatorHeaders).status == 404)
        #expect(try admin.send("POST", "/v1/admin/faults", headers: operatorHeaders,
                               body: Data(#"{"stage":"content","error_rate":1,"duration_s":5}"#.utf8)).status == 404)
        let kill = Data(#"{"enabled":true,"reason":"e2e drill"}"#.utf8)
        #expect(try admin.send("POST", "/v1/admin/kill-switch", headers: viewer, body: kill).status == 403)
        #expect(try admin.send("POST", "/v1/admin/kill-switch", headers: operatorHeaders, body: kill).status == 200)
        let killed = try client.send("GET", "/v1/recommendations/\(TestModel.knownUser)?k=4").json()
        #expect(killed["fallback_stage"] as? String == "D")
        #expect(killed["k_returned"] as? Int == 4)
        #expect(try admin.send("POST", "/v1/admin/kill-switch", headers: operatorHeaders,
                               body: Data(#"{"enabled":false,"reason":"drill over"}"#.utf8)).status == 200)

        let corrupt = Self.fixtures.directory.appendingPathComponent("corrupt.grk").path
        try Data("GRK? definitely not a model".utf8).write(to: URL(fileURLWithPath: corrupt))
        let refused = try admin.send("POST", "/v1/admin/model/reload", headers: operatorHeaders, body: Data(#"{"path":"\#(corrupt)"}"#.utf8))
        #expect(refused.status == 409)
        #expect(try client.send("GET", "/v1/recommendations/u1").status == 200)
        // A model that failed to load is a critical failure (SPEC §5): rolled back at the next tick.
        let deadline = Date().addingTimeInterval(10)
        var state = ""
        while state != "ROLLED_BACK" && Date() < deadline {
            state = try admin.send("GET", "/v1/admin/guardrails", headers: viewer).json()["state"] as? String ?? ""
            if state != "ROLLED_BACK" { usleep(100_000) }
        }
        #expect(state == "ROLLED_BACK")
        let reloaded = try admin.send("POST", "/v1/admin/model/reload", headers: operatorHeaders,
                                      body: Data(#"{"path":"\#(Self.fixtures.model)"}"#.utf8))
        #expect(reloaded.status == 200)
        let page = try admin.send("GET", "/v1/admin/audit?limit=50", headers: viewer).json()
        #expect(page["total"] as? Int == 5)  // kill switch twice, refused reload, the rollback, reload
        #expect(!(try String(contentsOfFile: audit, encoding: .utf8)).contains(TestTokens.operatorToken))
    }

    /// A request that is half sent when SIGTERM arrives is still answered; concurrent load
    /// sees only complete 200s; the process exits 0 and its queued events reach the file.
    @Test func sigtermFinishesInFlightRequestsAndFlushesEvents() throws {
        let events = Self.fixtures.directory.appendingPathComponent("events-\(UUID().uuidString)")
        let server = try serve(["--events", events.path])
        let port = server.port
        let results = LockedArray()
        let stopLoad = LockedFlag()
        let workers = (0..<4).map { _ in
            Thread {
                while !stopLoad.value {
                    do {
                        let response = try RawHTTP(port: port).send("GET", "/v1/recommendations/u\(Int.random(in: 0..<500))?k=10")
                        results.append(response.status)
                    } catch {
                        results.append(-1)  // refused or reset: the request was never accepted
                        usleep(1_000)
                    }
                }
            }
        }
        workers.forEach { $0.start() }
        usleep(300_000)

        // Half a request: head and part of the body.
        let fd = try OpenSocket(port: port)
        let body = #"{"user_id":"\#(TestModel.knownUser)","k":3}"#
        fd.write("POST /v1/recommendations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body.prefix(10))
        usleep(100_000)
        kill(server.process.processIdentifier, SIGTERM)
        usleep(200_000)
        fd.write(String(body.dropFirst(10)))
        let response = try RawHTTP.parse(fd.readToEnd())
        #expect(response.status == 200)
        #expect(try response.json()["k_returned"] as? Int == 3)

        stopLoad.value = true
        let status = server.terminate()
        while workers.contains(where: { $0.isExecuting }) { usleep(10_000) }
        #expect(status == 0)
        let statuses = results.values
        #expect(statuses.filter { $0 == 200 }.count > 10)
        #expect(statuses.allSatisfy { $0 == 200 || $0 == -1 }, "non-200 answers: \(Set(statuses))")
        let files = try FileManager.default.contentsOfDirectory(atPath: events.path).filter { $0.hasSuffix(".jsonl") && $0.hasPrefix("events-") }
        let lines = try files.flatMap { try String(contentsOfFile: events.appendingPathComponent($0).path, encoding: .utf8).split(separator: "\n") }
        #expect(lines.count >= statuses.filter { $0 == 200 }.count)
        #expect(lines.allSatisfy { $0.contains(#""type":"ranking""#) || $0.contains(#""type":"error""#) })
    }

    /// An edit of the toggles file is served within a second or two; a broken edit is refused,
    /// counted in /metrics, and the last good version keeps serving.
    @Test func togglesEditsArePickedUpWhileServing() throws {
        let directory = try temporaryDirectory()
        let toggles = try togglesFile(in: directory)
        let events = directory.appendingPathComponent("events")
        let server = try serve(["--toggles", toggles, "--audit", directory.appendingPathComponent("audit.jsonl").path, "--events", events.path])
        defer { server.terminate() }
        let http = RawHTTP(port: server.port)
        func served() throws -> [String: Any] { try http.send("GET", "/v1/recommendations/\(TestModel.knownUser)?k=5").json() }
        #expect(try served()["config_version"] as? String == "2026-12-01.1")

        _ = try togglesFile(in: directory) {
            $0.replacingOccurrences(of: "2026-12-01.1", with: "2026-12-01.2")
                .replacingOccurrences(of: #""candidate_fallback_level": "A""#, with: #""candidate_fallback_level": "D""#)
        }
        var json: [String: Any] = [:]
        let deadline = Date().addingTimeInterval(5)
        repeat {
            usleep(50_000)
            json = try served()
        } while json["config_version"] as? String != "2026-12-01.2" && Date() < deadline
        #expect(json["config_version"] as? String == "2026-12-01.2")
        #expect(json["fallback_stage"] as? String == "D")
        #expect(json["k_returned"] as? Int == 5)

        try "{ \"metadata\": ".write(toFile: toggles, atomically: false, encoding: .utf8)  // a torn write
        usleep(1_000_000)
        #expect(try served()["config_version"] as? String == "2026-12-01.2")
        let metrics = String(decoding: try http.send("GET", "/metrics").body, as: UTF8.self)
        #expect(metrics.contains("guardrank_toggles_reload_failures_total 1"))
        #expect(server.terminate() == 0)
        let lines = try FileManager.default.contentsOfDirectory(atPath: events.path).filter { $0.hasPrefix("events-") }
            .flatMap { try String(contentsOfFile: events.appendingPathComponent($0).path, encoding: .utf8).split(separator: "\n") }
        #expect(lines.contains { $0.contains(#""type":"error""#) && $0.contains(#""component":"toggles""#) })
    }

    /// Every policy mode, switched by editing the toggles file while the binary serves: each
    /// edit is served within a few seconds, names its policy, and the list stays full.
    @Test func everyPolicyModeViaAToggleEditWhileServing() throws {
        let directory = try temporaryDirectory()
        let toggles = try togglesFile(in: directory)
        let server = try serve(["--toggles", toggles])
        defer { server.terminate() }
        let http = RawHTTP(port: server.port)
        let modes: [(mode: String, served: Set<String>)] = [
            ("content_only", ["content_only"]), ("collab_only", ["collab_only"]),
            ("bucket_gate", ["bucket_gate", "hybrid_default"]), ("hybrid_default", ["hybrid_default"]),
        ]
        for (index, entry) in modes.enumerated() {
            let version = "2026-12-01.\(index + 10)"
            _ = try togglesFile(in: directory) { text in
                var text = text.replacingOccurrences(of: "2026-12-01.1", with: version)
                if let range = text.range(of: #""policy_mode": "hybrid_default""#) {
                    text.replaceSubrange(range, with: #""policy_mode": "\#(entry.mode)""#)
                }
                return text
            }
            var json: [String: Any] = [:]
            let deadline = Date().addingTimeInterval(5)
            repeat {
                usleep(50_000)
                json = try http.send("GET", "/v1/recommendations/\(TestModel.knownUser)?k=8").json()
            } while json["config_version"] as? String != version && Date() < deadline
            #expect(json["config_version"] as? String == version, "\(entry.mode) not picked up")
            #expect(entry.served.contains(json["policy"] as? String ?? ""), "\(entry.mode) served \(json["policy"] ?? "nothing")")
            #expect(json["k_returned"] as? Int == min(8, json["eligible"] as? Int ?? -1))
        }
        #expect(server.terminate() == 0)
    }

    /// The three cache modes, switched by toggles edits while the binary serves: `cold` never
    /// hits, `prewarm` reads through (the second identical request hits), `warm_only` answers a
    /// miss with the baseline; every list stays full.
    @Test func cacheModesViaToggleEditsWhileServing() throws {
        let directory = try temporaryDirectory()
        func setMode(_ mode: String, version: String) throws {
            _ = try togglesFile(in: directory) {
                $0.replacingOccurrences(of: "2026-12-01.1", with: version)
                    .replacingOccurrences(of: #""cache_mode": "prewarm""#, with: #""cache_mode": "\#(mode)""#)
            }
        }
        try setMode("cold", version: "2026-12-01.20")
        let server = try serve(["--toggles", directory.appendingPathComponent("toggles.json").path])
        defer { server.terminate() }
        let http = RawHTTP(port: server.port)
        func get(_ user: String, waitFor version: String) throws -> [String: Any] {
            var json: [String: Any] = [:]
            let deadline = Date().addingTimeInterval(5)
            repeat {
                json = try http.send("GET", "/v1/recommendations/\(user)?k=6").json()
                if json["config_version"] as? String == version { break }
                usleep(50_000)
            } while Date() < deadline
            #expect(json["config_version"] as? String == version)
            #expect(json["k_returned"] as? Int == min(6, json["eligible"] as? Int ?? -1))
            return json
        }
        for _ in 0..<2 { #expect(try get("e2e-cold", waitFor: "2026-12-01.20")["cache_hit"] as? Bool != true) }

        try setMode("prewarm", version: "2026-12-01.21")
        _ = try get("e2e-warm", waitFor: "2026-12-01.21")
        #expect(try get("e2e-warm", waitFor: "2026-12-01.21")["cache_hit"] as? Bool == true)

        try setMode("warm_only", version: "2026-12-01.22")
        let miss = try get("e2e-never-cached", waitFor: "2026-12-01.22")
        #expect(miss["cache_hit"] as? Bool == false)
        #expect(miss["policy"] as? String == "baseline")
        #expect(server.terminate() == 0)
    }

    /// SPEC §5: a server stopped while rolled back comes back rolled back.
    @Test func aForcedRollbackSurvivesARestart() throws {
        let directory = try temporaryDirectory()
        let arguments = ["--rollback-state", directory.appendingPathComponent("state.json").path,
                         "--audit", directory.appendingPathComponent("audit.jsonl").path]
        let operatorHeaders = ["Authorization": "Bearer \(TestTokens.operatorToken)", "Content-Type": "application/json"]
        let first = try serve(arguments)
        let forced = try RawHTTP(port: first.port).send("POST", "/v1/admin/guardrails/override", headers: operatorHeaders,
                                                       body: Data(#"{"action":"force_rollback","stage":"stage2","reason":"drill"}"#.utf8))
        #expect(forced.status == 200)
        #expect(try forced.json()["state"] as? String == "ROLLED_BACK")
        #expect(first.terminate() == 0)

        let second = try serve(arguments)
        defer { second.terminate() }
        let http = RawHTTP(port: second.port)
        let status = try http.send("GET", "/v1/admin/guardrails", headers: operatorHeaders).json()
        #expect(status["state"] as? String == "ROLLED_BACK")
        #expect(status["stage"] as? String == "stage2")
        let served = try http.send("GET", "/v1/recommendations/\(TestModel.knownUser)?k=5").json()
        #expect((served["items"] as? [[String: Any]])?.allSatisfy { ["C", "D"].contains($0["stage"] as? String) } == true)
    }

    /// An operator's kill switch survives a restart until released; an unreadable state file
    /// starts with it on (unknown is treated as pulled).
    @Test func anAdminKillSwitchSurvivesARestart() throws {
        let directory = try temporaryDirectory()
        let stateFile = directory.appendingPathComponent("kill-switch.json").path
        let arguments = ["--kill-switch-state", stateFile]
        let operatorHeaders = ["Authorization": "Bearer \(TestTokens.operatorToken)", "Content-Type": "application/json"]
        func stage(_ server: ServeProcess) throws -> String? {
            try RawHTTP(port: server.port).send("GET", "/v1/recommendations/\(TestModel.knownUser)?k=4").json()["fallback_stage"] as? String
        }
        let first = try serve(arguments)
        #expect(try stage(first) == "A")
        let pulled = try RawHTTP(port: first.port).send("POST", "/v1/admin/kill-switch", headers: operatorHeaders,
                                                        body: Data(#"{"enabled":true,"reason":"incident 42"}"#.utf8))
        #expect(pulled.status == 200)
        #expect(first.terminate() == 0)

        let second = try serve(arguments)
        #expect(try stage(second) == "D", "kill switch lost in the restart")
        let released = try RawHTTP(port: second.port).send("POST", "/v1/admin/kill-switch", headers: operatorHeaders,
                                                           body: Data(#"{"enabled":false,"reason":"resolved"}"#.utf8))
        #expect(released.status == 200)
        #expect(second.terminate() == 0)

        let third = try serve(arguments)
        #expect(try stage(third) == "A")
        #expect(third.terminate() == 0)

        try "{ not json".write(toFile: stateFile, atomically: true, encoding: .utf8)
        let fourth = try serve(arguments)
        defer { fourth.terminate() }
        #expect(try stage(fourth) == "D", "an unreadable kill switch state must start pulled")
    }

    @Test func idleConnectionsAreClosed() throws {
        let server = try serve(["--idle-timeout", "1"])
        defer { server.terminate() }
        let socket = try OpenSocket(port: server.port)
        let started = Date()
        let data = socket.readToEnd()  // the server closes it; the read returns at EOF
        #expect(data.isEmpty)
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(try RawHTTP(port: server.port).send("GET", "/healthz").status == 200)
    }

    /// docs/events.md's DuckDB queries run on the events a real server wrote.
    @Test(.enabled(if: duckDBAvailable(), "duckdb is not installed (scripts/setup.sh installs it)"))
    func eventsQueriesRunInDuckDB() throws {
        let events = Self.fixtures.directory.appendingPathComponent("events-duck-\(UUID().uuidString)")
        let server = try serve(["--events", events.path])
        let http = RawHTTP(port: server.port)
        for index in 0..<60 { _ = try http.send("GET", "/v1/recommendations/u\(index)?k=\(index % 3 == 0 ? 500 : 10)&region=eu") }
        #expect(server.terminate() == 0)
        let run = Process()
        run.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let script = ServeProcess.binary.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/events_queries.py")
        run.arguments = ["python3", script.path, events.path]
        let pipe = Pipe()
        run.standardOutput = pipe
        try run.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        run.waitUntilExit()
        #expect(run.terminationStatus == 0, "\(output)")
        #expect(output.contains("-- Coverage") && output.contains("-- Latency") && output.contains("-- Rollback efficacy"))
        #expect(output.contains("'hybrid_default'"))
    }

    @Test func theBinaryLinksJemalloc() throws {
        let ldd = Process()
        ldd.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
        ldd.arguments = [ServeProcess.binary.path]
        let pipe = Pipe()
        ldd.standardOutput = pipe
        try ldd.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        ldd.waitUntilExit()
        #expect(text.contains("libjemalloc"))
    }
}
