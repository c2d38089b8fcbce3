import Testing
@testable import RankingCore

/// The int8 scores against the exact `Float` dot products they approximate.
@Suite struct QuantizedAccuracyTests {
    /// The stored codes decode to the rows: value ≈ partScale × rowScale × code, to within
    /// half a step of the row's scale, in the layout the kernels read.
    @Test func codesDecodeToTheRows() {
        var rng = TestRandom(5)
        for (n, widths) in [(1, [1]), (9, [3]), (17, [16, 5]), (300, [64]), (41, [80, 50])] {
            let scale = Float(rng.int(1..<100))
            let parts = widths.map { ScanFixtures.matrix(n, $0, &rng, scale: scale, zeroEvery: 4) }
            let rows = QuantizedRows(parts[0], parts.count > 1 ? parts[1] : nil)
            #expect(rows.rows == n)
            #expect(rows.scales.count % 8 == 0 && rows.scales.count >= n)
            #expect(rows.codes.count == rows.scales.count * rows.groups * 4)
            for r in 0..<rows.scales.count where r >= n {
                #expect(rows.scales[r] == 0 && (0..<(rows.groups * 4)).allSatisfy { ScanFixtures.code(rows, r, $0) == 0 })
            }
            for r in 0..<n {
                var j = 0
                for (p, part) in parts.enumerated() {
                    for c in 0..<part.dimension {
                        let value = part.values[r * part.dimension + c]
                        let code = ScanFixtures.code(rows, r, j)
                        #expect(abs(code) <= 127)
                        let step = rows.partScales[p] * rows.scales[r]
                        let decoded = step * Float(code)
                        #expect(abs(decoded - value) <= step * 0.5001 + 1e-6 * abs(value), "row \(r) part \(p) column \(c)")
                        j += 1
                    }
                }
                for pad in j..<(rows.groups * 4) { #expect(ScanFixtures.code(rows, r, pad) == 0, "padding of row \(r)") }
            }
        }
    }

    /// |approx − exact| ≤ 2% of ‖q‖·‖r‖, where for two parts q and r are the blend's query and
    /// row in the scan's units (part p's query × weight × the part's RMS, its row ÷ the RMS),
    /// so that q·r is the exact blended score.
    /// The tolerance per precision: half a code step is 1/254 of a row's largest entry at 8 bits
    /// and 1/14 at 4 bits, so the 4-bit bound is ~16× looser (it only picks a shortlist).
    @Test(arguments: [1, 3, 16, 64, 80, 130], [(QuantizedRows.Precision.int8, 0.02), (.int4, 0.25)])
    func scoresAreCloseToTheExactDotProducts(width: Int, precision: (QuantizedRows.Precision, Double)) {
        let (precision, tolerance) = precision
        var rng = TestRandom(UInt64(width) * 13 + 1)
        var worst: Double = 0
        for widths in [[width], [(width + 1) / 2, width / 2], [width, 7]] {
            let n = 203
            // Parts on very different scales: the part scaling must keep the small one precise.
            let parts = widths.enumerated().map { ScanFixtures.matrix(n, $1, &rng, scale: $0 == 0 ? 1 : 40, zeroEvery: 10) }
            let rows = QuantizedRows(parts[0], parts.count > 1 ? parts[1] : nil, precision: precision)
            for _ in 0..<6 {
                let size = Float(rng.int(1..<20))
                let vectors = widths.map { ScanFixtures.vector($0, &rng, scale: size) }
                let weights: [Float] = widths.count > 1 ? [rng.float() * 2 - 1, rng.float() * 0.1] : [rng.float() * 4 - 2]
                let query = ScanFixtures.encode(rows, vectors[0], weight: weights[0],
                                                widths.count > 1 ? vectors[1] : nil, weight: widths.count > 1 ? weights[1] : 0)
                // Signed 7-bit codes (CScoring.h: AVX2's 16-bit pair sums are exact only so), the
                // largest at the limit, nothing past the encoded width.
                let limit = Int(rows.precision.queryLimit)
                #expect(query.codes.allSatisfy { abs(Int($0)) <= limit })
                #expect(query.codes.map { abs(Int($0)) }.max() == limit)
                #expect(query.codes[(query.encoded.groups * rows.precision.codesPerGroup)...].allSatisfy { $0 == 0 })
                let approx = ScanFixtures.scores(rows, query)
                for r in 0..<n {
                    var exact: Double = 0, qq: Double = 0, rr: Double = 0
                    for (p, part) in parts.enumerated() {
                        let s = Double(rows.partScales[p])
                        for j in 0..<part.dimension {
                            let q = Double(weights[p]) * Double(vectors[p][j])
                            let v = Double(part.values[r * part.dimension + j])
                            exact += q * v
                            qq += (q * s) * (q * s)
                            rr += (v / s) * (v / s)
                        }
                    }
                    let bound = (qq * rr).squareRoot()
                    let error = abs(Double(approx[r]) - exact)
                    if bound > 0 { worst = max(worst, error / bound) }
                    #expect(error <= tolerance * bound + 1e-9, "\(precision) widths \(widths) row \(r): approx \(approx[r]) exact \(exact) bound \(bound)")
                }
            }
        }
        #expect(worst < tolerance)
    }

    @Test func aZeroQueryScoresZero() {
        var rng = TestRandom(6)
        for (n, widths) in [(1, [1]), (9, [5]), (1003, [16, 3]), (64, [130, 1])] {
            let parts = widths.map { ScanFixtures.matrix(n, $0, &rng) }
            let rows = QuantizedRows(parts[0], parts.count > 1 ? parts[1] : nil)
            let zeros = widths.map { [Float](repeating: 0, count: $0) }
            let queries = [
                ScanFixtures.encode(rows, zeros[0], weight: 1, widths.count > 1 ? zeros[1] : nil, weight: 1),
                ScanFixtures.encode(rows, ScanFixtures.vector(widths[0], &rng), weight: 0),
                ScanFixtures.encode(rows, nil, weight: 1),
            ]
            for query in queries {
                #expect(query.encoded.scale == 0)
                #expect(query.codes.allSatisfy { $0 == 0 })
                #expect(ScanFixtures.scores(rows, query).allSatisfy { $0 == 0 }, "n \(n) widths \(widths)")
            }
        }
    }
}

/// RowMoments' analytic mean and deviation of `query · row` against a direct pass over the rows.
@Suite struct RowMomentsTests {
    static func direct(_ matrix: FactorMatrix, _ query: [Float]) -> (mean: Double, deviation: Double) {
        let d = matrix.dimension
        var sum: Double = 0, squares: Double = 0
        for r in 0..<matrix.rows {
            var dot: Double = 0
            for j in 0..<d { dot += Double(query[j]) * Double(matrix.values[r * d + j]) }
            sum += dot
            squares += dot * dot
        }
        let n = Double(matrix.rows)
        let mean = sum / n
        var variance: Double = 0
        for r in 0..<matrix.rows {
            var dot: Double = 0
            for j in 0..<d { dot += Double(query[j]) * Double(matrix.values[r * d + j]) }
            variance += (dot - mean) * (dot - mean)
        }
        return (mean, (variance / n).squareRoot())
    }

    @Test(arguments: [(rows: 1, d: 3), (rows: 2, d: 1), (rows: 7, d: 16), (rows: 64, d: 8), (rows: 65, d: 5),
                      (rows: 1003, d: 16), (rows: 3000, d: 64), (rows: 200, d: 130)])
    func matchesTheDirectMeanAndDeviation(shape: (rows: Int, d: Int)) {
        var rng = TestRandom(UInt64(shape.rows * 1000 + shape.d))
        // Rows with a common offset per column, so the mean term matters.
        let offsets = ScanFixtures.vector(shape.d, &rng, scale: 0.8)
        var matrix = ScanFixtures.matrix(shape.rows, shape.d, &rng)
        for r in 0..<shape.rows { for j in 0..<shape.d { matrix.values[r * shape.d + j] += offsets[j] } }
        let moments = RowMoments(matrix)
        for _ in 0..<5 {
            let size = Float(rng.int(1..<10))
            let query = ScanFixtures.vector(shape.d, &rng, scale: size)
            let got = query.withUnsafeBufferPointer { moments.meanAndDeviation(of: $0.baseAddress!) }
            let want = Self.direct(matrix, query)
            let scale = abs(want.mean) + want.deviation
            let context = "rows \(shape.rows) d \(shape.d): got \(got) want \(want)"
            #expect(abs(Double(got.mean) - want.mean) <= 1e-4 * scale, "\(context)")
            if shape.rows == 1 {
                #expect(got.deviation == 0, "\(context)")
            } else {
                #expect(abs(Double(got.deviation) - want.deviation) <= 1e-4 * want.deviation, "\(context)")
            }
        }
    }

    @Test(arguments: [(rows: 1, d: 4), (rows: 10, d: 1), (rows: 1003, d: 16), (rows: 257, d: 64)])
    func equalRowsHaveNoDeviation(shape: (rows: Int, d: Int)) {
        var rng = TestRandom(UInt64(shape.rows + shape.d))
        let row = (0..<shape.d).map { _ in Float(rng.int(1..<1000)) / 7 + 0.1 }  // not exactly representable
        let matrix = FactorMatrix(rows: shape.rows, dimension: shape.d, values: (0..<shape.rows).flatMap { _ in row })
        let moments = RowMoments(matrix)
        for _ in 0..<5 {
            let query = ScanFixtures.vector(shape.d, &rng, scale: 3)
            let got = query.withUnsafeBufferPointer { moments.meanAndDeviation(of: $0.baseAddress!) }
            let want = Self.direct(matrix, query)
            var norms: Double = 0
            for j in 0..<shape.d { norms += Double(abs(query[j])) * Double(row[j]) }
            #expect(want.deviation <= 1e-9 * norms)
            #expect(abs(Double(got.mean) - want.mean) <= 1e-4 * abs(want.mean) + 1e-6 * norms, "got \(got) want \(want)")
            #expect(Double(got.deviation) <= 1e-6 * norms, "got \(got): rows are equal")
        }
    }
}
