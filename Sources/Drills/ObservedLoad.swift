import Foundation
import LoadGenerator
import Synchronization

/// Open-loop client load for a drill (constant rate, Zipf users, regions in turn), keeping
/// what each client saw: status, list length, policy, fallback stage and latency from the
/// schedule (coordinated omission corrected, as in `guardrank bench`). Runs until stopped.
final class ObservedLoad: @unchecked Sendable {
    struct Observation {
        /// Scheduled send time, seconds since the drill's epoch.
        var at: Double
        var latencyMs: Double
        /// 0: no HTTP answer (connection refused or reset, timeout).
        var status: Int
        var region: String
        var k: Int
        var kReturned: Int
        var policy: String
        var fallbackStage: String
    }

    private final class Worker: @unchecked Sendable {
        let lock = NSLock()
        var observations: [Observation] = []
    }

    private let host: String
    private let port: Int
    private let clock: DrillClock
    private let workers = (0..<DrillDefaults.connections).map { _ in Worker() }
    private let stopFlag = NSLock()
    private var stopped = false
    private var threads: [Thread] = []

    init(host: String, port: Int, clock: DrillClock) {
        self.host = host
        self.port = port
        self.clock = clock
    }

    func start() {
        let sampler = ZipfSampler(count: DrillDefaults.users, exponent: 1.0)
        let next = Atomic<Int>(0)
        let begin = clock.now() + 0.02
        let interval = 1 / DrillDefaults.rate
        threads = workers.map { worker in
            Thread { [self] in
                let connection = HTTPConnection(host: host, port: port)
                var rng = SystemRandomNumberGenerator()
                while !stopFlag.withLock({ stopped }) {
                    let index = next.add(1, ordering: .relaxed).oldValue
                    let due = begin + Double(index) * interval
                    let wait = due - clock.now()
                    if wait > 0 { usleep(UInt32(wait * 1e6)) }
                    if stopFlag.withLock({ stopped }) { break }
                    let region = DrillDefaults.regions[index % DrillDefaults.regions.count]
                    let path = "/v1/recommendations/u\(sampler.rank(using: &rng))?k=\(DrillDefaults.k)&region=\(region)"
                    var observation = Observation(at: due, latencyMs: 0, status: 0, region: region, k: DrillDefaults.k, kReturned: 0,
                                                  policy: "", fallbackStage: "")
                    if let (status, body) = try? connection.request("GET", path) {
                        observation.status = status
                        observation.kReturned = ResponseFields.int("k_returned", in: body) ?? 0
                        observation.policy = ResponseFields.string("policy", in: body) ?? ""
                        observation.fallbackStage = ResponseFields.string("fallback_stage", in: body) ?? ""
                    } else {
                        usleep(10_000)  // the server is down (a restart drill): do not spin
                    }
                    observation.latencyMs = (clock.now() - due) * 1000
                    worker.lock.withLock { worker.observations.append(observation) }
                }
                connection.close()
            }
        }
        for thread in threads { thread.start() }
    }

    func stop() {
        stopFlag.withLock { stopped = true }
        while threads.contains(where: { !$0.isFinished }) { usleep(5_000) }
    }

    /// What clients saw with a scheduled time in `range`, in time order.
    func observations(in range: ClosedRange<Double> = 0...Double.infinity) -> [Observation] {
        workers.flatMap { worker in worker.lock.withLock { worker.observations.filter { range.contains($0.at) } } }
            .sorted { $0.at < $1.at }
    }
}

/// Reads a few top-level fields of a recommendations answer without a JSON parser (the
/// server writes them first, unescaped, once each).
enum ResponseFields {
    static func int(_ name: String, in body: [UInt8]) -> Int? {
        guard let start = valueStart(name, in: body) else { return nil }
        var value = 0
        var index = start
        var digits = 0
        while index < body.count, body[index] >= 0x30, body[index] <= 0x39 {
            value = value * 10 + Int(body[index] - 0x30)
            index += 1
            digits += 1
        }
        return digits > 0 ? value : nil
    }

    static func string(_ name: String, in body: [UInt8]) -> String? {
        guard let start = valueStart(name, in: body), start < body.count, body[start] == 0x22 else { return nil }
        guard let end = body[(start + 1)...].firstIndex(of: 0x22) else { return nil }
        return String(decoding: body[(start + 1)..<end], as: UTF8.self)
    }

    private static func valueStart(_ name: String, in body: [UInt8]) -> Int? {
        let key = Array("\"\(name)\":".utf8)
        guard body.count >= key.count else { return nil }
        var index = 0
        while index <= body.count - key.count {
            if body[index] == key[0] && Array(body[index..<index + key.count]) == key { return index + key.count }
            index += 1
        }
        return nil
    }
}
