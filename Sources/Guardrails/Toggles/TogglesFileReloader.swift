import Synchronization

/// Watches the toggles file and feeds every new version to a `TogglesStore`.
///
/// Each `poll()` stats the path (following symlinks, so a ConfigMap `..data` swap counts);
/// only when the fingerprint changed is the file read, parsed and validated — off the
/// request path, readers keep the old snapshot meanwhile. A file that changes while being
/// read is left for the next poll; a missing, unreadable, empty or invalid one is refused
/// once per version (the failure counter does not tick every 200 ms), and the last good
/// configuration keeps serving until a valid version appears.
public final class TogglesFileReloader: Sendable {
    /// What one poll did.
    public enum PollResult: Sendable, Equatable {
        /// Same fingerprint as last time: nothing read.
        case unchanged
        /// The file was being written during the read; retried on the next poll.
        case inFlux
        case outcome(TogglesStore.Outcome)
    }

    public let path: String
    public let store: TogglesStore
    private enum Seen: Equatable, Sendable {
        case file(FileFingerprint)
        case failure(String)
    }
    private let lastSeen: Mutex<Seen?>

    /// - Parameter path: the file the store was started from. The first poll reads it again
    ///   (an edit between the store's load and this init is not missed; the same content
    ///   comes back `.unchanged`).
    public init(path: String, store: TogglesStore) {
        self.path = path
        self.store = store
        lastSeen = Mutex(nil)
    }

    /// Checks the file once. Tests drive this directly; `run` calls it on a timer.
    @discardableResult
    public func poll() -> PollResult {
        let fingerprint: FileFingerprint
        do throws(TogglesFileReader.Failure) {
            fingerprint = try TogglesFileReader.fingerprint(path)
        } catch {
            return refuseOnce(error.reason)
        }
        if lastSeen.withLock({ $0 }) == .file(fingerprint) { return .unchanged }
        let read: (bytes: [UInt8], fingerprint: FileFingerprint)
        do throws(TogglesFileReader.Failure) {
            read = try TogglesFileReader.readWithFingerprint(path)
        } catch {
            if error.inFlux { return .inFlux }
            return refuseOnce(error.reason)
        }
        lastSeen.withLock { $0 = .file(read.fingerprint) }
        return .outcome(store.apply(read.bytes, file: path))
    }

    private func refuseOnce(_ reason: String) -> PollResult {
        let repeated = lastSeen.withLock { seen in
            defer { seen = .failure(reason) }
            return seen == .failure(reason)
        }
        if repeated { return .unchanged }
        return .outcome(store.refuse(.file(path, reason), file: path))
    }

    /// Polls once per element of `ticks` (a timer, SIGHUP, an admin "reload now"), until the
    /// sequence ends or the task is cancelled. Tests drive it with an `AsyncStream`.
    public func run(ticks: some AsyncSequence<Void, Never>) async {
        for await _ in ticks {
            if Task.isCancelled { return }
            poll()
        }
    }

    /// Polls every `interval` until the task is cancelled. Run it as a background task
    /// (or a service-lifecycle service) next to the server.
    public func run<C: Clock>(interval: Duration = TogglesDefaults.pollInterval, clock: C = ContinuousClock()) async
    where C.Duration == Duration {
        while !Task.isCancelled {
            poll()
            do { try await clock.sleep(for: interval) } catch { return }
        }
    }
}
