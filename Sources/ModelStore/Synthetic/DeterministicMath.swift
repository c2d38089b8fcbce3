/// log and exp from IEEE basic operations only (+ − × ÷, exponent/significand access).
///
/// libm's `pow` may differ by an ulp between glibc and Apple's libm, which would move a Zipf
/// table entry and change a sampled item; these give the same bits everywhere. Accuracy is a
/// few ulps, plenty for popularity weights.
enum DeterministicMath {
    static let ln2 = 0.6931471805599453

    static func log(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite, "DeterministicMath.log: \(x)")
        var exponent = Double(x.exponent)
        var m = x.significand
        if m > 1.4142135623730951 {
            m /= 2
            exponent += 1
        }
        // ln m = 2·atanh(z), z = (m−1)/(m+1), |z| ≤ 0.172: 14 odd terms reach 1e-17.
        let z = (m - 1) / (m + 1)
        let z2 = z * z
        var term = z
        var sum = 0.0
        var k = 1.0
        for _ in 0..<14 {
            sum += term / k
            term *= z2
            k += 2
        }
        return exponent * ln2 + 2 * sum
    }

    static func exp(_ y: Double) -> Double {
        if y < -700 { return 0 }
        precondition(y < 700, "DeterministicMath.exp: \(y)")
        let k = (y / ln2).rounded()
        // Cody–Waite: ln2 split so k·ln2Hi is exact (fdlibm's e_exp.c constants).
        let r = (y - k * 6.93147180369123816490e-01) - k * 1.90821492927058770002e-10
        // |r| ≤ 0.35: 20 Taylor terms reach 1e-18.
        var term = 1.0
        var sum = 1.0
        for n in 1...20 {
            term *= r / Double(n)
            sum += term
        }
        return Double(sign: .plus, exponent: Int(k), significand: sum)
    }

    /// x^p for x > 0.
    static func pow(_ x: Double, _ p: Double) -> Double { exp(p * log(x)) }
}
