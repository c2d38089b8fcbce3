import Benchmark
import Foundation
import Guardrails

/// Recording one request into the metrics window (SPEC §7: "well under a microsecond"),
/// from 1 thread and from 2 threads at once (the machine has 2 cores). Each iteration
/// records `perIteration` samples so the timer's own cost is amortised; the reported
/// time per iteration ÷ perIteration is the cost per request (docs/benchmarks.md).
let perIteration = 1_000

/// A fixed, varied set of samples: labels the window has already seen (the steady state
/// of a server), latencies across the histogram, some cache misses and errors.
func makeSamples() -> [RequestSample] {
    let regions = ["eu", "us", "apac", "sa"]
    let cohorts = ["new", "casual", "power"]
    return (0..<perIteration).map { i in
        RequestSample(
            latencyNanos: UInt64(200_000 + (i * 7_919) % 40_000_000), k: 10, kReturned: i % 50 == 0 ? 7 : 10,
            failed: i % 997 == 0, stageFailed: i % 331 == 0, cacheHit: i % 3 == 0 ? nil : i % 5 != 0,
            bucket: i % 100 + 1, cohort: cohorts[i % cohorts.count], region: regions[i % regions.count])
    }
}

/// What each benchmark's setup prepares: a window whose labels are already interned.
struct Fixture {
    let window = MetricsWindow()
    let samples = makeSamples()

    init() { for sample in samples { window.record(sample) } }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        maxDuration: .seconds(3),
        maxIterations: 100_000
    )

    Benchmark("record/1 thread (×\(perIteration))") { (benchmark: Benchmark, fixture: Fixture) in
        for _ in benchmark.scaledIterations {
            for sample in fixture.samples { fixture.window.record(sample) }
        }
    } setup: {
        Fixture()
    }

    Benchmark("record/2 threads (×\(perIteration) each)") { (benchmark: Benchmark, fixture: Fixture) in
        for _ in benchmark.scaledIterations {
            DispatchQueue.concurrentPerform(iterations: 2) { _ in
                for sample in fixture.samples { fixture.window.record(sample) }
            }
        }
    } setup: {
        Fixture()
    }

    // The controller's once-a-second cost: drain the stripes and aggregate the window.
    Benchmark("snapshot (10 s window, 4 regions, 3 cohorts)") { (benchmark: Benchmark, fixture: Fixture) in
        var second = 1_800_000_000.0
        for _ in benchmark.scaledIterations {
            for sample in fixture.samples.prefix(200) { fixture.window.record(sample) }
            second += 1
            blackHole(fixture.window.snapshot(now: Date(timeIntervalSince1970: second)))
        }
    } setup: {
        let fixture = Fixture()
        for s in 0..<10 {  // fill the window
            for sample in fixture.samples { fixture.window.record(sample) }
            _ = fixture.window.snapshot(now: Date(timeIntervalSince1970: 1_799_999_990 + Double(s)))
        }
        return fixture
    }
}
