import Foundation

/// Polls `GET /v1/admin/guardrails` on its own thread and keeps the timeline a drill is
/// judged on: when each state and stage was first seen, P1 evaluations, the window.
final class GuardrailWatcher: @unchecked Sendable {
    /// One poll, `at` in seconds since the drill's epoch.
    struct Sample {
        var at: Double
        var state: String
        var stage: String
        var scope: String
        var rollbacks: Int
        var lock: String
        var severity: String?
        var triggers: [String]
        var windowRequests: Double
        var windowErrors: Double
        var windowCoverage: Double?
        var windowP95Ms: Double?
    }

    private let client: AdminClient
    private let clock: DrillClock
    private let lock = NSLock()
    private var samples: [Sample] = []
    private var failure: String?
    private var running = true
    private var thread: Thread?

    init(client: AdminClient, clock: DrillClock) {
        self.client = client
        self.clock = clock
    }

    func start() {
        let thread = Thread { [self] in
            while lock.withLock({ running }) {
                do {
                    let sample = Self.sample(try client.call("GET", "/v1/admin/guardrails"), at: clock.now())
                    lock.withLock { samples.append(sample) }
                } catch {
                    lock.withLock { if failure == nil { failure = "\(error)" } }
                }
                usleep(DrillDefaults.pollMicros)
            }
        }
        self.thread = thread
        thread.start()
    }

    func stop() {
        lock.withLock { running = false }
        while let thread, !thread.isFinished { usleep(5_000) }
    }

    var latest: Sample? { lock.withLock { samples.last } }
    var all: [Sample] { lock.withLock { samples } }
    /// Polls fail while a server restarts; the last such error, for the report.
    var lastFailure: String? { lock.withLock { failure } }

    /// Waits until a sample taken after `after` satisfies `condition`; its time, or nil at the timeout.
    func wait(after: Double = 0, timeout: Double, _ condition: (Sample) -> Bool) -> Double? {
        let deadline = clock.now() + timeout
        while clock.now() < deadline {
            if let hit = lock.withLock({ samples.last(where: { $0.at >= after && condition($0) }) }) {
                return lock.withLock { samples.first(where: { $0.at >= after && condition($0) })?.at } ?? hit.at
            }
            usleep(DrillDefaults.pollMicros)
        }
        return nil
    }

    static func sample(_ json: [String: Any], at: Double) -> Sample {
        let status = (json.value("controller", "status") as? [String: Any]) ?? [:]
        let assessment = status["last_assessment"] as? [String: Any]
        let breaches = (assessment?["breaches"] as? [[String: Any]]) ?? []
        let window = (json.value("controller", "window", "global") as? [String: Any]) ?? [:]
        return Sample(
            at: at, state: json.string("state") ?? "?", stage: json.string("stage") ?? "?",
            scope: describe(status["scope"]), rollbacks: Int(json.number("rollbacks") ?? 0), lock: json.string("lock") ?? "none",
            severity: assessment?["severity"] as? String, triggers: breaches.compactMap { $0["trigger"] as? String },
            windowRequests: window.number("requests") ?? 0, windowErrors: window.number("errors") ?? 0,
            windowCoverage: window.number("coverage"), windowP95Ms: window.number("p95_ms"))
    }

    /// `everywhere`, or `region=eu`-style from the scope's JSON.
    static func describe(_ scope: Any?) -> String {
        guard let scope = scope as? [String: Any] else { return "everywhere" }
        var parts: [String] = []
        for (key, name) in [("region_scope", "region"), ("cohort_scope", "cohort"), ("client_scope", "client")] {
            if let values = scope[key] as? [String], !values.isEmpty { parts.append("\(name)=\(values.joined(separator: ","))") }
        }
        return parts.isEmpty ? "everywhere" : parts.joined(separator: " ")
    }
}
