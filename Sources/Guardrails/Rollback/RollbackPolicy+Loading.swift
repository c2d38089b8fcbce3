public import Foundation

/// A rollback policy file that cannot be used: names the file, the field and the reason.
public struct RollbackPolicyError: Error, CustomStringConvertible, Equatable {
    private enum Code: Equatable { case unreadable, notJSON, missing, unknownKey, wrongType, outOfRange, inconsistent }
    private let code: Code
    public let path: String
    /// Dotted field path, e.g. "p1.coverage_below"; empty for the file as a whole.
    public let field: String
    public let reason: String

    public var description: String { field.isEmpty ? "\(path): \(reason)" : "\(path): \(field): \(reason)" }

    static func unreadable(_ path: String, _ reason: String) -> Self { .init(code: .unreadable, path: path, field: "", reason: reason) }
    static func notJSON(_ path: String, _ reason: String) -> Self { .init(code: .notJSON, path: path, field: "", reason: reason) }
    static func missing(_ path: String, _ field: String) -> Self { .init(code: .missing, path: path, field: field, reason: "required field is missing") }
    static func unknownKey(_ path: String, _ field: String) -> Self { .init(code: .unknownKey, path: path, field: field, reason: "unknown field (a typo?)") }
    static func wrongType(_ path: String, _ field: String, _ expected: String) -> Self { .init(code: .wrongType, path: path, field: field, reason: "expected \(expected)") }
    static func outOfRange(_ path: String, _ field: String, _ reason: String) -> Self { .init(code: .outOfRange, path: path, field: field, reason: reason) }
    static func inconsistent(_ path: String, _ field: String, _ reason: String) -> Self { .init(code: .inconsistent, path: path, field: field, reason: reason) }
}

extension RollbackPolicy {
    /// Reads and validates a policy file. Every field is required (the file is the record
    /// of what the operator chose); `notes` and any key starting with `_` are comments.
    public static func load(path: String) throws(RollbackPolicyError) -> RollbackPolicy {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch { throw .unreadable(path, "cannot read: \(error.localizedDescription)") }
        return try parse(data, path: path)
    }

    public static func parse(_ data: Data, path: String) throws(RollbackPolicyError) -> RollbackPolicy {
        guard let json = try? JSONSerialization.jsonObject(with: data), let root = json as? [String: Any] else {
            throw .notJSON(path, "not a JSON object")
        }
        let r = Reader(path: path)
        try r.onlyKeys(root, "", [
            "schema_version", "latency_target_ms", "p1", "p2", "min_requests", "min_errors", "min_cache_lookups",
            "stage_effect_seconds", "p1_start_stage", "critical_stage", "corrupt_state_stage",
            "degraded_dwell_evaluations", "recovery_dwell_evaluations", "verify_dwell_evaluations", "backoff", "notes",
        ])
        guard try r.int(root, "", "schema_version", 1...1) == 1 else { throw .outOfRange(path, "schema_version", "must be 1") }
        let policy = RollbackPolicy(
            latencyTargetMs: try r.number(root, "", "latency_target_ms", 0.001...600_000),
            p1: try r.thresholds(root, "p1", cacheAllowed: false),
            p2: try r.thresholds(root, "p2", cacheAllowed: true),
            minRequests: try r.int(root, "", "min_requests", 1...10_000_000),
            minErrors: try r.int(root, "", "min_errors", 1...10_000_000),
            minCacheLookups: try r.int(root, "", "min_cache_lookups", 1...10_000_000),
            stageEffectSeconds: try r.number(root, "", "stage_effect_seconds", 1...3600),
            p1StartStage: try r.stage(root, "p1_start_stage"),
            criticalStage: try r.stage(root, "critical_stage"),
            corruptStateStage: try r.stage(root, "corrupt_state_stage"),
            degradedDwellEvaluations: try r.int(root, "", "degraded_dwell_evaluations", 1...86_400),
            recoveryDwellEvaluations: try r.int(root, "", "recovery_dwell_evaluations", 1...86_400),
            verifyDwellEvaluations: try r.int(root, "", "verify_dwell_evaluations", 1...86_400),
            backoff: try r.backoff(root)
        )
        if policy.p2.coverageBelow < policy.p1.coverageBelow {
            throw .inconsistent(path, "p2.coverage_below", "the warning level must not be below P1's \(policy.p1.coverageBelow)")
        }
        if policy.p2.p95LatencyFactor > policy.p1.p95LatencyFactor {
            throw .inconsistent(path, "p2.p95_latency_factor", "the warning level must not be above P1's \(policy.p1.p95LatencyFactor)")
        }
        if policy.p2.errorRateAbove > policy.p1.errorRateAbove {
            throw .inconsistent(path, "p2.error_rate_above", "the warning level must not be above P1's \(policy.p1.errorRateAbove)")
        }
        if policy.backoff.maxRecoveryDwellEvaluations < policy.recoveryDwellEvaluations {
            throw .inconsistent(path, "backoff.max_recovery_dwell_evaluations", "must be at least recovery_dwell_evaluations")
        }
        return policy
    }
}

/// Field-by-field reading with the dotted path in every error.
private struct Reader {
    let path: String

    func field(_ prefix: String, _ key: String) -> String { prefix.isEmpty ? key : "\(prefix).\(key)" }

    func onlyKeys(_ object: [String: Any], _ prefix: String, _ allowed: Set<String>) throws(RollbackPolicyError) {
        for key in object.keys.sorted() where !allowed.contains(key) && !key.hasPrefix("_") {
            throw .unknownKey(path, field(prefix, key))
        }
    }

    func object(_ parent: [String: Any], _ key: String) throws(RollbackPolicyError) -> [String: Any] {
        guard let value = parent[key] else { throw .missing(path, key) }
        guard let object = value as? [String: Any] else { throw .wrongType(path, key, "an object") }
        return object
    }

    /// JSON `true` is an NSNumber too; Foundation marks it with the "c" (char) type.
    static func isBoolean(_ number: NSNumber) -> Bool {
        String(describing: type(of: number)).contains("Boolean") || String(cString: number.objCType) == "c"
    }

    func number(_ object: [String: Any], _ prefix: String, _ key: String, _ range: ClosedRange<Double>) throws(RollbackPolicyError) -> Double {
        guard let value = object[key] else { throw .missing(path, field(prefix, key)) }
        guard let number = value as? NSNumber, !Self.isBoolean(number) else {
            throw .wrongType(path, field(prefix, key), "a number")
        }
        let double = number.doubleValue
        guard range.contains(double) else {
            throw .outOfRange(path, field(prefix, key), "\(double) is outside \(range.lowerBound)…\(range.upperBound)")
        }
        return double
    }

    func int(_ object: [String: Any], _ prefix: String, _ key: String, _ range: ClosedRange<Int>) throws(RollbackPolicyError) -> Int {
        let double = try number(object, prefix, key, Double(range.lowerBound)...Double(range.upperBound))
        guard double == double.rounded() else { throw .wrongType(path, field(prefix, key), "a whole number") }
        return Int(double)
    }

    func stage(_ object: [String: Any], _ key: String) throws(RollbackPolicyError) -> RollbackStage {
        guard let value = object[key] else { throw .missing(path, key) }
        guard let name = value as? String, let stage = RollbackStage(rawValue: name), stage != .none else {
            throw .wrongType(path, key, "one of stage1, stage2, stage3, emergency")
        }
        return stage
    }

    func thresholds(_ root: [String: Any], _ key: String, cacheAllowed: Bool) throws(RollbackPolicyError) -> RollbackPolicy.Thresholds {
        let o = try object(root, key)
        var allowed: Set<String> = ["coverage_below", "p95_latency_factor", "error_rate_above", "consecutive_evaluations"]
        if cacheAllowed { allowed.insert("cache_hit_rate_below") }
        try onlyKeys(o, key, allowed)
        return .init(
            coverageBelow: try number(o, key, "coverage_below", 0...1),
            p95LatencyFactor: try number(o, key, "p95_latency_factor", 0.01...1000),
            errorRateAbove: try number(o, key, "error_rate_above", 0...1),
            cacheHitRateBelow: cacheAllowed ? try number(o, key, "cache_hit_rate_below", 0...1) : nil,
            consecutiveEvaluations: try int(o, key, "consecutive_evaluations", 1...3600)
        )
    }

    func backoff(_ root: [String: Any]) throws(RollbackPolicyError) -> RollbackPolicy.Backoff {
        let o = try object(root, "backoff")
        try onlyKeys(o, "backoff", ["multiplier", "max_recovery_dwell_evaluations", "decay_evaluations"])
        return .init(
            multiplier: try number(o, "backoff", "multiplier", 1...10),
            maxRecoveryDwellEvaluations: try int(o, "backoff", "max_recovery_dwell_evaluations", 1...604_800),
            decayEvaluations: try int(o, "backoff", "decay_evaluations", 1...604_800)
        )
    }
}
