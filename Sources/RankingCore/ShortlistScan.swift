#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CScoring

/// The exact path's fast scan (catalogs below `RankingDefaults.indexThreshold`): every item
/// is scored from 8-bit copies of the item factors and content vectors, the best
/// `shortlistSize(missing)` of them are re-scored exactly in `Float`, and those exact scores
/// rank the answer (docs/scaling.md, "Quantised shortlist").
///
/// The z-scores of SPEC §2 need each signal's mean and deviation over the catalog; `RowMoments`
/// gives them from the query in O(d²), so the blend is one linear form per item,
/// `cfWeight·(u·v) + contentWeight·(p·c) − offset`, and one scan computes it.
struct ShortlistScan: Sendable {
    /// Each item's factors then its content vector, side by side in one row of codes: at 8
    /// bits, and at 4 bits for CF-led blends (`RankingDefaults.coarseScanMinimumCFWeight`),
    /// whose scan reads half the bytes.
    let rows: QuantizedRows
    let coarseRows: QuantizedRows
    let factorMoments: RowMoments?
    let contentMoments: RowMoments?

    init(model: RecommenderModel) {
        let n = model.itemCount
        let hasFactors = model.itemFactors.dimension > 0 && model.itemFactors.rows == n
        let hasContent = model.contentVectors.dimension > 0 && model.contentVectors.rows == n
        let factors = hasFactors ? model.itemFactors : FactorMatrix(rows: n, dimension: 0)
        let content = hasContent ? model.contentVectors : FactorMatrix(rows: n, dimension: 0)
        rows = QuantizedRows(factors, content, precision: .int8)
        coarseRows = QuantizedRows(factors, content, precision: .int4)
        factorMoments = hasFactors ? RowMoments(model.itemFactors) : nil
        contentMoments = hasContent ? RowMoments(model.contentVectors) : nil
    }

    /// The query buffers a thread needs: the wider encoding of the two copies.
    var queryStride: Int { max(rows.queryStride, coarseRows.queryStride) }

    func rows(coarse: Bool) -> QuantizedRows { coarse ? coarseRows : rows }

    var residentBytes: Int {
        rows.residentBytes + coarseRows.residentBytes + (factorMoments?.residentBytes ?? 0) + (contentMoments?.residentBytes ?? 0)
    }

    /// How many approximate leaders are re-scored exactly for `missing` answers.
    static func shortlistSize(missing: Int, itemCount: Int, coarse: Bool) -> Int {
        let minimum = coarse ? RankingDefaults.coarseShortlistMinimum : RankingDefaults.shortlistMinimum
        return min(itemCount, max(missing * RankingDefaults.shortlistPerK, minimum))
    }

    /// z such that a standard normal exceeds it with probability `tail` (Abramowitz & Stegun
    /// 26.2.23, error < 4.5·10⁻⁴); −∞ for tails of one half or more.
    static func normalQuantile(tail: Double) -> Double {
        guard tail < 0.5 else { return -.infinity }
        let t = (-2 * log(max(tail, 1e-300))).squareRoot()
        return t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t)
    }
}

/// The exact blended score of one item, as the dense path's z-scores would give it:
/// `cfWeight·(user·item factors) + contentWeight·(profile·item content) − offset`.
struct LinearBlend {
    var userRow = -1
    var cfWeight: Float = 0
    var contentWeight: Float = 0
    var offset: Float = 0
    /// Scan the 4-bit copy (a CF-led blend) rather than the 8-bit one.
    var coarse = false
    /// The blend's spread over the catalog, taking the two z-scored signals as uncorrelated:
    /// √(a² + b²). Only sets where the leader scan starts (`startingThreshold`).
    var spread: Float = 0

    /// Where the leader scan's threshold starts, so it does not fill and prune its buffer from
    /// −∞: the score that, were the blend normal with this spread, `shortlistStartingExcess ×
    /// capacity` accepted items of `eligible` would beat. A guess only: when fewer than
    /// `capacity` items beat it, the scan runs again from −∞ (`Ranker.take`), so the leaders
    /// never depend on it.
    func startingThreshold(capacity: Int, eligible: Int) -> Float {
        guard spread > 0, eligible > 0 else { return -.infinity }
        let tail = Double(RankingDefaults.shortlistStartingExcess * capacity) / Double(eligible)
        let z = ShortlistScan.normalQuantile(tail: tail)
        return z == -.infinity ? -.infinity : offset + spread * Float(z)
    }
}

extension Ranker {
    /// Stage A's scores on the exact path for a known user (or no CF signal): the blend's query,
    /// encoded for the quantised scan, in `scratch.queryCodes`/`queryScale`, and the blend in
    /// `scratch.blend` for `exactBlend` to re-score the leaders with.
    func shortlistScores(scan: ShortlistScan, user: UserSignals, alpha: Float, collaborative wantsCF: Bool,
                         content wantsContent: Bool, scratch: RankingScratch) -> PrimaryScores {
        let d = model.itemFactors.dimension
        var blend = LinearBlend()
        var cf: (mean: Float, deviation: Float)? = nil
        if wantsCF, let userIndex = user.userIndex, let moments = scan.factorMoments {
            blend.userRow = Int(userIndex)
            cf = model.userFactors.values.withUnsafeBufferPointer { moments.meanAndDeviation(of: $0.baseAddress! + Int(userIndex) * d) }
        }
        var content: (mean: Float, deviation: Float)? = nil
        if wantsContent, let moments = scan.contentMoments, contentProfile(user: user, scratch: scratch) {
            content = scratch.profile.withUnsafeBufferPointer { moments.meanAndDeviation(of: $0.baseAddress!) }
        }
        guard cf != nil || content != nil else { return .none }

        // Weights of the z-scored signals; a flat signal (deviation 0) contributes nothing, as
        // the dense path's all-zero z-scores do.
        let a: Float = cf != nil && content != nil ? alpha : (cf != nil ? 1 : 0)
        if let cf, cf.deviation > 1e-12 { blend.cfWeight = a / cf.deviation }
        if let content, content.deviation > 1e-12 { blend.contentWeight = (1 - a) / content.deviation }
        blend.offset = blend.cfWeight * (cf?.mean ?? 0) + blend.contentWeight * (content?.mean ?? 0)
        let (cfShare, contentShare) = (blend.cfWeight * (cf?.deviation ?? 0), blend.contentWeight * (content?.deviation ?? 0))
        blend.spread = (cfShare * cfShare + contentShare * contentShare).squareRoot()
        blend.coarse = cf != nil && a >= RankingDefaults.coarseScanMinimumCFWeight
        scratch.blend = blend

        // One query over both parts: the blend's linear form, up to the constant offset.
        let rows = scan.rows(coarse: blend.coarse)
        scratch.encodedQuery = model.userFactors.values.withUnsafeBufferPointer { users in
            scratch.profile.withUnsafeBufferPointer { profile in
                rows.encodeQuery(blend.cfWeight == 0 ? nil : users.baseAddress! + blend.userRow * d, weight: blend.cfWeight,
                                      blend.contentWeight == 0 ? nil : profile.baseAddress!, weight: blend.contentWeight,
                                      buffer: scratch.queryBuffer, into: scratch.queryCodes)
            }
        }
        return PrimaryScores(source: .shortlist, usedCollaborative: cf != nil, usedContent: content != nil)
    }

    /// The exact blended score of each of `count` items into `scores`, as the dense path's
    /// z-scores would give it: `cfWeight·(user·item factors) + contentWeight·(profile·item
    /// content) − offset`. Every row's loads are issued first (the rows are scattered, and
    /// mostly not in cache after the scan), then the dot products run.
    func exactBlend(_ items: UnsafePointer<Int32>, count: Int, scratch: RankingScratch,
                    into scores: UnsafeMutablePointer<Float>) {
        let blend = scratch.blend
        let d = model.itemFactors.dimension, c = model.contentVectors.dimension
        model.userFactors.values.withUnsafeBufferPointer { users in
            model.itemFactors.values.withUnsafeBufferPointer { factors in
                model.contentVectors.values.withUnsafeBufferPointer { vectors in
                    scratch.profile.withUnsafeBufferPointer { profile in
                        let cf = blend.cfWeight != 0, content = blend.contentWeight != 0
                        for i in 0..<count {
                            let item = Int(items[i])
                            if cf { gr_prefetch(factors.baseAddress! + item * d, d * 4) }
                            if content { gr_prefetch(vectors.baseAddress! + item * c, c * 4) }
                        }
                        for i in 0..<count {
                            let item = Int(items[i])
                            var score = -blend.offset
                            if cf {
                                score += blend.cfWeight * VectorMath.dot(users.baseAddress! + blend.userRow * d,
                                                                         factors.baseAddress! + item * d, count: d)
                            }
                            if content {
                                score += blend.contentWeight * VectorMath.dot(profile.baseAddress!, vectors.baseAddress! + item * c,
                                                                              count: c)
                            }
                            scores[i] = score
                        }
                    }
                }
            }
        }
    }
}
