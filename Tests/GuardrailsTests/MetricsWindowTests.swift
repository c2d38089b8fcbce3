import Foundation
import Histogram
import Testing
@testable import Guardrails

@Suite struct MetricsWindowTests {
    let t = Date(timeIntervalSince1970: 1_800_000_000)

    func ms(_ v: Double) -> UInt64 { UInt64(v * 1_000_000) }

    /// Four requests worked out by hand (see the comments for each number).
    @Test func handCheckedAggregates() throws {
        let window = MetricsWindow(windowSeconds: 10)
        window.record(RequestSample(latencyNanos: ms(10), k: 10, kReturned: 10, cacheHit: true, bucket: 5, cohort: "new", region: "eu"))
        window.record(RequestSample(latencyNanos: ms(20), k: 10, kReturned: 5, cacheHit: false, bucket: 15, cohort: "new", region: "us"))
        window.record(RequestSample(latencyNanos: ms(30), k: 10, kReturned: 10, failed: true, bucket: 95, cohort: "power", region: "eu"))
        window.record(RequestSample(latencyNanos: ms(40), k: 4, kReturned: 3, stageFailed: true, cacheHit: true, bucket: 100, region: "eu"))
        let s = window.snapshot(now: t.addingTimeInterval(1))
        let g = s.global
        #expect(g.requests == 4)
        #expect(g.errors == 2)  // one failed, one with a failed stage the fallback covered
        #expect(g.errorRate == 0.5)
        #expect(g.coverage == (1 + 0.5 + 1 + 0.75) / 4)
        #expect(g.underfilled == 2)
        #expect(g.underfillRate == 0.5)
        #expect(g.fillRate == 0.5)
        #expect(g.cacheLookups == 3)  // the third request did not consult the cache
        #expect(g.cacheHits == 2)
        #expect(abs(g.cacheHitRate! - 2.0 / 3) < 1e-12)
        // p50 is the 2nd of 4 values (20 ms), p95 and p99 the 4th (40 ms); each is reported
        // as its bucket's upper bound: 20 ms lies in [19.456, 20.479], 40 ms in [38.912, 40.959].
        #expect(g.p50Ms == 20.479)
        #expect(g.p95Ms == 40.959)
        #expect(g.p99Ms == 40.959)
        // Spread of coverage: E[c²] − E[c]² = 0.703125 − 0.8125² = 0.04296875.
        #expect(abs(g.coverageStdDev! - 0.04296875.squareRoot()) < 1e-9)
        // The p95 lower bound at n = 4 is the order statistic at 95 − 3·100·√(0.0475/4) ≈ 62.3%,
        // the 3rd value (30 ms), reported at its bucket's lower edge 29 × 1024 µs.
        #expect(g.p95LowerBoundMs == 29.696)

        let eu = try #require(s.byRegion.first { $0.label == "eu" })
        #expect(eu.stats.requests == 3)
        #expect(abs(eu.stats.coverage! - 2.75 / 3) < 1e-12)
        #expect(eu.stats.errors == 2)
        #expect(eu.rest?.requests == 1)  // everyone else: the "us" request
        #expect(eu.rest?.coverage == 0.5)
        #expect(eu.rest?.p95Ms == 20.479)
        #expect(s.byCohort.map(\.label).sorted() == ["new", "power"])  // the fourth had no cohort
        #expect(s.byCohort.first { $0.label == "new" }?.stats.requests == 2)
        #expect(s.byBucketGroup.map(\.label) == ["1-10", "11-20", "91-100"])
        #expect(s.byBucketGroup.map(\.stats.requests) == [1, 1, 2])
    }

    @Test func secondsLeaveTheWindow() {
        let window = MetricsWindow(windowSeconds: 10)
        window.record(RequestSample(latencyNanos: ms(5), k: 10, kReturned: 10))
        #expect(window.snapshot(now: t.addingTimeInterval(1)).global.requests == 1)  // lands in second t
        window.record(RequestSample(latencyNanos: ms(5), k: 10, kReturned: 10))
        #expect(window.snapshot(now: t.addingTimeInterval(5)).global.requests == 2)
        #expect(window.snapshot(now: t.addingTimeInterval(10)).global.requests == 2)  // t still in [t, t+9]
        #expect(window.snapshot(now: t.addingTimeInterval(11)).global.requests == 1)  // t left
        #expect(window.snapshot(now: t.addingTimeInterval(14)).global.requests == 1)
        let empty = window.snapshot(now: t.addingTimeInterval(15))
        #expect(empty.global.requests == 0)
        #expect(empty.global.coverage == nil)  // no data is not good data
        #expect(empty.global.p95Ms == nil)
    }

    @Test func labelCardinalityIsCapped() throws {
        let window = MetricsWindow()
        for i in 0..<(MetricsDefaults.maxRegionLabels + 4) {
            window.record(RequestSample(latencyNanos: ms(5), k: 10, kReturned: 10, region: "r\(i)"))
        }
        let regions = window.snapshot(now: t).byRegion
        #expect(regions.count == MetricsDefaults.maxRegionLabels + 1)
        #expect(try #require(regions.first { $0.label == MetricsDefaults.overflowLabel }).stats.requests == 4)
    }

    /// Four real threads (not a pool that may run them on two), started together; with one
    /// stripe all four contend for the same lock, with eight they mostly don't.
    @Test(arguments: [1, 8])
    func concurrentRecordingFromFourThreadsLosesNoCount(stripes: Int) {
        let window = MetricsWindow(stripes: stripes)
        let perThread = 50_000
        let start = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        for thread in 0..<4 {
            done.enter()
            Thread {
                start.wait()
                for i in 0..<perThread {
                    window.record(RequestSample(
                        latencyNanos: UInt64(1_000_000 + i), k: 10, kReturned: i % 10 == 0 ? 9 : 10, failed: i % 100 == 0,
                        cacheHit: i % 2 == 0, bucket: i % 100 + 1, cohort: "c\(thread)", region: i % 2 == 0 ? "eu" : "us"))
                }
                done.leave()
            }.start()
        }
        for _ in 0..<4 { start.signal() }
        done.wait()
        let s = window.snapshot(now: t)
        #expect(s.global.requests == 200_000)
        #expect(s.global.errors == 2_000)
        #expect(s.global.underfilled == 20_000)
        #expect(s.global.cacheHits == 100_000)
        #expect(s.byCohort.map(\.stats.requests) == [50_000, 50_000, 50_000, 50_000])
        #expect(s.byRegion.reduce(0) { $0 + $1.stats.requests } == 200_000)
        #expect(s.byBucketGroup.reduce(0) { $0 + $1.stats.requests } == 200_000)
        #expect(window.latencyHistogram().totalCount == 200_000)
    }

    /// Percentiles agree with HdrHistogram's on the raw values, within one bucket (1/16).
    @Test func percentilesAgreeWithHdrHistogram() {
        var rng = SeededRNG(seed: 7)
        let window = MetricsWindow()
        var exact = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
        for _ in 0..<5_000 {
            let micros = UInt64(rng.logNormal(median: 8_000, sigma: 0.8))
            _ = exact.record(micros)
            window.record(RequestSample(latencyNanos: micros * 1000, k: 10, kReturned: 10))
        }
        let s = window.snapshot(now: t).global
        // The exported HdrHistogram holds the same counts (each at its bucket's upper bound).
        let exported = window.latencyHistogram()
        #expect(exported.totalCount == 5_000)
        #expect(abs(Double(exported.valueAtPercentile(95)) / 1000 - s.p95Ms!) <= s.p95Ms! * 0.01)
        for (ours, p) in [(s.p50Ms!, 50.0), (s.p95Ms!, 95.0), (s.p99Ms!, 99.0)] {
            let truth = Double(exact.valueAtPercentile(p)) / 1000
            #expect(ours >= truth * 0.999, "p\(p): \(ours) vs \(truth)")
            #expect(ours <= truth * 1.0625 + 0.002, "p\(p): \(ours) vs \(truth)")
        }
    }

    @Test func bucketLayoutRoundTrips() {
        for micros: UInt64 in [0, 1, 15, 16, 31, 32, 33, 1000, 20_000, 65_535, 1 << 24, LatencyBuckets.maxMicros] {
            let i = LatencyBuckets.index(micros: micros)
            #expect(LatencyBuckets.upperBound(i) >= micros)
            #expect(i == 0 || LatencyBuckets.upperBound(i - 1) < micros)
        }
        #expect(LatencyBuckets.index(micros: .max) == LatencyBuckets.count - 1)
    }

    @Test func criticalFailuresShowUntilCleared() {
        let window = MetricsWindow()
        window.setCritical("model_load", detail: "checksum mismatch")
        #expect(window.snapshot(now: t).criticalFailures == ["model_load": "checksum mismatch"])
        window.clearCritical("model_load")
        #expect(window.snapshot(now: t).criticalFailures.isEmpty)
    }
}
