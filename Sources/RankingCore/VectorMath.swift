/// Dot products over contiguous `Float` rows: the inner loop of every stage.
///
/// Written with two independent 8-lane SIMD accumulators so the compiler keeps the FMA pipeline
/// full; `-Ounchecked` (Package.swift) removes the bounds checks that would stop it vectorising.
public enum VectorMath {
    @inlinable
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
        var i = 0
        while i + 16 <= count {
            acc0 += UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
                * UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
            acc1 += UnsafeRawPointer(a + i + 8).loadUnaligned(as: SIMD8<Float>.self)
                * UnsafeRawPointer(b + i + 8).loadUnaligned(as: SIMD8<Float>.self)
            i += 16
        }
        var sum = (acc0 + acc1).sum()
        while i < count {
            sum += a[i] * b[i]
            i += 1
        }
        return sum
    }

    /// `scores[r] = query · matrix[r]` for every row.
    ///
    /// Four rows per step, 8 lanes per load: each query load feeds four FMAs and the four
    /// horizontal sums overlap, which is what keeps a 10^4 × 64 scan near 10 µs (a plain
    /// `dot` per row spends most of its time in call overhead and the final reduction).
    @inlinable
    public static func scoreAll(_ query: UnsafePointer<Float>, _ matrix: UnsafePointer<Float>, rows: Int, dimension: Int,
                         into scores: UnsafeMutablePointer<Float>) {
        guard dimension % 8 == 0 else {
            for r in 0..<rows { scores[r] = dot(query, matrix + r * dimension, count: dimension) }
            return
        }
        let q = UnsafeRawPointer(query)
        var r = 0
        while r + 4 <= rows {
            let m0 = UnsafeRawPointer(matrix + r * dimension)
            let m1 = UnsafeRawPointer(matrix + (r + 1) * dimension)
            let m2 = UnsafeRawPointer(matrix + (r + 2) * dimension)
            let m3 = UnsafeRawPointer(matrix + (r + 3) * dimension)
            var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
            var offset = 0
            let bytes = dimension * 4
            while offset < bytes {
                let x = q.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                a0 += x * m0.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                a1 += x * m1.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                a2 += x * m2.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                a3 += x * m3.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                offset += 32
            }
            scores[r] = a0.sum()
            scores[r + 1] = a1.sum()
            scores[r + 2] = a2.sum()
            scores[r + 3] = a3.sum()
            r += 4
        }
        while r < rows {
            scores[r] = dot(query, matrix + r * dimension, count: dimension)
            r += 1
        }
    }

    /// `target += weight * source`, element-wise.
    @inlinable
    public static func addScaled(_ source: UnsafePointer<Float>, weight: Float, into target: UnsafeMutablePointer<Float>, count: Int) {
        // A plain loop: the optimiser vectorises it better than hand-written SIMD8 stores
        // (measured on ALS training, docs/benchmarks.md).
        for i in 0..<count { target[i] += weight * source[i] }
    }
}
