/// The incident drills (issue 14, docs/drills.md): each makes a running server misbehave on
/// purpose and checks that the guardrails answer as written in `expectation`.
public enum Drill: String, CaseIterable, Sendable {
    case cfErrors = "cf-errors"
    case contentLatency = "content-latency"
    case coverage
    case modelLoad = "model-load"
    case killSwitch = "kill-switch"
    case regional
    case relapse
    case restart

    public var expectation: String {
        switch self {
        case .cfErrors:
            "collaborative fails on 5% of requests: ROLLED_BACK within 10 s; Stage 2 (CF off) stops the errors while the fault is on; NORMAL after the dwell once lifted"
        case .contentLatency:
            "content stage +120 ms: latency P1; escalation until the window's p95 is back under the P1 limit while the fault is on; NORMAL once lifted"
        case .coverage:
            "stage faults never shorten a list (every stage failing: zero short lists); a response cut to 5 of 10 items: coverage P1, ROLLED_BACK; NORMAL once lifted"
        case .modelLoad:
            "a model load fails: 409, the old model keeps serving, critical failure: ROLLED_BACK at the policy's critical stage at once; NORMAL once lifted"
        case .killSwitch:
            "an operator pulls the kill switch under load: every response is the emergency baseline (fallback D) within 1 s; released: answers as before within 1 s; no rollback"
        case .regional:
            "collaborative fails on 5% of requests in region eu only: ROLLED_BACK in region eu alone; other regions' answers unchanged"
        case .relapse:
            "the fault comes back 4 times: each recovery dwell is longer than the last (backoff)"
        case .restart:
            "kill -9 while ROLLED_BACK: the server comes back ROLLED_BACK at the same stage and recovers later (needs --pid)"
        }
    }

    /// The set CI runs against a debug binary (a few minutes): one drill of each mechanism.
    public static let short: [Drill] = [.cfErrors, .modelLoad, .killSwitch, .regional, .coverage]

    func run(in session: DrillSession, report: inout DrillReport) throws {
        switch self {
        case .cfErrors: try session.cfErrors(&report)
        case .contentLatency: try session.contentLatency(&report)
        case .coverage: try session.coverage(&report)
        case .modelLoad: try session.modelLoad(&report)
        case .killSwitch: try session.killSwitch(&report)
        case .regional: try session.regional(&report)
        case .relapse: try session.relapse(&report)
        case .restart: try session.restart(&report)
        }
    }
}
