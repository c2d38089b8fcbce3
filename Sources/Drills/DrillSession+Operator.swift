import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The drills an operator's hand starts: the kill switch, and a server killed mid-incident.
extension DrillSession {
    func killSwitch(_ report: inout DrillReport) throws {
        let audit = auditTotal()
        let pulled = clock.now()
        try admin.call("POST", "/v1/admin/kill-switch", body: ["enabled": true, "reason": "drill kill-switch"])
        usleep(4_000_000)
        let released = clock.now()
        try admin.call("POST", "/v1/admin/kill-switch", body: ["enabled": false, "reason": "drill kill-switch over"])
        usleep(3_000_000)
        let window = DrillDefaults.killSwitchSeconds
        let before = beforeIncident(pulled).filter { $0.status == 200 }
        let under = load.observations(in: pulled + window...released).filter { $0.status == 200 }
        let after = load.observations(in: released + window...clock.now()).filter { $0.status == 200 }
        let notBaseline = under.filter { $0.fallbackStage != "D" }
        report.expect(!under.isEmpty && notBaseline.isEmpty,
                      "\(notBaseline.count) of \(under.count) answers more than \(window) s after the pull were not the emergency baseline (fallback D)")
        // The first answer scheduled after the pull that shows the baseline, and from when on all do.
        if let last = load.observations(in: pulled...released).filter({ $0.status == 200 && $0.fallbackStage != "D" }).last {
            report.measurements["last_non_baseline_after_pull_s"] = last.at - pulled
        }
        let shares = (Self.shares(before), Self.shares(under), Self.shares(after))
        report.notes.append("policy mix before \(shares.0), under the kill switch \(shares.1), after release \(shares.2)")
        let drift = Set(shares.0.keys).union(shares.2.keys).map { abs((shares.0[$0] ?? 0) - (shares.2[$0] ?? 0)) }.max() ?? 0
        report.expect(drift <= 0.1, "answers after the release differ from before the pull: policy shares moved by \(String(format: "%.2f", drift))")
        let states = Set(watcher.all.filter { $0.at >= pulled }.map(\.state))
        report.expect(states == ["NORMAL"], "the kill switch moved the rollback controller: \(states.sorted())")
        let records = auditRecords(from: audit).filter { $0["kind"] as? String == "kill_switch" }
        report.expect(records.count == 2, "\(records.count) kill_switch audit records, not 2 (pull and release)")
        judge(&report, injected: pulled, lifted: released, auditStart: audit)
    }

    func restart(_ report: inout DrillReport) throws {
        guard let pid else {
            report.failures.append("restart needs the server's pid: --pid P (loopback only)")
            return
        }
        let command = try ServerCommandLine(pid: pid)
        guard command.fixedPort else {
            report.failures.append("restart needs a server started with a fixed --port (it has '--port 0')")
            return
        }
        let audit = auditTotal()
        let injected = clock.now()
        try inject(["stage": "collaborative", "error_rate": 0.05])
        guard watcher.wait(after: injected, timeout: DrillDefaults.rollbackSeconds + DrillDefaults.slackSeconds, { $0.state == "ROLLED_BACK" }) != nil,
              let before = watcher.latest
        else {
            report.failures.append("never ROLLED_BACK")
            return
        }
        let killed = clock.now()
        kill(pid, SIGKILL)
        while kill(pid, 0) == 0 { usleep(10_000) }
        let newPID = try command.relaunch()
        self.pid = newPID
        report.measurements["restarted_pid"] = Double(newPID)
        log("  restart: killed \(pid) while \(before.state) at \(before.stage), relaunched as \(newPID)")
        let back = watcher.wait(after: killed + 0.1, timeout: DrillDefaults.restartSeconds) { _ in true }
        report.expect(back != nil, "the server did not answer within \(Int(DrillDefaults.restartSeconds)) s of the relaunch")
        guard let back, let first = watcher.all.first(where: { $0.at >= back }) else { return }
        report.measurements["down_s"] = back - killed
        report.expect(first.state == "ROLLED_BACK" && first.stage == before.stage,
                      "came back \(first.state) at \(first.stage), not ROLLED_BACK at \(before.stage)")
        // Faults live in memory: the restart lifted it.
        let normal = watcher.wait(after: back, timeout: recoveryTimeout()) { $0.state == "NORMAL" }
        report.expect(normal != nil, "not NORMAL within \(Int(recoveryTimeout())) s of the restart")
        judge(&report, injected: injected, lifted: killed, auditStart: audit, transportAllowed: killed - DrillDefaults.inFlightSeconds...back + 1)
        report.normalS = normal.map { $0 - back }
    }
}

/// A running server's command line, environment and directory, read from `/proc`, to start
/// it again exactly as it was.
struct ServerCommandLine {
    let executable: String
    let arguments: [String]
    let environment: [String: String]
    let directory: String

    init(pid: Int32) throws {
        func read(_ name: String) throws -> [String] {
            let data = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/\(name)"))
            return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        }
        let fm = FileManager.default
        executable = try fm.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe")
        arguments = Array(try read("cmdline").dropFirst())
        var environment: [String: String] = [:]
        for entry in try read("environ") {
            guard let equals = entry.firstIndex(of: "=") else { continue }
            environment[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
        }
        self.environment = environment
        directory = try fm.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")
    }

    var fixedPort: Bool {
        guard let index = arguments.firstIndex(of: "--port"), index + 1 < arguments.count else { return true }
        return arguments[index + 1] != "0"
    }

    /// Starts it again, detached from the drill (it outlives it); output goes to a file
    /// beside the temporary directory. Returns the new pid.
    func relaunch() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("guardrank-drill-restart-\(getpid()).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process.processIdentifier
    }
}
