import Foundation
import Testing

/// `guardrank bench` (SPEC §9) against the real `guardrank serve`, both binaries, over loopback.
@Suite(.serialized) struct BenchEndToEndTests {
    /// The same small model the serve end-to-end tests use.
    static var model: String { ServeEndToEndTests.fixtures.model }

    /// Runs `guardrank bench` with `arguments`; returns its exit code and stdout.
    func bench(_ arguments: [String]) throws -> (status: Int32, stdout: String) {
        let process = Process()
        process.executableURL = ServeProcess.binary
        process.arguments = ["bench"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func constantRateAgainstTheServerAllSucceed() throws {
        let server = try ServeProcess(arguments: ["--model", Self.model])
        defer { server.terminate() }
        let user = TestModel.knownUser
        let run = try bench(["--url", "http://127.0.0.1:\(server.port)/v1/recommendations/{user}?k=5", "--rate", "100",
                             "--duration", "1", "--connections", "4", "--users", "1", "--user-prefix", user, "--zipf", "0",
                             "--json"])
        #expect(run.status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(report["scheduled"] as? Int == 100)
        #expect(report["succeeded"] as? Int == 100)
        #expect(report["transport_errors"] as? Int == 0)
        #expect((report["status_errors"] as? [String: Int])?.isEmpty == true)
        let p50 = try #require(report["p50_us"] as? Double), p99 = try #require(report["p99_us"] as? Double)
        #expect(p50 > 0 && p99 >= p50)
    }

    @Test func non2xxAnswersAreCountedByStatus() throws {
        let server = try ServeProcess(arguments: ["--model", Self.model])
        defer { server.terminate() }
        let run = try bench(["--url", "http://127.0.0.1:\(server.port)/v1/recommendations/{user}?k=0", "--rate", "50",
                             "--duration", "0.4", "--json"])
        #expect(run.status == 1)  // nothing succeeded: the work failed
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect((report["status_errors"] as? [String: Int])?["400"] == 20)
    }

    @Test func noServerIsAFailureAndBadUsageIsExitTwo() throws {
        #expect(try bench(["--url", "http://127.0.0.1:1", "--rate", "10", "--duration", "0.2"]).status == 1)
        #expect(try bench(["--url", "https://127.0.0.1:1"]).status == 2)
        #expect(try bench(["--url", "http://127.0.0.1:1", "--rate", "-5"]).status == 2)
    }
}
