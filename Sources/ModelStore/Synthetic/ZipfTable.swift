/// Cumulative Zipf weights, rank r (0-based) weighing 1/(r+1)^s.
///
/// One table serves every cluster: a cluster of m items samples from the first m entries,
/// since its ranks' weights are the same prefix.
struct ZipfTable {
    private(set) var cumulative: [Double]

    init(count: Int, exponent: Double) {
        cumulative = []
        cumulative.reserveCapacity(count)
        var total = 0.0
        for rank in 0..<count {
            total += DeterministicMath.pow(Double(rank + 1), -exponent)
            cumulative.append(total)
        }
    }

    /// A rank in 0..<prefix, Zipf-distributed.
    func sample(prefix: Int, using random: inout SeededRandom) -> Int {
        let target = random.unit() * cumulative[prefix - 1]
        var low = 0
        var high = prefix - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] > target { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
