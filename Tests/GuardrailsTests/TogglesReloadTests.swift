import Foundation
import Testing
@testable import Guardrails

extension TogglesFileTests {
    /// Real files in a temporary directory. `poll()` is driven directly where the test is
    /// about what one poll does; the pick-up tests run the real loop and wait (bounded, 1 s)
    /// for the new version to serve.
    @Suite struct TogglesReloadTests {
        func write(_ path: String, _ version: String, _ edit: (inout [String: Any]) -> Void = { _ in }) {
            _ = FileManager.default.createFile(atPath: path, contents: Data(TogglesFixture.text(version: version, edit).utf8))
        }

        /// Rewrites in place: same inode, truncate then write.
        func writeInPlace(_ path: String, _ text: String) throws {
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.truncate(atOffset: 0)
            try handle.write(contentsOf: Data(text.utf8))
            try handle.close()
        }

        func withReloader(_ path: String, _ body: (TogglesStore, TogglesFileReloader) async throws -> Void) async throws {
            let store = try TogglesStore(contentsOf: path)
            let reloader = TogglesFileReloader(path: path, store: store)
            let task = Task { await reloader.run() }
            defer { task.cancel() }
            try await body(store, reloader)
        }

        /// Polls the store (not the file) for up to 1 s: the SPEC's bound on noticing an edit.
        func servesWithinOneSecond(_ store: TogglesStore, _ version: String) async throws -> Bool {
            let deadline = ContinuousClock.now + .seconds(1)
            while ContinuousClock.now < deadline {
                if store.snapshot().configVersion == version { return true }
                try await Task.sleep(for: .milliseconds(10))
            }
            return store.snapshot().configVersion == version
        }

        @Test func inPlaceWriteIsPickedUp() async throws {
            let dir = TempDirectory()
            let path = dir.file("runtime_toggles.json")
            write(path, "v1")
            try await withReloader(path) { store, _ in
                try writeInPlace(path, TogglesFixture.text(version: "v2"))
                let served = try await servesWithinOneSecond(store, "v2")
                #expect(served)
                #expect(store.successCount == 1)
            }
        }

        @Test func atomicRenameIsPickedUp() async throws {
            let dir = TempDirectory()
            let path = dir.file("runtime_toggles.json")
            write(path, "v1")
            try await withReloader(path) { store, _ in
                write(dir.file(".tmp"), "v2")
                #expect(rename(dir.file(".tmp"), path) == 0)
                let served = try await servesWithinOneSecond(store, "v2")
                #expect(served)
            }
        }

        /// Kubernetes ConfigMap layout: runtime_toggles.json -> ..data/runtime_toggles.json,
        /// ..data -> ..2026_12_01_v1; an update writes a new timestamped dir and swaps ..data.
        @Test func configMapSymlinkSwapIsPickedUp() async throws {
            let dir = TempDirectory()
            let fm = FileManager.default
            try fm.createDirectory(atPath: dir.file("..2026_12_01_v1"), withIntermediateDirectories: false)
            write(dir.file("..2026_12_01_v1/runtime_toggles.json"), "v1")
            try fm.createSymbolicLink(atPath: dir.file("..data"), withDestinationPath: "..2026_12_01_v1")
            try fm.createSymbolicLink(atPath: dir.file("runtime_toggles.json"), withDestinationPath: "..data/runtime_toggles.json")
            let path = dir.file("runtime_toggles.json")
            try await withReloader(path) { store, _ in
                #expect(store.snapshot().configVersion == "v1")
                try fm.createDirectory(atPath: dir.file("..2026_12_01_v2"), withIntermediateDirectories: false)
                write(dir.file("..2026_12_01_v2/runtime_toggles.json"), "v2")
                try fm.createSymbolicLink(atPath: dir.file("..data_tmp"), withDestinationPath: "..2026_12_01_v2")
                #expect(rename(dir.file("..data_tmp"), dir.file("..data")) == 0)
                try fm.removeItem(atPath: dir.file("..2026_12_01_v1"))
                let served = try await servesWithinOneSecond(store, "v2")
                #expect(served)
            }
        }

        @Test func deletedEmptyHalfWrittenAndDirectoryAreRefusedThenRecovered() throws {
            let dir = TempDirectory()
            let path = dir.file("runtime_toggles.json")
            write(path, "v1")
            let store = try TogglesStore(contentsOf: path)
            let reloader = TogglesFileReloader(path: path, store: store)
            #expect(reloader.poll() == .outcome(.unchanged))  // the first poll reads: same content
            #expect(reloader.poll() == .unchanged)  // then it only stats

            try FileManager.default.removeItem(atPath: path)
            guard case let .outcome(.refused(deleted)) = reloader.poll() else { Issue.record("deleted file not refused"); return }
            #expect(deleted.first?.reason.contains("does not exist") == true)
            #expect(reloader.poll() == .unchanged)  // refused once, not every poll
            #expect(store.failureCount == 1)

            _ = FileManager.default.createFile(atPath: path, contents: Data())
            guard case let .outcome(.refused(empty)) = reloader.poll() else { Issue.record("empty file not refused"); return }
            #expect(empty.first?.reason.contains("file is empty") == true)

            let text = TogglesFixture.text(version: "v2")
            try writeInPlace(path, String(text.prefix(text.count / 2)))
            guard case .outcome(.refused) = reloader.poll() else { Issue.record("half-written file not refused"); return }

            try FileManager.default.removeItem(atPath: path)
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            guard case let .outcome(.refused(notFile)) = reloader.poll() else { Issue.record("directory not refused"); return }
            #expect(notFile.first?.reason.contains("not a regular file") == true)

            #expect(store.snapshot().configVersion == "v1")
            #expect(store.failureCount == 4)
            #expect(!store.lastStatus.ok)

            try FileManager.default.removeItem(atPath: path)
            write(path, "v3")
            #expect(reloader.poll() == .outcome(.applied(version: "v3")))
            #expect(store.lastStatus.ok && store.successCount == 1)
        }

        /// The loop driven by injected ticks: no clock, no sleep.
        @Test func injectedTicksDriveTheLoop() async throws {
            let dir = TempDirectory()
            let path = dir.file("runtime_toggles.json")
            write(path, "v1")
            let store = try TogglesStore(contentsOf: path)
            let reloader = TogglesFileReloader(path: path, store: store)
            let (ticks, tick) = AsyncStream<Void>.makeStream()
            let loop = Task { await reloader.run(ticks: ticks) }
            write(dir.file(".tmp"), "v2")
            #expect(rename(dir.file(".tmp"), path) == 0)
            #expect(store.snapshot().configVersion == "v1")  // nothing happens without a tick
            tick.yield()
            tick.finish()
            await loop.value
            #expect(store.snapshot().configVersion == "v2")
            #expect(store.successCount == 1)
        }

        @Test func startupFromAMissingFileThrows() {
            #expect(throws: TogglesValidationError.self) { try TogglesStore(contentsOf: "/nonexistent/runtime_toggles.json") }
        }

        /// Reload latency: from a rename to the new version serving, with the real loop.
        @Test func reloadLatencyIsUnderOneSecond() async throws {
            let dir = TempDirectory()
            let path = dir.file("runtime_toggles.json")
            write(path, "v0")
            var worst = Duration.zero
            try await withReloader(path) { store, _ in
                for i in 1...5 {
                    write(dir.file(".tmp"), "v\(i)")
                    let start = ContinuousClock.now
                    rename(dir.file(".tmp"), path)
                    let served = try await servesWithinOneSecond(store, "v\(i)")
                #expect(served)
                    worst = max(worst, ContinuousClock.now - start)
                }
            }
            print("toggles reload latency, worst of 5 renames: \(worst)")
            #expect(worst < .seconds(1))
        }
    }
}
