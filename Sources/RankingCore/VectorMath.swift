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
    @inlinable
    public static func scoreAll(_ query: UnsafePointer<Float>, _ matrix: UnsafePointer<Float>, rows: Int, dimension: Int,
                         into scores: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            scores[r] = dot(query, matrix + r * dimension, count: dimension)
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
