import Foundation
import Synchronization
import Testing
@testable import Guardrails

extension TogglesFileTests {
    /// A writer rewrites the file 1,000 times while 4 reader threads evaluate: every version
    /// sets every field from its version number, so a mixed or partial configuration would
    /// show as fields that disagree with each other.
    @Suite struct TogglesConcurrencyTests {
        static let policies: [String] = ["hybrid_default", "content_only", "collab_only", "bucket_gate"]
        static let levels = ["A", "B", "C"]
        static let caches = ["cold", "prewarm", "warm_only"]

        static func text(_ n: Int) -> String {
            TogglesFixture.text(version: "v\(n)", salt: "salt-\(n)") {
                $0.set("defaults.alpha_override", Double(n % 100) / 100)
                $0.set("defaults.policy_mode", policies[n % 4])
                $0.set("defaults.candidate_fallback_level", levels[n % 3])
                $0.set("defaults.cache_mode", caches[n % 3])
                $0.set("defaults.exposure_percent", 100)
                $0.addOverride(["region_scope": ["eu"], "exposure_percent": n % 101])
            }
        }

        static func consistent(_ e: EffectiveToggles, _ s: TogglesSnapshot, user: String) -> Bool {
            guard e.configVersion.hasPrefix("v"), let n = Int(e.configVersion.dropFirst()) else { return false }
            let t = e.toggles
            // Exposure and salt of the same version decide who is exposed...
            let bucket = ExperimentBucket.bucket(salt: "salt-\(n)".utf8, userID: user.utf8)
            guard e.bucket == bucket, e.exposed == (bucket <= n % 101), s.bucketing.salt == "salt-\(n)" else { return false }
            // ...and exposed users get that version's policy and level, the others the baseline's.
            let policyAndLevel = e.exposed
                ? t.policyMode.rawValue == policies[n % 4] && t.candidateFallbackLevel.rawValue == levels[n % 3]
                : t.policyMode == .contentOnly && t.candidateFallbackLevel == .b
            return policyAndLevel && t.alphaOverride == Double(n % 100) / 100 && t.cacheMode.rawValue == caches[n % 3]
                && t.exposurePercent == n % 101
        }

        @Test func readersNeverSeeAMixedConfiguration() async throws {
            let dir = TempDirectory()
            let path = dir.file("runtime_toggles.json")
            _ = FileManager.default.createFile(atPath: path, contents: Data(Self.text(0).utf8))
            let store = try TogglesStore(contentsOf: path)
            let reloader = TogglesFileReloader(path: path, store: store)
            let done = Atomic<Bool>(false)
            let bad = Atomic<Int>(0)
            let evaluations = Atomic<Int>(0)
            let versionsSeen = Mutex(Set<String>())
            let finished = Atomic<Int>(0)  // reader and poller threads that have stopped

            let readers = (0..<4).map { r in
                Thread {
                    var seen = Set<String>()
                    var i = 0
                    while !done.load(ordering: .acquiring) {
                        let s = store.snapshot()
                        let user = "user-\(r)-\(i)"
                        let e = s.evaluate(ToggleContext(userID: user, region: "eu"))
                        if !Self.consistent(e, s, user: user) { bad.add(1, ordering: .relaxed) }
                        seen.insert(e.configVersion)
                        i += 1
                    }
                    evaluations.add(i, ordering: .relaxed)
                    versionsSeen.withLock { $0.formUnion(seen) }
                    finished.add(1, ordering: .releasing)
                }
            }
            for t in readers {
                t.start()
            }
            let poller = Thread {
                while !done.load(ordering: .acquiring) {
                    reloader.poll()
                    usleep(1000)  // pacing (~1,000 polls/s), not synchronisation: leave the cores to the readers
                }
                finished.add(1, ordering: .releasing)
            }
            poller.start()
            for n in 1...1000 {
                let text = Self.text(n)
                if n % 2 == 0 {
                    _ = FileManager.default.createFile(atPath: path + ".tmp", contents: Data(text.utf8))
                    rename(path + ".tmp", path)
                } else {
                    let handle = try #require(FileHandle(forWritingAtPath: path))  // in place: readers may see it half-written
                    try handle.truncate(atOffset: 0)
                    try handle.write(contentsOf: Data(text.utf8))
                    try handle.close()
                }
            }
            // Let the poller pick up the last version, then stop everyone.
            let deadline = ContinuousClock.now + .seconds(2)
            while store.snapshot().configVersion != "v1000", ContinuousClock.now < deadline { reloader.poll() }
            done.store(true, ordering: .releasing)
            while finished.load(ordering: .acquiring) < 5 { try await Task.sleep(for: .milliseconds(5)) }

            #expect(bad.load(ordering: .relaxed) == 0)
            #expect(store.snapshot().configVersion == "v1000")
            #expect(store.successCount > 10)  // many versions were applied while readers ran
            #expect(versionsSeen.withLock { $0.count } > 1)
            print("concurrency: \(store.successCount) applied, \(store.failureCount) refused (half-written), \(evaluations.load(ordering: .relaxed)) evaluations")
        }
    }
}
