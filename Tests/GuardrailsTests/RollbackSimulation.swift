import Foundation
import Synchronization
@testable import Guardrails

/// Deterministic RNG (SplitMix64) so every simulated run is the same run.
struct SeededRNG: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func chance(_ p: Double) -> Bool { unit() < p }
    /// Log-normal with the given median and shape (Box–Muller).
    mutating func logNormal(median: Double, sigma: Double) -> Double {
        let u1 = max(unit(), 1e-12), u2 = unit()
        return median * exp(sigma * sqrt(-2 * log(u1)) * cos(2 * .pi * u2))
    }
}

/// A virtual clock the controller reads; the simulation moves it.
final class VirtualClock: Sendable {
    private let time: Mutex<Date>
    init(_ start: Date) { time = Mutex(start) }
    var now: Date { time.withLock { $0 } }
    func set(_ date: Date) { time.withLock { $0 = date } }
}

/// Feeds synthetic traffic through the real `MetricsWindow` and `RollbackController` on a
/// virtual clock: each virtual second the traffic closure produces that second's requests
/// (it sees the override layer in force, so a rollback can fix the fault it models), they
/// are recorded, and the controller ticks at the start of the next second.
final class RollbackSimulation {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    let directory: URL
    let window: MetricsWindow
    let clock = VirtualClock(RollbackSimulation.start)
    private(set) var controller: RollbackController
    let policy: RollbackPolicy
    var rng: SeededRNG
    /// Virtual seconds since the start.
    private(set) var second = 0
    private(set) var changes: [(second: Int, change: RollbackChange)] = []
    var statePath: String { directory.appendingPathComponent("rollback_state.json").path }
    var auditPath: String { directory.appendingPathComponent("audit.jsonl").path }

    init(policy: RollbackPolicy = .default, seed: UInt64 = 42) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("guardrank-rollback-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.policy = policy
        rng = SeededRNG(seed: seed)
        window = MetricsWindow()
        let clock = self.clock
        controller = RollbackController(
            policy: policy, window: window, store: RollbackStateStore(path: directory.appendingPathComponent("rollback_state.json").path),
            audit: try AuditLog(path: directory.appendingPathComponent("audit.jsonl").path), clock: { clock.now })
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    var state: RollbackState { controller.status.state }
    var stage: RollbackStage { controller.status.stage }

    /// Runs `seconds` virtual seconds; `traffic(second, overrides, &rng)` returns that second's requests.
    func run(_ seconds: Int, traffic: (Int, [ScopedPatch], inout SeededRNG) -> [RequestSample]) {
        for _ in 0..<seconds {
            let overrides = controller.overrides
            for sample in traffic(second, overrides, &rng) { window.record(sample) }
            second += 1
            let now = Self.start.addingTimeInterval(Double(second))
            clock.set(now)
            if let change = controller.tick(now: now) { changes.append((second, change)) }
        }
    }

    /// Runs until `condition` holds or `limit` seconds pass; returns the seconds taken, or nil.
    func run(until condition: (RollbackSimulation) -> Bool, limit: Int, traffic: (Int, [ScopedPatch], inout SeededRNG) -> [RequestSample]) -> Int? {
        let begin = second
        while second - begin < limit {
            run(1, traffic: traffic)
            if condition(self) { return second - begin }
        }
        return nil
    }

    /// A new controller over the same state file, audit log and window, as after a restart.
    func restart() throws {
        let clock = self.clock
        controller = RollbackController(
            policy: policy, window: window, store: RollbackStateStore(path: statePath), audit: try AuditLog(path: auditPath), clock: { clock.now })
    }

    func auditRecords() throws -> [[String: Any]] {
        try AuditLog.readAll(path: auditPath).records.map { try JSONSerialization.jsonObject(with: $0) as! [String: Any] }
    }

    var transitions: [RollbackChange] { changes.map(\.change).filter { $0.kind == .transition } }
    /// Seconds at which the controller entered ROLLED_BACK from another state.
    var rollbackSeconds: [Int] { changes.filter { $0.change.to == .rolledBack && $0.change.from != .rolledBack }.map(\.second) }
}

/// Traffic building blocks.
enum Traffic {
    static let regions = ["eu", "us", "apac"]
    static let cohorts = ["new", "casual", "power"]

    /// The rollback stage in force for a request from `region`/`cohort`.
    static func stage(_ overrides: [ScopedPatch], region: String, cohort: String) -> RollbackStage {
        overrides.filter { $0.scope.matches(region: region, cohort: cohort, client: nil) }
            .compactMap { RollbackStage(rawValue: String($0.source.dropFirst("rollback:".count))) }.max() ?? .none
    }

    /// One healthy request: log-normal latency around 12 ms, full lists, cache mostly hits.
    static func healthy(_ rng: inout SeededRNG, region: String? = nil, cohort: String? = nil, latencyMs: Double? = nil) -> RequestSample {
        let ms = latencyMs ?? rng.logNormal(median: 12, sigma: 0.45)
        return RequestSample(
            latencyNanos: UInt64(ms * 1_000_000), k: 10, kReturned: 10, cacheHit: rng.chance(0.85),
            bucket: Int(rng.next() % 100) + 1,
            cohort: cohort ?? cohorts[Int(rng.next() % 3)], region: region ?? regions[Int(rng.next() % 3)])
    }

    /// `count` requests a second; `modify` may turn a healthy one into a faulty one.
    static func steady(_ count: Int, _ modify: @escaping (inout RequestSample, Int, [ScopedPatch], inout SeededRNG) -> Void = { _, _, _, _ in })
        -> (Int, [ScopedPatch], inout SeededRNG) -> [RequestSample]
    {
        { second, overrides, rng in
            (0..<count).map { _ in
                var sample = healthy(&rng)
                modify(&sample, second, overrides, &rng)
                return sample
            }
        }
    }
}
