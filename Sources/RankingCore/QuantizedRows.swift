import CScoring

/// A matrix's rows as 8-bit (or 4-bit) codes with one scale per row: a quarter (an eighth) of
/// the bytes of `Float`,
/// so a 10^4-item catalog's factors and content (800 KB) stay in a core's L2 cache where the
/// fp32 ones (3.2 MB) are read from L3 on every request, and the scan runs on integer
/// multiply-adds that do 32 lanes per instruction (CScoring). Scores from it are approximate:
/// the exact path uses them to pick a shortlist and re-scores that in `Float`
/// (docs/scaling.md, "Quantised shortlist").
///
/// Up to two matrices with the same rows can be stored side by side (item factors, then
/// content vectors), so one scan scores a blend of both: each part is first divided by its
/// RMS entry so neither drowns the other's precision in the shared row scale. Row r's part-p
/// value j ≈ `partScales[p] × scales[r] × code`, codes in −127…127. The codes are laid out in
/// blocks of 8 rows, 4 bytes of each row at a time (CScoring.h), so the kernels score 8 rows
/// per instruction without horizontal sums.
public struct QuantizedRows: Sendable {
    /// Bits per code: 8 (codes −127…127) or 4 (−7…7, two to a byte; CScoring.h).
    public enum Precision: Int, Sendable {
        case int8 = 8, int4 = 4
        /// Codes of a row in one 4-byte column group.
        var codesPerGroup: Int { self == .int8 ? 4 : 8 }
        var limit: Float { self == .int8 ? 127 : Float(GR_INT4_LIMIT) }
        var queryLimit: Float { self == .int8 ? Float(GR_QUERY_LIMIT) : 127 }
    }

    public let precision: Precision
    public let rows: Int
    /// Floats per row in each part, and where each part starts in a row.
    let partDimensions: [Int]
    let partStarts: [Int]
    let partScales: [Float]
    /// 4-byte column groups per row: the parts' total width, rounded up.
    let groups: Int
    /// Codes per row (zero-padded): the length of an encoded query and of `encodeQuery`'s buffer.
    public var stride: Int { groups * precision.codesPerGroup }
    public var queryStride: Int { stride }
    /// Code + 128 (CScoring.h), in the kernels' block layout.
    let codes: [UInt8]
    let scales: [Float]

    public init(_ first: FactorMatrix, _ second: FactorMatrix? = nil, precision: Precision = .int8) {
        self.precision = precision
        let parts = [first] + (second.map { [$0] } ?? [])
        precondition(parts.allSatisfy { $0.rows == first.rows }, "QuantizedRows: parts must have the same rows")
        rows = first.rows
        partDimensions = parts.map(\.dimension)
        partStarts = parts.indices.map { p in parts[..<p].reduce(0) { $0 + $1.dimension } }
        partScales = parts.map { part in
            var squares: Double = 0
            for v in part.values { squares += Double(v) * Double(v) }
            let rms = part.values.isEmpty ? 0 : Float((squares / Double(part.values.count)).squareRoot())
            return rms > 0 ? rms : 1
        }
        let width = partDimensions.reduce(0, +)
        let perGroup = precision.codesPerGroup
        groups = max(1, (width + perGroup - 1) / perGroup)
        let stored = (rows + Int(GR_BLOCK_ROWS) - 1) / Int(GR_BLOCK_ROWS) * Int(GR_BLOCK_ROWS)
        let zero = precision == .int8 ? UInt8(GR_ROW_OFFSET) : UInt8(GR_INT4_ROW_OFFSET) * 0x11
        var codes = [UInt8](repeating: zero, count: stored * groups * 4)
        var scales = [Float](repeating: 0, count: stored)
        let blockBytes = groups * 4 * Int(GR_BLOCK_ROWS)
        var row = [Float](repeating: 0, count: width)
        for r in 0..<rows {
            for (p, part) in parts.enumerated() {
                let inverse = 1 / partScales[p]
                for j in 0..<part.dimension { row[partStarts[p] + j] = part.values[r * part.dimension + j] * inverse }
            }
            let largest = row.reduce(Float(0)) { max($0, abs($1)) }
            guard largest > 0 else { continue }
            let limit = precision.limit
            let scale = largest / limit
            for j in 0..<width {
                let code = Int(max(-limit, min(limit, (row[j] / scale).rounded())))
                let group = j / perGroup, k = j % perGroup
                let byte = r / Int(GR_BLOCK_ROWS) * blockBytes + group * 32 + r % Int(GR_BLOCK_ROWS) * 4 + k % 4
                switch precision {
                case .int8:
                    codes[byte] = UInt8(code + Int(GR_ROW_OFFSET))
                case .int4:
                    // Low nibble: codes 0…3 of the group; high nibble: codes 4…7.
                    let nibble = UInt8(code + Int(GR_INT4_ROW_OFFSET))
                    codes[byte] = k < 4 ? (codes[byte] & 0xF0) | nibble : (codes[byte] & 0x0F) | (nibble << 4)
                }
            }
            scales[r] = scale
        }
        self.codes = codes
        self.scales = scales
    }

    /// Bytes held: the codes plus a scale per row.
    public var residentBytes: Int { codes.count + scales.count * MemoryLayout<Float>.stride }

    /// Encodes the query `Σ_p weight_p · part_p` (nil parts and zero weights contribute
    /// nothing) as signed 7-bit codes into `codes` (`stride` bytes), using `buffer` (`stride`
    /// floats) for the coefficients. Returns the query's scale (0 when it is all zero) and how
    /// many column groups a scan must read: a zero trailing part is skipped.
    public func encodeQuery(_ first: UnsafePointer<Float>?, weight firstWeight: Float,
                            _ second: UnsafePointer<Float>? = nil, weight secondWeight: Float = 0,
                            buffer: UnsafeMutablePointer<Float>, into codes: UnsafeMutablePointer<Int8>) -> EncodedQuery {
        buffer.update(repeating: 0, count: stride)
        var width = 0
        func put(_ p: Int, _ vector: UnsafePointer<Float>?, _ weight: Float) {
            guard p < partDimensions.count, let vector, weight != 0 else { return }
            // The stored rows were divided by the part's scale; the query carries it instead.
            let factor = weight * partScales[p]
            for j in 0..<partDimensions[p] { buffer[partStarts[p] + j] = vector[j] * factor }
            width = partStarts[p] + partDimensions[p]
        }
        put(0, first, firstWeight)
        put(1, second, secondWeight)
        var largest: Float = 0
        for j in 0..<width { largest = max(largest, abs(buffer[j])) }
        let limit = precision.queryLimit
        let scale = largest / limit
        for j in 0..<stride {
            codes[j] = scale > 0 ? Int8(max(-limit, min(limit, (buffer[j] / scale).rounded()))) : 0
        }
        let perGroup = precision.codesPerGroup
        return EncodedQuery(scale: scale, groups: max(1, (width + perGroup - 1) / perGroup))
    }

    /// What `encodeQuery` returns besides the codes.
    public struct EncodedQuery: Sendable {
        public var scale: Float
        /// Column groups the scan reads (the rest of each row is zero in the query).
        public var groups: Int
        public init(scale: Float = 0, groups: Int = 1) { (self.scale, self.groups) = (scale, groups) }
    }

    /// `out[r] ≈ query · row (first + r)` for `count` rows (or `+=` with `accumulate`):
    /// `query` is what `encodeQuery` wrote, `queryScale` what it returned.
    public func scores(query: UnsafePointer<Int8>, _ encoded: EncodedQuery, first: Int = 0, count: Int? = nil,
                       accumulate: Bool = false, into out: UnsafeMutablePointer<Float>) {
        let count = count ?? rows - first
        guard count > 0 else { return }
        let scanned = min(encoded.groups, groups)
        withRows { codes, scales in
            switch precision {
            case .int8: gr_int8_scores(query, codes, groups, scanned, first, count, scales, encoded.scale, accumulate ? 1 : 0, out)
            case .int4: gr_int4_scores(query, codes, groups, scanned, first, count, scales, encoded.scale, accumulate ? 1 : 0, out)
            }
        }
    }

    /// The rows of `first..<first + count` scoring above `threshold`, appended (row numbers and
    /// scores) at `items/scores[written]` (see `gr_int8_above`); returns the rows consumed.
    func above(query: UnsafePointer<Int8>, _ encoded: EncodedQuery, threshold: Float, first: Int, count: Int,
               items: UnsafeMutablePointer<Int32>, scores: UnsafeMutablePointer<Float>, capacity: Int,
               written: inout Int) -> Int {
        var filled = written
        let scanned = min(encoded.groups, groups)
        let consumed = withRows { codes, scales in
            switch precision {
            case .int8:
                gr_int8_above(query, codes, groups, scanned, first, count, scales, encoded.scale, threshold, items, scores,
                              capacity, &filled)
            case .int4:
                gr_int4_above(query, codes, groups, scanned, first, count, scales, encoded.scale, threshold, items, scores,
                              capacity, &filled)
            }
        }
        written = filled
        return consumed
    }

    @inline(__always)
    private func withRows<R>(_ body: (UnsafePointer<UInt8>, UnsafePointer<Float>) -> R) -> R {
        codes.withUnsafeBufferPointer { codes in
            scales.withUnsafeBufferPointer { scales in body(codes.baseAddress!, scales.baseAddress!) }
        }
    }

    /// The kernel the scans use on this CPU ("avx512vnni", "avx2" or "scalar").
    public static var kernelName: String { String(cString: gr_int8_kernel_name()) }

    /// Makes every scan use `name` ("scalar", "avx2", "avx512vnni", "auto"): for tests and
    /// benchmarks, before any thread scans. False when this CPU lacks it.
    public static func forceKernel(_ name: String) -> Bool { gr_int8_force_kernel(name) != 0 }
}
