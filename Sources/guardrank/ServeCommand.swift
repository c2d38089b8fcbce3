import ArgumentParser
import CJemalloc
import Foundation
import Guardrails
import Logging
import ModelStore
import RankingCore
import Server
import ServiceLifecycle

/// `guardrank serve [--host H] [--port P] [--model MODEL] [--toggles FILE] [--admin-port P]
/// [--tokens FILE] [--events DIR] [--audit FILE] [--allow-fault-injection]` (SPEC §9). With no arguments it trains the
/// embedded default model (the demo dataset) and serves it on 127.0.0.1:8080.
///
/// Prints `guardrank listening on http://HOST:PORT` on stdout once bound (`--port 0` prints
/// the port the kernel chose). SIGTERM and SIGINT shut down gracefully: the listener closes,
/// in-flight requests finish, queued events are written.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve recommendations over HTTP.")

    @Option(help: "Address to bind (default \(ServerDefaults.host)).") var host: String = ServerDefaults.host
    @Option(help: "Port (0 = any free port; default \(ServerDefaults.port)).") var port: String?
    @Option(help: "Model snapshot to serve (default: train the embedded demo model at startup).") var model: String?
    @Option(help: "Runtime toggles file (hot reloaded). Default: the shipped defaults.") var toggles: String?
    @Option(name: .customLong("admin-port"), help: "Serve the admin API on its own port.") var adminPort: String?
    @Option(help: "Admin bearer tokens file; else GUARDRANK_ADMIN_TOKENS; else the admin API is closed.") var tokens: String?
    @Option(help: "Directory for the rotating ranking/error events files (default: no events files).") var events: String?
    @Option(help: "Audit log file (default: guardrank-audit.jsonl in the events directory, else none).") var audit: String?
    @Option(name: .customLong("idle-timeout"), help: "Close connections idle this many seconds (default \(ServerDefaults.idleTimeout.nanoseconds / 1_000_000_000)).")
    var idleTimeout: String?
    @Option(name: .customLong("rollback-policy"), help: "Rollback thresholds (default: the built-in policy, as Config/rollback_policy.json).")
    var rollbackPolicy: String?
    @Option(name: .customLong("rollback-state"), help: "Where the rollback state persists across restarts (default: rollback-state.json in the events directory, else none).")
    var rollbackState: String?
    @Option(name: .customLong("kill-switch-state"), help: "Where an admin-set kill switch persists across restarts (default: kill-switch.json in the events directory, else none).")
    var killSwitchState: String?
    @Flag(name: .customLong("allow-fault-injection"), help: "Enable /v1/admin/faults (operator-only) for incident drills (docs/drills.md).")
    var allowFaultInjection = false

    func run() async throws {
        let port = try Self.port(self.port, option: "--port") ?? ServerDefaults.port
        let adminPort = try Self.port(self.adminPort, option: "--admin-port")
        var idle = ServerDefaults.idleTimeout
        if let text = idleTimeout {
            guard let seconds = Int(text), (1...86_400).contains(seconds) else {
                throw CommandLineIO.badInput("serve", "--idle-timeout must be 1…86400 seconds, got '\(text)'")
            }
            idle = .seconds(Int64(seconds))
        }
        LoggingSystem.bootstrap { JSONLogHandler(label: $0) }
        let logger = Logger(label: "guardrank")
        logger.info("allocator", metadata: ["jemalloc_version": "\(Self.jemallocVersion())"])

        let adminTokens: AdminTokens
        do {
            if let tokens {
                adminTokens = try AdminTokens.parse(try Data(contentsOf: URL(fileURLWithPath: tokens)), source: tokens)
            } else if let env = ProcessInfo.processInfo.environment["GUARDRANK_ADMIN_TOKENS"] {
                adminTokens = try AdminTokens.parse(Data(env.utf8), source: "GUARDRANK_ADMIN_TOKENS")
            } else {
                adminTokens = AdminTokens(entries: [])
                logger.notice("no admin tokens configured: the admin API refuses every request")
            }
        } catch {
            throw CommandLineIO.badInput("serve", "\(error)")
        }
        let models = ModelHolder()
        do {
            if let model {
                models.install(try ModelSnapshot.read(from: model), source: model)
            } else {
                let started = ContinuousClock.now
                let dataset = SyntheticDataset.generate(.init(items: ServerDefaults.embeddedItems, users: ServerDefaults.embeddedUsers,
                                                               seed: SyntheticDefaults.seed))
                models.install(ModelTrainer().train(dataset), source: "embedded")
                logger.info("embedded model trained", metadata: ["seconds": "\((ContinuousClock.now - started).seconds)"])
            }
        } catch {
            throw CommandLineIO.failure("serve", "cannot load model \(model ?? "embedded"): \(error)")
        }

        let eventLog: EventLog
        let auditTrail: AuditTrail
        do {
            eventLog = try EventLog(directory: events)
            auditTrail = try AuditTrail(path: audit ?? events.map { "\($0)/guardrank-audit.jsonl" })
        } catch {
            throw CommandLineIO.failure("serve", "\(error)")
        }
        let config: any ServingConfigProvider
        var background: [any Service] = []
        if let toggles {
            do {
                let provider = try TogglesFileProvider(path: toggles, audit: auditTrail.log)
                config = provider
                background.append(provider.reloadService(events: eventLog))
            } catch {
                throw CommandLineIO.badInput("serve", "\(error)")
            }
        } else {
            config = ShippedDefaultsProvider()
        }
        let policy: RollbackPolicy
        do throws(RollbackPolicyError) {
            policy = try rollbackPolicy.map { p throws(RollbackPolicyError) in try RollbackPolicy.load(path: p) } ?? .default
        } catch {
            throw CommandLineIO.badInput("serve", error.description)
        }
        let guardrails = RollbackGuardrailMonitor(policy: policy, stateFile: rollbackState ?? events.map { "\($0)/rollback-state.json" },
                                                  audit: auditTrail.log)
        if let issue = guardrails.controller.startupIssue { logger.warning("rollback state", metadata: ["issue": "\(issue)"]) }
        background += guardrails.services
        let admin = AdminOverrides(stateFile: killSwitchState ?? events.map { "\($0)/kill-switch.json" })
        if let issue = admin.startupIssue { logger.warning("kill switch state", metadata: ["issue": "\(issue)"]) }
        let service = RecommendationService(models: models, config: config, guardrails: guardrails,
                                            admin: admin, cache: ResultCache(), events: eventLog,
                                            faults: FaultInjection(enabled: allowFaultInjection))
        if allowFaultInjection { logger.warning("fault injection enabled: operators can make this server fail on purpose") }
        service.prewarm()
        let components = ServerComponents(service: service, audit: auditTrail, tokens: adminTokens, logger: logger,
                                          loadModel: { try ModelSnapshot.read(from: $0) })
        if allowFaultInjection { background.append(components.faultExpiryService) }
        let host = self.host
        let apps = buildApplications(components, configuration: .init(host: host, port: port, adminPort: adminPort, idleTimeout: idle)) { name, bound in
            // Unbuffered: tests and scripts wait for this line to learn the port.
            FileHandle.standardOutput.write(Data("\(name) listening on http://\(host):\(bound)\n".utf8))
        }
        // Services shut down in reverse order: the HTTP servers first (finishing in-flight
        // requests), then the event log drains what they queued.
        let group = ServiceGroup(configuration: .init(services: [eventLog] + background + apps,
                                                      gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        logger.info("stopped")
    }

    static func port(_ text: String?, option: String) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text), (0...65_535).contains(value) else {
            throw CommandLineIO.badInput("serve", "\(option) must be an integer 0…65535, got '\(text)'")
        }
        return value
    }

    /// Asks jemalloc itself, which proves the allocator in use is linked (see also `ldd`).
    static func jemallocVersion() -> String {
        var version: UnsafePointer<CChar>?
        var size = MemoryLayout<UnsafePointer<CChar>?>.size
        guard mallctl("version", &version, &size, nil, 0) == 0, let version else { return "unavailable" }
        return String(cString: version)
    }
}
