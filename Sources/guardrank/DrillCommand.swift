import ArgumentParser
import Drills
import Foundation
import LoadGenerator

/// `guardrank drill NAME|all|short --url URL [--token T] [--pid P] [--json]` (SPEC §9): incident
/// drills against a running `serve --allow-fault-injection` under load (docs/drills.md).
struct DrillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drill",
        abstract: "Make a running server misbehave on purpose and check its guardrails answer (docs/drills.md).",
        discussion: "Drills: \(Drill.allCases.map(\.rawValue).joined(separator: ", ")); 'all' runs every one, 'short' the CI set (\(Drill.short.map(\.rawValue).joined(separator: ", "))). Exit 1 when a drill's expectation fails."
    )

    @Argument(help: "A drill name, 'all' or 'short'.") var name: String
    @Option(help: "The server: http://127.0.0.1:PORT (its client port, where the admin API is too).") var url: String
    @Option(help: "Operator bearer token; default GUARDRANK_DRILL_TOKEN.") var token: String?
    @Option(help: "The server's pid, for the restart drill (kill -9 and relaunch with the same command line).") var pid: Int32?
    @Flag(help: "Print one JSON object on stdout: {\"passed\":…,\"drills\":[…]}.") var json = false

    func run() throws {
        let drills: [Drill]
        switch name {
        case "all": drills = Drill.allCases
        case "short": drills = Drill.short
        default:
            guard let drill = Drill(rawValue: name) else {
                throw CommandLineIO.badInput("drill", "unknown drill '\(name)'; one of \(Drill.allCases.map(\.rawValue).joined(separator: ", ")), all, short")
            }
            drills = [drill]
        }
        let target: LoadTarget
        do { target = try LoadTarget(url: url) } catch { throw CommandLineIO.badInput("drill", error.description) }
        let token = self.token ?? ProcessInfo.processInfo.environment["GUARDRANK_DRILL_TOKEN"]
        let quiet = json
        let session = DrillSession(host: target.host, port: target.port, token: token, pid: pid) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
            _ = quiet
        }
        do { try session.start() } catch { throw CommandLineIO.failure("drill", "\(error)") }
        var reports: [DrillReport] = []
        for drill in drills {
            let report = session.run(drill)
            reports.append(report)
            if !json { print(report.line) }
            FileHandle.standardError.write(Data("  \(report.passed ? "passed" : "FAILED") in \(Int(report.durationS)) s\n".utf8))
        }
        session.stop()
        let passed = reports.allSatisfy(\.passed)
        if json { try CommandLineIO.printJSON(Summary(passed: passed, drills: reports)) }
        if !passed { throw ExitCode(1) }
    }

    struct Summary: Encodable {
        var passed: Bool
        var drills: [DrillReport]
    }
}
