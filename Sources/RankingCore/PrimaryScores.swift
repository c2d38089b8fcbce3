/// Stage A's signal: `α·cf + (1−α)·content`, each signal z-scored first so the two are on
/// one scale (SPEC §2). A signal that is disabled, has nothing to say about this user, or
/// whose stage failed is left out and the other carries the whole weight.
///
/// Exact path (catalog below `RankingDefaults.indexThreshold`): every item is scored, in the
/// scratch: approximately with an exact re-score of the leaders for a known user
/// (ShortlistScan.swift), exactly otherwise. Index path: only candidates are
/// (Ranker+Candidates.swift).
struct PrimaryScores {
    enum Source {
        case none
        /// One score per item at this pointer (a scratch array).
        case dense(UnsafeMutablePointer<Float>)
        /// The scratch holds an encoded query for `shortlistScan`; `Ranker.exactBlend` gives
        /// the exact scores of the leaders the scan finds.
        case shortlist
        /// The scratch's `primarySet` holds (item, score) pairs.
        case candidates
    }

    var source: Source
    var usedCollaborative: Bool
    var usedContent: Bool

    var isEmpty: Bool { if case .none = source { return true } else { return false } }

    static var none: PrimaryScores { PrimaryScores(source: .none, usedCollaborative: false, usedContent: false) }
}

extension Ranker {
    func primaryScores(
        user: UserSignals, settings: RankingSettings, request: RankingRequest,
        faults: (any StageFaultInjector)?, failures: inout [StageFailure], scratch: RankingScratch
    ) -> PrimaryScores {
        if let index {
            return candidateScores(index: index, user: user, settings: settings, request: request,
                                   faults: faults, failures: &failures, scratch: scratch)
        }
        let n = model.itemCount
        let alpha = min(max(settings.alpha, 0), 1)
        let wantsCF = settings.collaborativeEnabled && alpha > 0 && run(.collaborative, request, faults, &failures)
        let wantsContent = settings.contentEnabled && alpha < 1 && run(.content, request, faults, &failures)
        // A CF signal from neighbour lists (unknown user) is sparse: no linear form to scan.
        if let shortlistScan, !wantsCF || user.userIndex != nil {
            return shortlistScores(scan: shortlistScan, user: user, alpha: alpha, collaborative: wantsCF,
                                   content: wantsContent, scratch: scratch)
        }
        let collaborative = wantsCF && collaborativeScores(user: user, into: scratch.collaborative)
        let content = wantsContent && contentScores(user: user, scratch: scratch)
        if collaborative { Self.standardise(scratch.collaborative, count: n) }
        if content { Self.standardise(scratch.content, count: n) }
        switch (collaborative, content) {
        case (false, false):
            return .none
        case (true, false):
            return PrimaryScores(source: .dense(scratch.collaborative), usedCollaborative: true, usedContent: false)
        case (false, true):
            return PrimaryScores(source: .dense(scratch.content), usedCollaborative: false, usedContent: true)
        case (true, true):
            let cf = scratch.collaborative
            let ct = scratch.content
            for i in 0..<n { cf[i] = alpha * cf[i] + (1 - alpha) * ct[i] }
            return PrimaryScores(source: .dense(cf), usedCollaborative: true, usedContent: true)
        }
    }

    /// Runs the fault hook for `stage`; false (and a recorded failure) when it throws.
    func run(_ stage: RankingStage, _ request: RankingRequest, _ faults: (any StageFaultInjector)?,
             _ failures: inout [StageFailure]) -> Bool {
        guard let faults else { return true }
        do {
            try faults.check(stage, userID: request.userID)
            return true
        } catch {
            failures.append(StageFailure(stage: stage, reason: String(describing: error)))
            return false
        }
    }

    /// Known user: user factors · item factors. Unknown user with history: item-to-item
    /// similarity from the collaborative neighbour lists of their history. False when neither.
    func collaborativeScores(user: UserSignals, into scores: UnsafeMutablePointer<Float>) -> Bool {
        let n = model.itemCount
        let d = model.itemFactors.dimension
        if let userIndex = user.userIndex, d > 0 {
            model.userFactors.values.withUnsafeBufferPointer { users in
                model.itemFactors.values.withUnsafeBufferPointer { items in
                    VectorMath.scoreAll(users.baseAddress! + Int(userIndex) * d, items.baseAddress!,
                                        rows: n, dimension: d, into: scores)
                }
            }
            return true
        }
        let lists = model.collaborativeNeighbours
        guard user.hasHistory, lists.columns.count > 0 else { return false }
        scores.update(repeating: 0, count: n)
        for seed in user.seeds {
            for position in lists.range(of: Int(seed.item)) {
                scores[Int(lists.columns[position])] += seed.weight * lists.values[position]
            }
        }
        return true
    }

    /// Builds the user's content profile (recency-weighted sum of the history's content
    /// vectors) in the scratch; false when it is empty or zero.
    func contentProfile(user: UserSignals, scratch: RankingScratch) -> Bool {
        let c = model.contentVectors.dimension
        guard user.hasHistory, c > 0 else { return false }
        return model.contentVectors.values.withUnsafeBufferPointer { vectors in
            scratch.profile.withUnsafeMutableBufferPointer { p in
                p.update(repeating: 0)
                for seed in user.seeds {
                    VectorMath.addScaled(vectors.baseAddress! + Int(seed.item) * c, weight: seed.weight,
                                         into: p.baseAddress!, count: c)
                }
                return p.contains(where: { $0 != 0 })
            }
        }
    }

    /// The profile · each item's content vector, into `scratch.content`.
    func contentScores(user: UserSignals, scratch: RankingScratch) -> Bool {
        guard contentProfile(user: user, scratch: scratch) else { return false }
        let c = model.contentVectors.dimension
        model.contentVectors.values.withUnsafeBufferPointer { vectors in
            scratch.profile.withUnsafeBufferPointer { p in
                VectorMath.scoreAll(p.baseAddress!, vectors.baseAddress!, rows: model.itemCount, dimension: c,
                                    into: scratch.content)
            }
        }
        return true
    }

    /// z-scores an array in place (tests, cold paths).
    static func standardise(_ values: inout [Float]) {
        let count = values.count
        values.withUnsafeMutableBufferPointer { if let base = $0.baseAddress { standardise(base, count: count) } }
    }

    /// z-scores in place: (x − mean) / standard deviation; all zeros when the signal is flat.
    static func standardise(_ values: UnsafeMutablePointer<Float>, count: Int) {
        guard count > 0 else { return }
        // Float lanes over blocks of 256, Double across blocks: vectorised, and the rounding
        // stays that of a 256-term float sum whatever the catalog size.
        var sum: Double = 0
        var squares: Double = 0
        var i = 0
        let raw = UnsafeRawPointer(values)
        while i + 256 <= count {
            var s = SIMD8<Float>(), q = SIMD8<Float>()
            for j in stride(from: i, to: i + 256, by: 8) {
                let v = raw.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
                s += v
                q += v * v
            }
            sum += Double(s.sum())
            squares += Double(q.sum())
            i += 256
        }
        while i < count {
            let v = Double(values[i])
            sum += v
            squares += v * v
            i += 1
        }
        let mean = sum / Double(count)
        let variance = max(0, squares / Double(count) - mean * mean)
        let deviation = variance.squareRoot()
        guard deviation > 1e-12 else {
            values.update(repeating: 0, count: count)
            return
        }
        let m = Float(mean)
        let scale = Float(1 / deviation)
        for i in 0..<count { values[i] = (values[i] - m) * scale }
    }
}
