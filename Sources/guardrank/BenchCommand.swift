import ArgumentParser
import Foundation
import LoadGenerator

/// `guardrank bench --url URL [--rate R] [--duration S] [--json]` (SPEC §9): an open-loop load
/// generator that load testers point at any instance (or at nginx, for the same-run ratio).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Open-loop HTTP load at a constant rate; latency from each request's scheduled start."
    )

    @Option(help: "http://HOST:PORT[/path]; '{user}' in the path becomes a Zipf-drawn user id. Default path: \(LoadGeneratorDefaults.pathTemplate)")
    var url: String

    @Option(help: "Requests per second.")
    var rate: Double = LoadGeneratorDefaults.rate

    @Option(help: "Seconds of load.")
    var duration: Double = LoadGeneratorDefaults.duration

    @Option(help: "Keep-alive connections, one thread each.")
    var connections: Int = LoadGeneratorDefaults.connections

    @Option(help: "Users drawn from <prefix>1…<prefix>N.")
    var users: Int = LoadGeneratorDefaults.users

    @Option(help: "User id prefix.")
    var userPrefix: String = "u"

    @Option(help: "Zipf exponent of user popularity.")
    var zipf: Double = LoadGeneratorDefaults.zipfExponent

    @Flag(help: "Print one JSON object on stdout.")
    var json = false

    func run() throws {
        let target: LoadTarget
        do {
            target = try LoadTarget(url: url)
        } catch {
            throw CommandLineIO.badInput("bench", error.description)
        }
        guard rate > 0, rate.isFinite, rate <= 1_000_000 else { throw CommandLineIO.badInput("bench", "--rate must be in (0, 1000000], got \(rate)") }
        guard duration > 0, duration <= 3_600 else { throw CommandLineIO.badInput("bench", "--duration must be in (0, 3600] seconds, got \(duration)") }
        guard (1...1_024).contains(connections) else { throw CommandLineIO.badInput("bench", "--connections must be 1…1024, got \(connections)") }
        guard users >= 1 else { throw CommandLineIO.badInput("bench", "--users must be at least 1, got \(users)") }
        guard zipf >= 0, zipf.isFinite else { throw CommandLineIO.badInput("bench", "--zipf must be 0 or more, got \(zipf)") }
        let load = OpenLoopLoad(configuration: .init(target: target, url: url, rate: rate, duration: duration,
                                                     connections: connections, users: users, zipfExponent: zipf,
                                                     userPrefix: userPrefix))
        let report = load.run()
        if json {
            try CommandLineIO.printJSON(report)
        } else {
            print(String(format: "%@: %d scheduled at %.0f/s over %.1f s, %d ok (%.0f/s), %d errors",
                         url, report.scheduled, rate, duration, report.succeeded, report.achievedRate, report.errorCount))
            print(String(format: "latency from schedule (µs): p50 %.0f  p90 %.0f  p99 %.0f  p99.9 %.0f  max %.0f",
                         report.p50Micros, report.p90Micros, report.p99Micros, report.p999Micros, report.maxMicros))
            if let first = report.firstError { print("first error: \(first)") }
        }
        // The work failed when nothing succeeded (e.g. no server there).
        if report.succeeded == 0 { throw CommandLineIO.failure("bench", "no request succeeded: \(report.firstError ?? "every answer was non-2xx")") }
    }
}
