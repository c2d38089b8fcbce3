#if canImport(Glibc)
import Glibc
#endif

/// Seconds since the drill started, on the monotonic clock (shared by the load, the
/// watcher and the drill's own steps, so their times line up).
struct DrillClock: Sendable {
    private let origin: UInt64

    init() { origin = Self.nanos() }

    func now() -> Double { Double(Self.nanos() &- origin) / 1e9 }

    static func nanos() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}
