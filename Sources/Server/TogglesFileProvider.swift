import Foundation
public import Guardrails
import RankingCore
public import ServiceLifecycle

/// The configuration from a hot-reloaded toggles file (`--toggles FILE`): the Guardrails
/// toggles store evaluates each request; `reloadService` polls the file and swaps in each
/// valid new version (an invalid one is refused whole, the last good one keeps serving).
public final class TogglesFileProvider: ServingConfigProvider {
    public let store: TogglesStore
    public let reloader: TogglesFileReloader

    /// Throws when the file is missing or invalid: startup must not serve an unvalidated file.
    public init(path: String, audit: AuditLog?) throws(TogglesValidationError) {
        store = try TogglesStore(contentsOf: path, audit: audit)
        reloader = TogglesFileReloader(path: path, store: store)
    }

    public var configVersion: String { store.snapshot().configVersion }
    public var reloadSuccesses: Int { store.successCount }
    public var reloadFailures: Int { store.failureCount }

    public func evaluate(userID: String, region: String?, cohort: String?, client: String?, overrides: [ScopedPatch]) -> ServingConfig {
        let effective = store.evaluate(ToggleContext(userID: userID, region: region, cohort: cohort, client: client),
                                       rollbackOverrides: overrides)
        return ServingConfig(configVersion: effective.configVersion, bucket: effective.bucket, exposed: effective.exposed,
                             policy: effective.exposed ? effective.servedPolicy.rawValue : "baseline",
                             settings: effective.rankingSettings, cacheMissSettings: effective.cacheMissSettings,
                             cacheMode: effective.cacheMode, killSwitch: effective.killSwitch)
    }

    private static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return (try? Array(encoder.encode(value))) ?? Array(#"{"error":"unencodable"}"#.utf8)
    }

    public func statusJSON() -> [UInt8] {
        let snapshot = store.snapshot()
        var json = JSONWriter(capacity: 2048)
        json.object {
            $0.field("source", snapshot.config.file)
            $0.field("config_version", snapshot.configVersion)
            $0.field("reloads", store.successCount)
            $0.field("reload_failures", store.failureCount)
            $0.key("last_reload"); $0.raw(Self.encode(store.lastStatus))
            // The defaults as a request with no context sees them, each with its rule.
            $0.key("effective"); $0.raw(Self.encode(TogglesExplanation(snapshot: snapshot, context: ToggleContext(userID: ""))))
        }
        return json.bytes
    }

    public func explainJSON(userID: String, region: String?, cohort: String?, client: String?, overrides: [ScopedPatch]) -> [UInt8] {
        Self.encode(TogglesExplanation(snapshot: store.snapshot(),
                                       context: ToggleContext(userID: userID, region: region, cohort: cohort, client: client),
                                       rollbackOverrides: overrides))
    }

    /// Polls the file every `TogglesDefaults.pollInterval` until graceful shutdown; a refused
    /// version also becomes an error event (component `toggles`), next to the metrics counter.
    public func reloadService(events: EventLog) -> any Service { ReloadService(reloader: reloader, events: events) }

    struct ReloadService: Service {
        let reloader: TogglesFileReloader
        let events: EventLog

        func run() async throws {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    if case .outcome(.refused(let issues)) = reloader.poll() {
                        events.emit(.error(.init(time: Date(), requestID: nil, component: "toggles", severity: "error",
                                                 message: "\(reloader.path) refused: " + issues.map { "\($0)" }.joined(separator: "; "))))
                    }
                    do { try await Task.sleep(for: TogglesDefaults.pollInterval) } catch { return }
                }
            }
        }
    }
}
