public import Foundation
import Synchronization

/// Holds the toggles snapshot requests are served from, and applies new files to it.
///
/// Readers take one immutable snapshot per request (`snapshot()`, a lock held for one
/// pointer copy). Writers parse and validate before touching the lock, then swap; a file
/// with any error is refused whole and the last good snapshot keeps serving. The outcome
/// of the last reload and success/failure counters are kept for the admin API and metrics,
/// and every applied or refused change goes to the audit log.
public final class TogglesStore: Sendable {
    /// What happened to one candidate file.
    public enum Outcome: Sendable, Equatable {
        case applied(version: String)
        /// Same content as the serving configuration.
        case unchanged
        case refused([TogglesIssue])
    }

    private let current: Mutex<TogglesSnapshot>
    private let status: Mutex<TogglesReloadStatus>
    /// Serialises writers so each new snapshot is built against the one it replaces
    /// (freeze pinning, diffs); readers never take it.
    private let writer = Mutex(())
    private let successes = Atomic<Int>(0)
    private let failures = Atomic<Int>(0)
    private let auditFailures = Atomic<Int>(0)
    private let audit: AuditLog?
    private let now: @Sendable () -> Date

    /// Starts from `bytes`; throws if they are not a valid toggles file (startup must not
    /// serve a configuration nobody validated).
    public init(bytes: [UInt8], file: String, audit: AuditLog? = nil, now: @escaping @Sendable () -> Date = { Date() }) throws(TogglesValidationError) {
        let config = try TogglesConfig.parse(bytes, file: file)
        let time = now()
        let snapshot = TogglesSnapshot(config: config, loadedAt: time)
        current = Mutex(snapshot)
        status = Mutex(TogglesReloadStatus(ok: true, time: time, file: file, servingVersion: config.metadata.configVersion, errors: []))
        self.audit = audit
        self.now = now
        record(TogglesAuditRecord(kind: .loaded, time: time, file: file, oldVersion: nil, newVersion: config.metadata.configVersion,
                                  updatedBy: config.metadata.updatedBy, reason: config.metadata.reason, diff: [], errors: []))
    }

    /// Starts from the file at `path`.
    public convenience init(contentsOf path: String, audit: AuditLog? = nil) throws(TogglesValidationError) {
        var bytes: [UInt8] = []
        for attempt in 1...5 {
            do throws(TogglesFileReader.Failure) {
                bytes = try TogglesFileReader.read(path)
                break
            } catch {
                // A file being written as we start: read it again, a few times.
                if !error.inFlux || attempt == 5 { throw .file(path, error.reason) }
            }
        }
        try self.init(bytes: bytes, file: path, audit: audit)
    }

    /// The configuration to serve one request with. Keep it for the whole request.
    public func snapshot() -> TogglesSnapshot { current.withLock { $0 } }

    /// Shorthand: evaluate `context` on the current snapshot.
    public func evaluate(_ context: ToggleContext, rollbackOverrides: [ScopedPatch] = []) -> EffectiveToggles {
        snapshot().evaluate(context, rollbackOverrides: rollbackOverrides)
    }

    public var lastStatus: TogglesReloadStatus { status.withLock { $0 } }
    /// Reloads applied since start.
    public var successCount: Int { successes.load(ordering: .relaxed) }
    /// Reloads refused since start.
    public var failureCount: Int { failures.load(ordering: .relaxed) }
    /// Audit records that could not be written (the change was applied anyway).
    public var auditFailureCount: Int { auditFailures.load(ordering: .relaxed) }

    /// Validates `bytes` and, if valid and different, makes them the serving configuration.
    @discardableResult
    public func apply(_ bytes: [UInt8], file: String) -> Outcome {
        writer.withLock { _ in
            let config: TogglesConfig
            do throws(TogglesValidationError) {
                config = try TogglesConfig.parse(bytes, file: file)
            } catch {
                return refuseLocked(error, file: file)
            }
            let old = snapshot()
            let time = now()
            if old.config.document == config.document {
                status.withLock { $0 = TogglesReloadStatus(ok: true, time: time, file: file, servingVersion: old.configVersion, errors: []) }
                return .unchanged
            }
            let next = TogglesSnapshot(config: config, previous: old, loadedAt: time)
            current.withLock { $0 = next }
            successes.add(1, ordering: .relaxed)
            status.withLock { $0 = TogglesReloadStatus(ok: true, time: time, file: file, servingVersion: next.configVersion, errors: []) }
            record(TogglesAuditRecord(
                kind: .applied, time: time, file: file, oldVersion: old.configVersion, newVersion: next.configVersion,
                updatedBy: config.metadata.updatedBy, reason: config.metadata.reason,
                diff: TogglesDiff.diff(old.config.document, config.document), errors: []
            ))
            return .applied(version: next.configVersion)
        }
    }

    /// Records a candidate that could not even be read (deleted, unreadable, not a file).
    @discardableResult
    public func refuse(_ error: TogglesValidationError, file: String) -> Outcome {
        writer.withLock { _ in refuseLocked(error, file: file) }
    }

    private func refuseLocked(_ error: TogglesValidationError, file: String) -> Outcome {
        let time = now()
        let serving = snapshot().configVersion
        failures.add(1, ordering: .relaxed)
        status.withLock { $0 = TogglesReloadStatus(ok: false, time: time, file: file, servingVersion: serving, errors: error.errors) }
        record(TogglesAuditRecord(kind: .refused, time: time, file: file, oldVersion: serving, newVersion: nil,
                                  updatedBy: nil, reason: nil, diff: [], errors: error.errors))
        return .refused(error.errors)
    }

    private func record(_ record: TogglesAuditRecord) {
        guard let audit else { return }
        do { try audit.append(record) } catch { auditFailures.add(1, ordering: .relaxed) }
    }
}

/// The outcome of the last reload, for the admin API.
public struct TogglesReloadStatus: Sendable, Equatable, Encodable {
    public var ok: Bool
    public var time: Date
    public var file: String
    /// The configuration serving after this reload (the old one, when refused).
    public var servingVersion: String
    /// Why it was refused (each with file, line, JSON path, value, reason); empty when ok.
    public var errors: [TogglesIssue]

    enum CodingKeys: String, CodingKey {
        case ok, time, file, errors
        case servingVersion = "serving_version"
    }
}
