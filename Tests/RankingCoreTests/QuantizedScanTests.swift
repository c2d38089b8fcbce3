import Foundation
import Testing
@testable import RankingCore

/// Builders and an independent reference for the quantised (int8) scan: `QuantizedRows`,
/// the CScoring kernels behind it, `LeaderBuffer` and `RowMoments`.
enum ScanFixtures {
    /// Entries uniform in (−scale, scale); every `zeroEvery`-th row all zero (a zero row
    /// scale, as an item without content has).
    static func matrix(_ rows: Int, _ d: Int, _ rng: inout TestRandom, scale: Float = 1, zeroEvery: Int = 0) -> FactorMatrix {
        var values = (0..<(rows * d)).map { _ in (rng.float() * 2 - 1) * scale }
        if zeroEvery > 0 { for r in stride(from: 0, to: rows, by: zeroEvery) { for j in 0..<d { values[r * d + j] = 0 } } }
        return FactorMatrix(rows: rows, dimension: d, values: values)
    }

    static func vector(_ d: Int, _ rng: inout TestRandom, scale: Float = 1) -> [Float] {
        (0..<d).map { _ in (rng.float() * 2 - 1) * scale }
    }

    /// A query as `encodeQuery` writes it.
    struct Query {
        var codes: [Int8]
        var encoded: QuantizedRows.EncodedQuery
    }

    static func encode(_ rows: QuantizedRows, _ first: [Float]?, weight w1: Float,
                       _ second: [Float]? = nil, weight w2: Float = 0) -> Query {
        var codes = [Int8](repeating: 99, count: rows.stride)  // garbage: encodeQuery must overwrite it all
        var buffer = [Float](repeating: 7, count: rows.stride)
        // One spare entry each, so neither buffer is empty (a zero-width part reads nothing).
        let a = (first ?? []) + [0], b = (second ?? []) + [0]
        let encoded = a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                buffer.withUnsafeMutableBufferPointer { buffer in
                    codes.withUnsafeMutableBufferPointer { codes in
                        rows.encodeQuery(first == nil ? nil : a.baseAddress!, weight: w1,
                                         second == nil ? nil : b.baseAddress!, weight: w2,
                                         buffer: buffer.baseAddress!, into: codes.baseAddress!)
                    }
                }
            }
        }
        return Query(codes: codes, encoded: encoded)
    }

    /// `rows.scores` into a fresh array (or onto `initial` with `accumulate`).
    static func scores(_ rows: QuantizedRows, _ query: Query, first: Int = 0, count: Int? = nil,
                       accumulating initial: [Float]? = nil) -> [Float] {
        let count = count ?? rows.rows - first
        var out = initial ?? [Float](repeating: .nan, count: count)
        query.codes.withUnsafeBufferPointer { codes in
            out.withUnsafeMutableBufferPointer { out in
                rows.scores(query: codes.baseAddress!, query.encoded, first: first, count: count,
                            accumulate: initial != nil, into: out.baseAddress!)
            }
        }
        return out
    }

    /// The code of row `r`, column `j` (−127…127, or −7…7 at 4 bits), read back from the block
    /// layout of CScoring.h: byte k of group g of row r at (r / 8)·groups·32 + g·32 + (r % 8)·4 + k;
    /// at 4 bits a group is 8 codes, code k in byte k % 4's low (k < 4) or high nibble.
    static func code(_ rows: QuantizedRows, _ r: Int, _ j: Int) -> Int32 {
        switch rows.precision {
        case .int8:
            return Int32(rows.codes[r / 8 * rows.groups * 32 + j / 4 * 32 + r % 8 * 4 + j % 4]) - 128
        case .int4:
            let byte = rows.codes[r / 8 * rows.groups * 32 + j / 8 * 32 + r % 8 * 4 + j % 4]
            return Int32(j % 8 < 4 ? byte & 0x0F : byte >> 4) - 8
        }
    }

    /// What every kernel must compute, in Swift from the stored codes: queryScale × rowScale ×
    /// Σ query code · row code over the scanned groups, with the C code's order of products.
    static func reference(_ rows: QuantizedRows, _ query: Query, first: Int = 0, count: Int? = nil) -> [Float] {
        let count = count ?? rows.rows - first
        let scanned = min(query.encoded.groups, rows.groups)
        return (first..<(first + count)).map { r in
            var dot: Int32 = 0
            for j in 0..<(scanned * rows.precision.codesPerGroup) { dot += Int32(query.codes[j]) * code(rows, r, j) }
            return query.encoded.scale * rows.scales[r] * Float(dot)
        }
    }

    /// The kernels this CPU can run (scalar always), leaving the startup choice in force.
    static func supportedKernels() -> [String] {
        let all = ["scalar", "avx2", "avx512vnni"].filter { QuantizedRows.forceKernel($0) }
        _ = QuantizedRows.forceKernel("auto")
        return all
    }

    /// A deterministic filter rejecting about `percent`% of items (a hash of the index).
    static func accepts(seed: UInt64, rejecting percent: UInt64) -> @Sendable (Int32) -> Bool {
        { item in (((UInt64(UInt32(bitPattern: item)) &+ seed) &* 0x9E37_79B9_7F4A_7C15) >> 40) % 100 >= percent }
    }

    /// (first, count) pairs over `n` rows that start and end at and off block boundaries.
    static func ranges(_ n: Int, _ rng: inout TestRandom) -> [(first: Int, count: Int)] {
        var result: [(first: Int, count: Int)] = [(0, n), (n, 0), (n - 1, 1)]
        if n > 1 { result += [(1, n - 1), (0, n - 1)] }
        if n >= 9 { result += [(3, 5), (7, 2), (5, min(13, n - 5)), (8, n - 8), (n - 9, 9)] }
        for _ in 0..<3 {
            let first = rng.int(0..<n)
            result.append((first, rng.int(1..<(n - first + 1))))
        }
        return result
    }
}

/// Forcing a kernel is process-global (`gr_int8_force_kernel`), so the tests that force one run
/// one at a time and put the startup choice back. (Other suites may rank concurrently while a
/// kernel is forced; every kernel computes the same integers, which is what the first test checks.)
@Suite(.serialized) struct QuantizedKernelTests {
    static let shapes: [(rows: Int, widths: [Int])] = {
        var result: [(rows: Int, widths: [Int])] = []
        for rows in [1, 7, 8, 9, 1003] {
            for width in [1, 3, 16, 64, 80, 130] {
                result.append((rows, [width]))                                // one part
                result.append((rows, [(width + 1) / 2, width / 2]))           // two parts (1 → 1 + 0)
            }
        }
        return result
    }()

    /// Queries for `rows`: encoded from random vectors (both parts, the second with weight 0 so
    /// the scan reads fewer groups, only the second part), and raw extreme codes (±63, the
    /// bound that keeps AVX2's 16-bit pair sums exact).
    static func queries(_ rows: QuantizedRows, widths: [Int], _ rng: inout TestRandom) -> [ScanFixtures.Query] {
        var result: [ScanFixtures.Query] = []
        let first = ScanFixtures.vector(widths[0], &rng)
        if widths.count == 1 {
            result.append(ScanFixtures.encode(rows, first, weight: 0.5 + rng.float()))
        } else {
            let second = ScanFixtures.vector(widths[1], &rng, scale: 3)
            result.append(ScanFixtures.encode(rows, first, weight: 1.3, second, weight: -0.4))
            result.append(ScanFixtures.encode(rows, first, weight: 0.8, second, weight: 0))
            result.append(ScanFixtures.encode(rows, nil, weight: 0, second, weight: 2))
        }
        let groups = rows.groups
        let width = groups * rows.precision.codesPerGroup
        let limit = Int8(rows.precision.queryLimit)  // ±63 at 8 bits; ±127 at 4 bits (15 × 127 × 2 fits 16 bits)
        let signs = (0..<width).map { _ in rng.bool() ? limit : -limit }
        result.append(ScanFixtures.Query(codes: signs, encoded: .init(scale: 0.001, groups: groups)))
        result.append(ScanFixtures.Query(codes: [Int8](repeating: limit, count: width), encoded: .init(scale: 1, groups: groups)))
        result.append(ScanFixtures.Query(codes: [Int8](repeating: -limit, count: width), encoded: .init(scale: 1, groups: groups)))
        return result
    }

    /// Rows of random entries with some zero rows; for one part (up to a few blocks) also rows
    /// of ±1 and of 1 only (every code ±127, stored 1 or 255: the unsigned operand's extremes).
    static func matrices(rows: Int, widths: [Int], _ rng: inout TestRandom) -> [QuantizedRows] {
        let parts = widths.map { ScanFixtures.matrix(rows, $0, &rng, zeroEvery: 5) }
        var result: [QuantizedRows] = []
        for precision in [QuantizedRows.Precision.int8, .int4] {
            result.append(QuantizedRows(parts[0], parts.count > 1 ? parts[1] : nil, precision: precision))
            if widths.count == 1 && rows < 100 {
                let extremes = FactorMatrix(rows: rows, dimension: widths[0],
                                            values: (0..<(rows * widths[0])).map { _ in rng.bool() ? 1 : -1 })
                result.append(QuantizedRows(extremes, precision: precision))
                result.append(QuantizedRows(FactorMatrix(rows: rows, dimension: widths[0], repeating: 1), precision: precision))
            }
        }
        return result
    }

    @Test func everyKernelGivesTheReferenceScoresBitForBit() {
        defer { _ = QuantizedRows.forceKernel("auto") }
        let kernels = ScanFixtures.supportedKernels()
        #expect(kernels.first == "scalar")
        var rng = TestRandom(2024)
        var compared = 0
        for shape in Self.shapes {
            for rows in Self.matrices(rows: shape.rows, widths: shape.widths, &rng) {
                let perGroup = rows.precision.codesPerGroup
                #expect(rows.groups == max(1, (shape.widths.reduce(0, +) + perGroup - 1) / perGroup))
                for query in Self.queries(rows, widths: shape.widths, &rng) {
                    let expected = ScanFixtures.reference(rows, query)
                    let ranges = ScanFixtures.ranges(shape.rows, &rng)
                    let initial = (0..<shape.rows).map { _ in rng.float() * 10 - 5 }
                    for kernel in kernels {
                        #expect(QuantizedRows.forceKernel(kernel))
                        #expect(QuantizedRows.kernelName == kernel)
                        let context = "\(kernel) \(rows.precision) rows \(shape.rows) widths \(shape.widths) groups \(query.encoded.groups)"
                        for (first, count) in ranges {
                            // Two guard slots past the end: a kernel must not store a whole block there.
                            var out = [Float](repeating: -7777, count: count + 16)
                            query.codes.withUnsafeBufferPointer { codes in
                                out.withUnsafeMutableBufferPointer { out in
                                    rows.scores(query: codes.baseAddress!, query.encoded, first: first, count: count,
                                                into: out.baseAddress!)
                                }
                            }
                            let want = Array(expected[first..<(first + count)])
                            #expect(out[..<count].map(\.bitPattern) == want.map(\.bitPattern), "\(context) first \(first) count \(count)")
                            #expect(out[count...].allSatisfy { $0 == -7777 }, "\(context): wrote past count (first \(first) count \(count))")
                            compared += 1
                        }
                        // accumulate: out[r] += score, also on a range that starts and ends mid-block.
                        let (first, count) = ranges[ranges.count - 1]
                        let summed = ScanFixtures.scores(rows, query, first: first, count: count,
                                                         accumulating: Array(initial[first..<(first + count)]))
                        let want = (0..<count).map { initial[first + $0] + expected[first + $0] }
                        #expect(summed.map(\.bitPattern) == want.map(\.bitPattern), "\(context) accumulate first \(first) count \(count)")
                    }
                }
            }
        }
        #expect(compared > 1000)
    }

    /// `above` keeps exactly the rows of the range scoring above the threshold, in order, with
    /// the scores `scores` gives, under every kernel, also when the output fills up (capacity
    /// 16: the kernel stops after the block that leaves fewer than 8 free slots).
    @Test func everyKernelKeepsTheSameRowsAboveAThreshold() {
        defer { _ = QuantizedRows.forceKernel("auto") }
        let kernels = ScanFixtures.supportedKernels()
        var rng = TestRandom(77)
        for shape in Self.shapes where shape.widths.reduce(0, +) <= 64 {
            let parts = shape.widths.map { ScanFixtures.matrix(shape.rows, $0, &rng, zeroEvery: 6) }
            for precision in [QuantizedRows.Precision.int8, .int4] {
            let rows = QuantizedRows(parts[0], parts.count > 1 ? parts[1] : nil, precision: precision)
            for query in Self.queries(rows, widths: shape.widths, &rng).prefix(2) {
                let expected = ScanFixtures.reference(rows, query)
                let sorted = expected.sorted()
                let thresholds: [Float] = [-.infinity, sorted[sorted.count / 2], .infinity]
                for kernel in kernels {
                    #expect(QuantizedRows.forceKernel(kernel))
                    for threshold in thresholds {
                        for (first, count) in ScanFixtures.ranges(shape.rows, &rng) {
                            for capacity in [16, count + 8] {
                                let context = "\(kernel) \(precision) rows \(shape.rows) widths \(shape.widths) threshold \(threshold) first \(first) count \(count) capacity \(capacity)"
                                let want = (first..<(first + count)).filter { expected[$0] > threshold }
                                var gotItems: [Int] = [], gotScores: [Float] = []
                                var items = [Int32](repeating: -1, count: capacity)
                                var scores = [Float](repeating: .nan, count: capacity)
                                var row = first, calls = 0
                                while row < first + count && calls <= count {
                                    var written = 0
                                    let consumed = query.codes.withUnsafeBufferPointer { codes in
                                        items.withUnsafeMutableBufferPointer { items in
                                            scores.withUnsafeMutableBufferPointer { scores in
                                                rows.above(query: codes.baseAddress!, query.encoded, threshold: threshold,
                                                           first: row, count: first + count - row, items: items.baseAddress!,
                                                           scores: scores.baseAddress!, capacity: capacity, written: &written)
                                            }
                                        }
                                    }
                                    #expect(consumed > 0 && consumed <= first + count - row, "\(context): consumed \(consumed)")
                                    #expect(written <= capacity, "\(context)")
                                    if consumed < first + count - row {
                                        #expect(capacity - written < 8, "\(context): stopped early with room left")
                                    }
                                    gotItems += items[..<written].map { Int($0) }
                                    gotScores += scores[..<written]
                                    row += max(consumed, 1)
                                    calls += 1
                                }
                                #expect(gotItems == want, "\(context)")
                                #expect(gotScores.map(\.bitPattern) == want.map { expected[$0].bitPattern }, "\(context)")
                            }
                        }
                    }
                }
            }
            }
        }
    }

    @Test func forcingAKernelIsReportedAndAutoRestoresTheStartupChoice() {
        defer { _ = QuantizedRows.forceKernel("auto") }
        #expect(QuantizedRows.forceKernel("auto"))
        let startup = QuantizedRows.kernelName
        let kernels = ScanFixtures.supportedKernels()
        #expect(startup == kernels.last, "auto picks the best kernel the CPU has: \(kernels)")
        #expect(QuantizedRows.forceKernel("scalar"))
        #expect(QuantizedRows.kernelName == "scalar")
        #expect(!QuantizedRows.forceKernel("sse9"))
        #expect(QuantizedRows.kernelName == "scalar", "an unknown name leaves the kernel alone")
        #expect(QuantizedRows.forceKernel("auto"))
        #expect(QuantizedRows.kernelName == startup)
    }

    /// The kernels these tests compare are the ones the CPU has: on Linux the flags the kernel
    /// reports must match what the dispatch detects, so a detection bug cannot leave a vector
    /// kernel untested (or pick one the CPU lacks).
    @Test func detectionMatchesTheCPUFlags() throws {
        #if os(Linux) && arch(x86_64)
        let info = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flags = Set(info.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").map(String.init) ?? [])
        let kernels = ScanFixtures.supportedKernels()
        #expect(kernels.contains("avx2") == flags.contains("avx2"), "\(kernels)")
        #expect(kernels.contains("avx512vnni") == (flags.contains("avx512_vnni") && flags.contains("avx512vl")), "\(kernels)")
        #endif
    }

    /// LeaderBuffer over random scores, filters (~30% rejected or none), sub-ranges and
    /// capacities 1, 5, 20, 64: its contents hold the true top-`capacity` accepted items by the
    /// approximate score (ties to the lower index), nothing rejected or out of range, each with
    /// the score `scores` gives. One buffer serves every case (reset, growing and shrinking).
    @Test func leaderBufferHoldsTheTopAcceptedItems() {
        defer { _ = QuantizedRows.forceKernel("auto") }
        let kernels = ScanFixtures.supportedKernels()
        var rng = TestRandom(31)
        var buffer = LeaderBuffer()
        defer { buffer.deallocate() }
        for n in [1, 7, 100, 1003, 3000] {
            for widths in [[16], [8, 3]] {
                let parts = widths.map { ScanFixtures.matrix(n, $0, &rng, zeroEvery: 9) }
                let precision: QuantizedRows.Precision = n % 2 == 0 ? .int4 : .int8  // both, across sizes
                let rows = QuantizedRows(parts[0], parts.count > 1 ? parts[1] : nil, precision: precision)
                // A random query, and a matrix of three distinct rows (scores tie in thirds).
                let query = ScanFixtures.encode(rows, ScanFixtures.vector(widths[0], &rng), weight: 1,
                                                widths.count > 1 ? ScanFixtures.vector(widths[1], &rng) : nil, weight: 0.6)
                let prototypes = (0..<3).map { _ in widths.map { ScanFixtures.vector($0, &rng) } }
                let pick = (0..<n).map { _ in rng.int(0..<3) }
                let tiedParts = widths.indices.map { p in
                    FactorMatrix(rows: n, dimension: widths[p], values: pick.flatMap { prototypes[$0][p] })
                }
                let tiedRows = QuantizedRows(tiedParts[0], tiedParts.count > 1 ? tiedParts[1] : nil, precision: precision)
                let tiedQuery = ScanFixtures.encode(tiedRows, ScanFixtures.vector(widths[0], &rng), weight: 1)
                for (label, matrix, q) in [("random", rows, query), ("three distinct rows", tiedRows, tiedQuery)] {
                    let scores = ScanFixtures.scores(matrix, q)
                    check(&buffer, matrix, q, scores: scores, n: n, kernels: kernels, &rng, "\(label) widths \(widths)")
                }
            }
        }
    }

    /// A zero query scores every item 0: the leaders are the first `capacity` accepted items.
    @Test func leaderBufferBreaksAllTiesTowardsTheLowerIndex() {
        defer { _ = QuantizedRows.forceKernel("auto") }
        let kernels = ScanFixtures.supportedKernels()
        var rng = TestRandom(8)
        var buffer = LeaderBuffer()
        defer { buffer.deallocate() }
        for n in [1, 9, 500, 3000] {
            let rows = QuantizedRows(ScanFixtures.matrix(n, 12, &rng), ScanFixtures.matrix(n, 3, &rng))
            let zero = ScanFixtures.encode(rows, [Float](repeating: 0, count: 12), weight: 1, [0, 0, 0], weight: 1)
            #expect(zero.encoded.scale == 0)
            let scores = ScanFixtures.scores(rows, zero)
            #expect(scores.allSatisfy { $0 == 0 })
            check(&buffer, rows, zero, scores: scores, n: n, kernels: kernels, &rng, "zero query")
            for kernel in kernels {
                #expect(QuantizedRows.forceKernel(kernel))
                for capacity in [1, 5, 20, 64] {
                    let accepts = ScanFixtures.accepts(seed: UInt64(capacity), rejecting: 30)
                    buffer.reset(capacity: capacity)
                    zero.codes.withUnsafeBufferPointer { codes in
                        buffer.scan(rows, query: codes.baseAddress!, zero.encoded, rows: n, accepts: accepts)
                    }
                    let firstAccepted = (0..<n).filter { accepts(Int32($0)) }.prefix(capacity)
                    let got = (0..<buffer.count).map { Int(buffer.items[$0]) }
                    #expect(Array(firstAccepted) == got.sorted(), "\(kernel) n \(n) capacity \(capacity)")
                }
            }
        }
    }

    /// Scans `matrix` into `buffer` for every kernel, capacity, filter and a few ranges, and
    /// checks the contents against a brute-force sort of `scores`.
    private func check(_ buffer: inout LeaderBuffer, _ matrix: QuantizedRows, _ query: ScanFixtures.Query,
                       scores: [Float], n: Int, kernels: [String], _ rng: inout TestRandom, _ label: String) {
        var ranges = [(first: 0, count: n)]
        if n >= 9 { ranges.append((first: 3, count: n - 5)) }
        let filters: [(name: String, accepts: @Sendable (Int32) -> Bool)] = [
            ("all", { _ in true }), ("70%", ScanFixtures.accepts(seed: rng.next(), rejecting: 30)),
        ]
        for (first, count) in ranges {
            for filter in filters {
                let accepted = (first..<(first + count)).filter { filter.accepts(Int32($0)) }
                let ranked = accepted.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
                for kernel in kernels {
                    #expect(QuantizedRows.forceKernel(kernel))
                    for capacity in [64, 1, 20, 5] {
                        buffer.reset(capacity: capacity)
                        query.codes.withUnsafeBufferPointer { codes in
                            buffer.scan(matrix, query: codes.baseAddress!, query.encoded, first: first, rows: count,
                                        accepts: filter.accepts)
                        }
                        let context = "\(label) \(kernel) n \(n) first \(first) count \(count) filter \(filter.name) capacity \(capacity)"
                        let got = (0..<buffer.count).map { Int(buffer.items[$0]) }
                        let want = ranked.prefix(capacity)
                        #expect(Set(got).count == got.count, "\(context): duplicates")
                        #expect(got.allSatisfy { (first..<(first + count)).contains($0) && filter.accepts(Int32($0)) },
                                "\(context): rejected or out-of-range item kept")
                        #expect((0..<buffer.count).allSatisfy { buffer.scores[$0].bitPattern == scores[Int(buffer.items[$0])].bitPattern },
                                "\(context): score differs from scores()")
                        let missing = Set(want).subtracting(got)
                        #expect(missing.isEmpty, "\(context): missing \(missing.sorted().prefix(10)) (got \(got.count) items)")
                        #expect(got.count <= 4 * capacity + 8, "\(context)")
                    }
                }
            }
        }
    }
}
