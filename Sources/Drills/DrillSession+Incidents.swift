import Foundation

/// The drills that inject a fault and watch the controller answer it.
extension DrillSession {
    func cfErrors(_ report: inout DrillReport) throws {
        let audit = auditTotal()
        let injected = clock.now()
        try inject(["stage": "collaborative", "error_rate": 0.05])
        let rolledBack = watcher.wait(after: injected, timeout: DrillDefaults.rollbackSeconds + DrillDefaults.slackSeconds) { $0.state == "ROLLED_BACK" }
        report.expect(rolledBack.map { $0 - injected <= DrillDefaults.rollbackSeconds } ?? false,
                      "not ROLLED_BACK within \(Int(DrillDefaults.rollbackSeconds)) s (\(rolledBack.map { String(format: "%.1f s", $0 - injected) } ?? "never"))")
        let stage2 = watcher.wait(after: injected, timeout: 3 * stageEffectSeconds + DrillDefaults.slackSeconds) { Self.level($0.stage) >= Self.level("stage2") }
        report.expect(stage2 != nil, "Stage 2 was never reached")
        if let stage2 {
            // The fault is still on: a window without errors means Stage 2 stopped them.
            let clean = watcher.wait(after: stage2, timeout: Double(windowSeconds) + DrillDefaults.slackSeconds) { $0.windowErrors == 0 && $0.windowRequests > 0 }
            report.expect(clean != nil, "the window still counts errors \(windowSeconds) s after Stage 2")
            if let clean { report.measurements["errors_stopped_after_stage2_s"] = clean - stage2 }
        }
        try finishIncident(&report, injected: injected, audit: audit)
    }

    func contentLatency(_ report: inout DrillReport) throws {
        let audit = auditTotal()
        let injected = clock.now()
        try inject(["stage": "content", "latency_ms": 120])
        let rolledBack = watcher.wait(after: injected, timeout: DrillDefaults.rollbackSeconds + DrillDefaults.slackSeconds) { $0.state == "ROLLED_BACK" }
        report.expect(rolledBack != nil, "never ROLLED_BACK")
        report.expect(watcher.all.contains { $0.at >= injected && $0.triggers.contains("p95_latency") && $0.severity == "P1" },
                      "no latency P1 evaluation")
        let limit = p1LatencyLimitMs
        let back = watcher.wait(after: rolledBack ?? injected, timeout: 4 * stageEffectSeconds + Double(windowSeconds) + DrillDefaults.slackSeconds) {
            $0.state == "ROLLED_BACK" && ($0.windowP95Ms ?? .infinity) <= limit
        }
        report.expect(back != nil, "the window's p95 never came back under \(limit) ms while the fault was on")
        if let back { report.measurements["p95_back_s"] = back - injected }
        try finishIncident(&report, injected: injected, audit: audit)
    }

    func coverage(_ report: inout DrillReport) throws {
        // Phase 1, held so it rolls nothing back: every stage fails, lists stay full.
        try admin.call("POST", "/v1/admin/guardrails/override", body: ["action": "hold", "reason": "drill coverage: phase 1 must not roll back"])
        let phase1 = clock.now()
        for stage in ["collaborative", "content", "content_expansion", "popularity"] { try inject(["stage": stage, "error_rate": 1.0]) }
        usleep(3_000_000)
        try lift()
        let phase1End = clock.now()
        let during = load.observations(in: phase1 + 0.2...phase1End).filter { $0.status == 200 }
        let short = during.filter { $0.kReturned < $0.k }.count
        report.measurements["phase1_requests"] = Double(during.count)
        report.measurements["phase1_short_lists"] = Double(short)
        report.expect(!during.isEmpty && short == 0, "with every stage failing, \(short) of \(during.count) lists came back short")
        report.notes.append("every stage failing for 3 s: \(during.count) answers, \(short) short (the fallback ends in catalog order): stage faults cannot move coverage; the `response` fault (max_items) does")
        // The window forgets phase 1 before the controller may look again.
        _ = watcher.wait(after: phase1End, timeout: Double(windowSeconds) + DrillDefaults.slackSeconds) { $0.windowErrors == 0 && $0.windowRequests > 0 }
        try admin.call("POST", "/v1/admin/guardrails/override", body: ["action": "reset", "reason": "drill coverage: phase 1 over"])
        // The status shows the last evaluation: wait for one made after the reset.
        let reset = clock.now()
        _ = watcher.wait(after: reset, timeout: 5) { $0.state == "NORMAL" && $0.severity == "healthy" }

        // Phase 2: lists cut to half.
        let audit = auditTotal()
        let injected = clock.now()
        try inject(["stage": "response", "max_items": DrillDefaults.k / 2])
        let rolledBack = watcher.wait(after: injected, timeout: DrillDefaults.rollbackSeconds + DrillDefaults.slackSeconds) { $0.state == "ROLLED_BACK" }
        report.expect(rolledBack != nil, "never ROLLED_BACK")
        report.expect(watcher.all.contains { $0.at >= injected && $0.severity == "P1" && $0.triggers.contains("coverage") },
                      "no coverage P1 evaluation")
        try finishIncident(&report, injected: injected, audit: audit, shortListsDuringFault: true)
    }

    func modelLoad(_ report: inout DrillReport) throws {
        let model = try admin.call("GET", "/v1/admin/model")
        let source = model.string("source") ?? "embedded"
        let audit = auditTotal()
        let injected = clock.now()
        try inject(["stage": "model", "error_rate": 1.0])
        let (status, _) = try admin.send("POST", "/v1/admin/model/reload", body: ["path": source])
        report.expect(status == 409, "the failed reload answered \(status), not 409")
        let after = try admin.call("GET", "/v1/admin/model")
        report.expect(after.string("model_version") == model.string("model_version"), "the serving model changed after a failed load")
        let rolledBack = watcher.wait(after: injected, timeout: 3 + DrillDefaults.slackSeconds) { $0.state == "ROLLED_BACK" }
        report.expect(rolledBack.map { $0 - injected <= 3 } ?? false, "not ROLLED_BACK within 3 s of a critical failure")
        let critical = policy.string("critical_stage") ?? "stage3"
        report.expect(watcher.all.first { $0.at >= injected && $0.state == "ROLLED_BACK" }?.stage == critical,
                      "the first rolled-back stage was not the policy's critical stage \(critical)")
        report.expect(watcher.all.contains { $0.at >= injected && $0.triggers.contains { $0.hasPrefix("critical:") } }, "no critical evaluation")
        try finishIncident(&report, injected: injected, audit: audit) {
            // A real file loads again; the embedded model has no path, lifting the fault withdraws the failure.
            guard source != "embedded" else { return nil }
            let (status, _) = try self.admin.send("POST", "/v1/admin/model/reload", body: ["path": source])
            return status == 200 ? nil : "reloading \(source) after the drill answered \(status)"
        }
    }

    func regional(_ report: inout DrillReport) throws {
        let audit = auditTotal()
        let injected = clock.now()
        let faulted = DrillDefaults.faultedRegion
        try inject(["stage": "collaborative", "error_rate": 0.05, "region": faulted])
        let rolledBack = watcher.wait(after: injected, timeout: DrillDefaults.rollbackSeconds + DrillDefaults.slackSeconds) { $0.state == "ROLLED_BACK" }
        report.expect(rolledBack != nil, "never ROLLED_BACK")
        if let rolledBack {
            usleep(UInt32(min(stageEffectSeconds - 1, 5) * 1e6))
            let scope = watcher.all.first { $0.at >= rolledBack && $0.state == "ROLLED_BACK" }?.scope ?? "?"
            report.expect(scope == "region=\(faulted)", "rolled back with scope '\(scope)', not region=\(faulted)")
            // Other regions: the same answers (policy and fallback stage mix) as before the fault.
            let before = beforeIncident(injected).filter { $0.region != faulted && $0.status == 200 }
            let during = load.observations(in: rolledBack + 1...clock.now()).filter { $0.region != faulted && $0.status == 200 }
            let faultedDuring = load.observations(in: rolledBack + 1...clock.now()).filter { $0.region == faulted && $0.status == 200 }
            let shares = (Self.shares(before), Self.shares(during), Self.shares(faultedDuring))
            report.notes.append("policy mix outside \(faulted) before \(shares.0), during \(shares.1); in \(faulted) during \(shares.2)")
            let drift = Set(shares.0.keys).union(shares.1.keys).map { abs((shares.0[$0] ?? 0) - (shares.1[$0] ?? 0)) }.max() ?? 0
            report.expect(drift <= 0.1, "answers outside \(faulted) changed: policy shares moved by \(String(format: "%.2f", drift))")
        }
        try finishIncident(&report, injected: injected, audit: audit)
    }

    func relapse(_ report: inout DrillReport) throws {
        let audit = auditTotal()
        let first = clock.now()
        var waits: [Double] = []
        for cycle in 1...DrillDefaults.relapses {
            let injected = clock.now()
            try inject(["stage": "collaborative", "error_rate": 0.05])
            guard watcher.wait(after: injected, timeout: DrillDefaults.rollbackSeconds + DrillDefaults.slackSeconds, { $0.state == "ROLLED_BACK" }) != nil else {
                report.failures.append("cycle \(cycle): never ROLLED_BACK")
                break
            }
            try lift()
            let lifted = clock.now()
            guard let verify = watcher.wait(after: lifted, timeout: recoveryTimeout(), { $0.state == "RECOVERY_VERIFY" }),
                  watcher.wait(after: verify, timeout: recoveryTimeout(), { $0.state == "NORMAL" }) != nil
            else {
                report.failures.append("cycle \(cycle): no recovery to NORMAL")
                break
            }
            waits.append(verify - lifted)
            log("  relapse \(cycle): RECOVERY_VERIFY \(String(format: "%.1f", verify - lifted)) s after the lift")
        }
        // The dwell each recovery waited, as the controller wrote it in the audit trail.
        let dwells = auditRecords(from: audit).compactMap { record -> Double? in
            guard record["to"] as? String == "RECOVERY_VERIFY", let trigger = record["trigger"] as? String,
                  let match = trigger.firstMatch(of: /green for (\d+) evaluations/) else { return nil }
            return Double(match.1)
        }
        for (index, dwell) in dwells.enumerated() { report.measurements["dwell_\(index + 1)_evaluations"] = dwell }
        for (index, wait) in waits.enumerated() { report.measurements["lift_to_verify_\(index + 1)_s"] = wait }
        report.expect(dwells.count == DrillDefaults.relapses, "\(dwells.count) recoveries audited, not \(DrillDefaults.relapses)")
        report.expect(zip(dwells, dwells.dropFirst()).allSatisfy { $0 < $1 }, "recovery dwells \(dwells) do not grow")
        report.expect(zip(waits, waits.dropFirst()).allSatisfy { $0 < $1 }, "lift-to-recovery times \(waits.map { Int($0) }) do not grow")
        judge(&report, injected: first, lifted: nil, auditStart: audit)
    }

    /// Lifts the fault, runs `afterLift`, waits for NORMAL and judges the incident.
    func finishIncident(_ report: inout DrillReport, injected: Double, audit: Int, shortListsDuringFault: Bool = false,
                        afterLift: () throws -> String? = { nil }) throws {
        try lift()
        let lifted = clock.now()
        if let failure = try afterLift() { report.failures.append(failure) }
        let normal = watcher.wait(after: lifted, timeout: recoveryTimeout()) { $0.state == "NORMAL" }
        report.expect(normal != nil, "not NORMAL within \(Int(recoveryTimeout())) s of the lift")
        judge(&report, injected: injected, lifted: lifted, auditStart: audit,
              shortListsAllowed: shortListsDuringFault ? injected...(lifted + 1) : nil)
    }

    /// Share of each policy among answers, rounded to 2 places.
    static func shares(_ observations: [ObservedLoad.Observation]) -> [String: Double] {
        guard !observations.isEmpty else { return [:] }
        var counts: [String: Int] = [:]
        for o in observations { counts[o.policy, default: 0] += 1 }
        return counts.mapValues { (Double($0) / Double(observations.count) * 100).rounded() / 100 }
    }
}
