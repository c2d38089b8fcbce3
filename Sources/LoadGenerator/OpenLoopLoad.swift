import Foundation
public import Histogram
import Synchronization

/// An open-loop load generator: request i is due at start + i/rate whatever happened to the
/// ones before it, so the offered load is constant (SPEC §7), users drawn by Zipf.
///
/// `connections` threads each own one keep-alive connection and take the next due request
/// from a shared counter; a thread that falls behind sends late and the lateness counts in
/// that request's latency.
public struct OpenLoopLoad: Sendable {
    public struct Configuration: Sendable {
        public var target: LoadTarget
        public var url: String
        public var rate: Double
        public var duration: Double
        public var connections: Int
        public var users: Int
        public var zipfExponent: Double
        public var userPrefix: String

        public init(target: LoadTarget, url: String, rate: Double = LoadGeneratorDefaults.rate,
                    duration: Double = LoadGeneratorDefaults.duration, connections: Int = LoadGeneratorDefaults.connections,
                    users: Int = LoadGeneratorDefaults.users, zipfExponent: Double = LoadGeneratorDefaults.zipfExponent,
                    userPrefix: String = "u") {
            self.target = target
            self.url = url
            self.rate = rate
            self.duration = duration
            self.connections = connections
            self.users = users
            self.zipfExponent = zipfExponent
            self.userPrefix = userPrefix
        }
    }

    public var configuration: Configuration

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Per-thread results, merged at the end (no shared lock on the request path).
    private final class WorkerResult: @unchecked Sendable {
        var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
        var succeeded = 0
        var statusErrors: [Int: Int] = [:]
        var transportErrors = 0
        var firstError: String?
    }

    public func run() -> LoadReport {
        let c = configuration
        let total = Int(c.rate * c.duration)
        let intervalNanos = 1e9 / c.rate
        let sampler = ZipfSampler(count: c.users, exponent: c.zipfExponent)
        let next = Atomic<Int>(0)
        let results = (0..<c.connections).map { _ in WorkerResult() }
        let startNanos = Self.now() + 20_000_000  // 20 ms for the threads to start
        let threads = (0..<c.connections).map { worker in
            Thread {
                let result = results[worker]
                let connection = HTTPConnection(host: c.target.host, port: c.target.port)
                var rng = SystemRandomNumberGenerator()
                while true {
                    let index = next.add(1, ordering: .relaxed).oldValue
                    guard index < total else { break }
                    let due = startNanos + UInt64(Double(index) * intervalNanos)
                    Self.sleep(until: due)
                    let path = c.target.path(user: c.userPrefix + String(sampler.rank(using: &rng)))
                    do {
                        let status = try connection.get(path)
                        if (200..<300).contains(status) {
                            result.succeeded += 1
                            _ = result.histogram.record(max(1, (Self.now() &- due) / 1_000))
                        } else {
                            result.statusErrors[status, default: 0] += 1
                        }
                    } catch {
                        result.transportErrors += 1
                        if result.firstError == nil { result.firstError = "\(error)" }
                    }
                }
                connection.close()
            }
        }
        for thread in threads { thread.start() }
        // Foundation's Thread has no join; the run ends when every worker has left its loop.
        while threads.contains(where: { !$0.isFinished }) { usleep(10_000) }
        let elapsed = Double(Self.now() - startNanos) / 1e9
        return report(results, total: total, elapsed: max(elapsed, c.duration))
    }

    private func report(_ results: [WorkerResult], total: Int, elapsed: Double) -> LoadReport {
        var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
        var statusErrors: [String: Int] = [:]
        for result in results {
            histogram.add(result.histogram)
            for (status, count) in result.statusErrors { statusErrors[String(status), default: 0] += count }
        }
        let succeeded = results.reduce(0) { $0 + $1.succeeded }
        func percentile(_ p: Double) -> Double { succeeded == 0 ? 0 : Double(histogram.valueAtPercentile(p)) }
        return LoadReport(
            url: configuration.url, targetRate: configuration.rate, durationSeconds: configuration.duration,
            connections: configuration.connections, scheduled: total, succeeded: succeeded, statusErrors: statusErrors,
            transportErrors: results.reduce(0) { $0 + $1.transportErrors },
            achievedRate: Double(succeeded) / elapsed,
            p50Micros: percentile(50), p90Micros: percentile(90), p99Micros: percentile(99), p999Micros: percentile(99.9),
            maxMicros: succeeded == 0 ? 0 : Double(histogram.maxRecorded),
            firstError: results.compactMap(\.firstError).first)
    }

    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    static func sleep(until due: UInt64) {
        let current = now()
        guard due > current else { return }
        let wait = due - current
        var request = timespec(tv_sec: Int(wait / 1_000_000_000), tv_nsec: Int(wait % 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}
