import Foundation
public import RankingCore
import Synchronization

/// What a fault breaks (SPEC §6 "Fault injection"): one ranking stage, model loading, or the
/// response itself. Stage faults never shorten a list (the fallback covers them, down to the
/// catalog order), so `response` is the fault that does: it cuts lists to `max_items`, as a
/// serialisation or filtering bug would, for the coverage guardrail's drill.
public enum FaultTarget: String, Sendable, CaseIterable {
    case collaborative
    case content
    case popularity
    case contentExpansion = "content_expansion"
    case model
    case response

    var stage: RankingStage? { RankingStage(rawValue: rawValue) }
}

/// One active fault, as `POST /v1/admin/faults` set it.
public struct Fault: Sendable, Equatable {
    public var id: String
    public var target: FaultTarget
    /// Share of requests (or model loads) that fail, 0…1.
    public var errorRate: Double
    /// Added to every request that runs the stage (or to every model load).
    public var latencyMs: Int
    /// `response` faults: lists are cut to this many items.
    public var maxItems: Int?
    /// Confined to requests from this region / cohort when set.
    public var region: String?
    public var cohort: String?
    public var setAt: Date
    public var expiresAt: Date
    public var actor: String

    func applies(region: String?, cohort: String?) -> Bool {
        (self.region == nil || self.region == region) && (self.cohort == nil || self.cohort == cohort)
    }

    /// One line for the audit trail and logs.
    public var summary: String {
        var parts = ["\(target.rawValue):"]
        if errorRate > 0 { parts.append("error_rate \(errorRate)") }
        if latencyMs > 0 { parts.append("latency_ms \(latencyMs)") }
        if let maxItems { parts.append("max_items \(maxItems)") }
        if let region { parts.append("region \(region)") }
        if let cohort { parts.append("cohort \(cohort)") }
        parts.append("for \(Int(expiresAt.timeIntervalSince(setAt).rounded())) s")
        return parts.joined(separator: " ")
    }
}

/// The server's faults, for incident drills. Off unless `serve --allow-fault-injection`;
/// when no fault is active a request pays one relaxed atomic load (`forRequest` returns nil
/// and the ranker runs without a hook), measured in `Benchmarks/` (docs/drills.md).
public final class FaultInjection: Sendable {
    /// False: the admin routes are not registered (404) and nothing can be injected.
    public let enabled: Bool
    private let any = Atomic<Bool>(false)
    private let faults = Mutex<[Fault]>([])
    private let counter = Atomic<Int>(0)
    private let clock: @Sendable () -> Date

    public init(enabled: Bool, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.enabled = enabled
        self.clock = clock
    }

    /// Adds a fault (the caller validated it) and returns it with its id.
    public func add(target: FaultTarget, errorRate: Double, latencyMs: Int, maxItems: Int?, durationSeconds: Int,
                    region: String?, cohort: String?, actor: String) -> Fault {
        let now = clock()
        let id = "f\(counter.add(1, ordering: .relaxed).newValue)"
        let fault = Fault(id: id, target: target, errorRate: errorRate, latencyMs: latencyMs, maxItems: maxItems, region: region,
                          cohort: cohort, setAt: now, expiresAt: now.addingTimeInterval(Double(durationSeconds)), actor: actor)
        faults.withLock {
            $0.append(fault)
            any.store(true, ordering: .relaxed)
        }
        return fault
    }

    /// Lifts every fault; returns the ones that were still active.
    @discardableResult
    public func liftAll() -> [Fault] {
        let now = clock()
        return faults.withLock {
            let lifted = $0.filter { $0.expiresAt > now }
            $0.removeAll()
            any.store(false, ordering: .relaxed)
            return lifted
        }
    }

    /// Removes the faults past their `duration_s`; returns them (for the audit trail).
    public func removeExpired() -> [Fault] {
        let now = clock()
        return faults.withLock {
            let expired = $0.filter { $0.expiresAt <= now }
            guard !expired.isEmpty else { return [] }
            $0.removeAll { $0.expiresAt <= now }
            if $0.isEmpty { any.store(false, ordering: .relaxed) }
            return expired
        }
    }

    /// The faults in force now.
    public var active: [Fault] {
        guard any.load(ordering: .relaxed) else { return [] }
        let now = clock()
        return faults.withLock { $0.filter { $0.expiresAt > now } }
    }

    /// The hook for one request, or nil when no fault applies to it (the common case: one
    /// atomic load, no clock read, no allocation).
    public func forRequest(region: String?, cohort: String?) -> RequestFaults? {
        guard any.load(ordering: .relaxed) else { return nil }
        let applying = active.filter { $0.target != .model && $0.applies(region: region, cohort: cohort) }
        return applying.isEmpty ? nil : RequestFaults(applying)
    }

    /// A model load's fault, if one is active: (fail?, added latency).
    public func forModelLoad() -> (fails: Bool, latencyMs: Int)? {
        let model = active.filter { $0.target == .model }
        guard !model.isEmpty else { return nil }
        let fails = model.contains { $0.errorRate > 0 && Double.random(in: 0..<1) < $0.errorRate }
        return (fails, model.map(\.latencyMs).max() ?? 0)
    }
}

/// The ranking stage hook for one request: a stage whose fault fires throws (the ranker
/// records a stage failure and falls back), and each stage that ran adds its latency, which
/// the service then waits out without holding a thread.
public final class RequestFaults: StageFaultInjector {
    let faults: [Fault]
    private let delayMs = Atomic<Int>(0)

    init(_ faults: [Fault]) {
        self.faults = faults
        // A response fault's latency falls on every request it applies to.
        delayMs.store(faults.reduce(0) { $0 + ($1.target == .response ? $1.latencyMs : 0) }, ordering: .relaxed)
    }

    public struct Injected: Error, CustomStringConvertible {
        public let fault: String
        public var description: String { "injected fault \(fault)" }
    }

    public func check(_ stage: RankingStage, userID: String) throws {
        for fault in faults where fault.target.stage == stage {
            if fault.latencyMs > 0 { delayMs.add(fault.latencyMs, ordering: .relaxed) }
            if fault.errorRate > 0 && Double.random(in: 0..<1) < fault.errorRate { throw Injected(fault: fault.id) }
        }
    }

    /// Latency the stages that ran added to this request.
    public var addedDelay: Duration { .milliseconds(delayMs.load(ordering: .relaxed)) }

    /// The shortest `max_items` of the response faults, if any.
    public var maxItems: Int? { faults.compactMap { $0.target == .response ? $0.maxItems : nil }.min() }
}
