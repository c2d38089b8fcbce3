import Foundation
import RankingCore
import Testing
@testable import ModelStore

/// Measures writing and loading a large synthetic model. Off by default (it needs gigabytes
/// and minutes in debug); run in release:
///
///     GUARDRANK_BIG_SNAPSHOT=1 swift test -c release -Xswiftc -enable-testing --filter BigSnapshotTimingTests
///
/// Sizes: GUARDRANK_BIG_ITEMS (default 1_000_000), GUARDRANK_BIG_USERS (default 1_000_000),
/// GUARDRANK_BIG_DIM (default 64). The file goes to GUARDRANK_BIG_DIR (default the temp dir).
@Suite struct BigSnapshotTimingTests {
    private static let environment = ProcessInfo.processInfo.environment

    @Test(.enabled(if: environment["GUARDRANK_BIG_SNAPSHOT"] == "1"))
    func writeAndLoadABigModel() throws {
        let env = Self.environment
        let items = Int(env["GUARDRANK_BIG_ITEMS"] ?? "") ?? 1_000_000
        let users = Int(env["GUARDRANK_BIG_USERS"] ?? "") ?? 1_000_000
        let dimension = Int(env["GUARDRANK_BIG_DIM"] ?? "") ?? 64
        let directory = env["GUARDRANK_BIG_DIR"] ?? FileManager.default.temporaryDirectory.path
        let path = directory + "/guardrank-big-\(UUID().uuidString).grs"
        defer { unlink(path) }

        lastCPU.value = Self.cpuSeconds()
        var start = Date()
        var original: RecommenderModel? = SnapshotFixtures.syntheticModel(items: items, users: users, dimension: dimension,
                                                                            contentDimension: 32)
        report("generate \(items) items x \(users) users x d=\(dimension)", since: start)
        // Keep samples and drop the original, so the load runs with one model in memory.
        let sampleUsers = [0, users / 2, users - 1]
        let userRows = sampleUsers.map { original!.userFactors.row($0) }
        let itemRows = [0, items - 1].map { original!.itemFactors.row($0) }
        let lastTitle = original!.catalog.titles.last
        let popularity = original!.popularity

        start = Date()
        try ModelSnapshot.write(original!, to: path)
        report("write", since: start)
        original = nil
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        print("big snapshot: file \(String(format: "%.1f", Double(size) / 1_048_576)) MiB")

        start = Date()
        let loadCPU = lastCPU.value
        let reader = try SnapshotReader(path: path)
        let metadata = try ModelSnapshot.readMetadata(reader)
        report("  open + frame + table + metadata", since: start)
        var phase = Date()
        let model = try ModelSnapshot.decodeModel(reader, metadata: metadata) { step, seconds in
            print("big snapshot:     \(step): \(String(format: "%.2f", seconds)) s")
        }
        report("  verify + decompress + decode sections", since: phase)
        phase = Date()
        let problems = model.consistencyProblems()
        report("  consistencyProblems()", since: phase)
        report("load (the three phases of ModelSnapshot.read)", since: start, cpuSince: loadCPU)
        #expect(problems.isEmpty)

        start = Date()
        let again = try ModelSnapshot.read(from: path)
        report("load again via ModelSnapshot.read", since: start)

        #expect(again.userCount == users && again.itemCount == items)
        #expect(sampleUsers.map { again.userFactors.row($0) } == userRows)
        #expect([0, items - 1].map { again.itemFactors.row($0) } == itemRows)
        #expect(again.catalog.titles.last == lastTitle)
        #expect(again.popularity == popularity)
    }

    /// Wall time, and the process's CPU time (user + system) since the previous report: on a
    /// shared box the CPU time says what the work costs when the wall time is inflated by others.
    private func report(_ what: String, since start: Date, cpuSince mark: Double? = nil) {
        let cpu = Self.cpuSeconds()
        if let mark { lastCPU.value = mark }
        let wall = String(format: "%.2f", Date().timeIntervalSince(start))
        let system = Self.cpuSeconds(systemOnly: true)
        print("big snapshot: \(what): \(wall) s wall, \(String(format: "%.2f", cpu - lastCPU.value)) s CPU (process system time so far \(String(format: "%.2f", system)) s); load average \(Self.loadAverage())")
        lastCPU.value = cpu
    }

    private let lastCPU = CPUMark()

    private static func cpuSeconds(systemOnly: Bool = false) -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return (systemOnly ? 0 : seconds(usage.ru_utime)) + seconds(usage.ru_stime)
    }

    private static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? "?"
    }
}

private final class CPUMark: @unchecked Sendable {
    var value = 0.0
}
