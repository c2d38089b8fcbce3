/// Draws user ranks 1…n with probability ∝ 1/rank^s: a few heavy users, a long tail, like
/// real request logs (SPEC §7 asks for Zipf-distributed users).
public struct ZipfSampler: Sendable {
    /// cumulative[i] = P(rank ≤ i + 1).
    private let cumulative: [Double]

    public init(count: Int, exponent: Double) {
        precondition(count > 0, "ZipfSampler needs at least one user")
        var sums: [Double] = []
        sums.reserveCapacity(count)
        var total = 0.0
        for rank in 1...count {
            total += 1 / pow(Double(rank), exponent)
            sums.append(total)
        }
        cumulative = sums.map { $0 / total }
    }

    /// A rank in 1…n for a uniform `u` in [0, 1).
    public func rank(forUniform u: Double) -> Int {
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] > u { high = mid } else { low = mid + 1 }
        }
        return low + 1
    }

    public func rank(using generator: inout some RandomNumberGenerator) -> Int {
        rank(forUniform: Double.random(in: 0..<1, using: &generator))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
