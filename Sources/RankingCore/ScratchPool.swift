#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Hands each thread its own `RankingScratch` for one `Ranker`, through a pthread
/// thread-specific key owned by that Ranker: the request path touches no lock and no shared
/// cache line. The mutex is taken only the first time a thread ranks (to register the
/// scratch, so it lives exactly as long as the Ranker).
///
/// A scratch is used by one call at a time on its thread; `rank` does not re-enter itself.
final class ScratchPool: Sendable {
    private let key: pthread_key_t
    private let owned = Mutex<[RankingScratch]>([])
    private let make: @Sendable () -> RankingScratch

    init(make: @escaping @Sendable () -> RankingScratch) {
        var key = pthread_key_t()
        let status = pthread_key_create(&key, nil)
        precondition(status == 0, "ScratchPool: pthread_key_create failed (\(status))")
        self.key = key
        self.make = make
    }

    deinit {
        // No destructor on the key: the scratches are owned here and released with the pool.
        pthread_key_delete(key)
    }

    /// This thread's scratch, created on first use.
    @inline(__always)
    func current() -> RankingScratch {
        if let raw = pthread_getspecific(key) {
            return Unmanaged<RankingScratch>.fromOpaque(raw).takeUnretainedValue()
        }
        let scratch = make()
        owned.withLock { $0.append(scratch) }
        pthread_setspecific(key, Unmanaged.passUnretained(scratch).toOpaque())
        return scratch
    }
}
