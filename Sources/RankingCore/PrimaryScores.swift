/// Stage A's signal: `α·cf + (1−α)·content` over every item, each signal z-scored first so
/// the two are on one scale (SPEC §2). A signal that is disabled, has nothing to say about
/// this user, or whose stage failed is left out and the other carries the whole weight.
struct PrimaryScores {
    /// One score per item, or empty when neither signal is available.
    var scores: [Float]
    var usedCollaborative: Bool
    var usedContent: Bool

    var isEmpty: Bool { scores.isEmpty }

    static let none = PrimaryScores(scores: [], usedCollaborative: false, usedContent: false)
}

extension Ranker {
    func primaryScores(
        user: UserSignals, settings: RankingSettings, request: RankingRequest,
        faults: (any StageFaultInjector)?, failures: inout [StageFailure]
    ) -> PrimaryScores {
        let alpha = min(max(settings.alpha, 0), 1)
        var collaborative: [Float]? = nil
        var content: [Float]? = nil
        if settings.collaborativeEnabled && alpha > 0 && run(.collaborative, request, faults, &failures) {
            collaborative = collaborativeScores(user: user)
        }
        if settings.contentEnabled && alpha < 1 && run(.content, request, faults, &failures) {
            content = contentScores(user: user)
        }
        switch (collaborative, content) {
        case (nil, nil):
            return .none
        case (var cf?, nil):
            Self.standardise(&cf)
            return PrimaryScores(scores: cf, usedCollaborative: true, usedContent: false)
        case (nil, var ct?):
            Self.standardise(&ct)
            return PrimaryScores(scores: ct, usedCollaborative: false, usedContent: true)
        case (var cf?, var ct?):
            Self.standardise(&cf)
            Self.standardise(&ct)
            for i in cf.indices { cf[i] = alpha * cf[i] + (1 - alpha) * ct[i] }
            return PrimaryScores(scores: cf, usedCollaborative: true, usedContent: true)
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
    /// similarity from the collaborative neighbour lists of their history. Nil when neither.
    func collaborativeScores(user: UserSignals) -> [Float]? {
        let n = model.itemCount
        let d = model.itemFactors.dimension
        if let userIndex = user.userIndex, d > 0 {
            var scores = [Float](repeating: 0, count: n)
            model.userFactors.values.withUnsafeBufferPointer { users in
                model.itemFactors.values.withUnsafeBufferPointer { items in
                    scores.withUnsafeMutableBufferPointer { out in
                        VectorMath.scoreAll(users.baseAddress! + Int(userIndex) * d, items.baseAddress!,
                                            rows: n, dimension: d, into: out.baseAddress!)
                    }
                }
            }
            return scores
        }
        guard user.hasHistory, model.collaborativeNeighbours.columns.count > 0 else { return nil }
        return neighbourScores(seeds: user.seeds, lists: model.collaborativeNeighbours)
    }

    /// A profile (recency-weighted sum of the history's content vectors) · each item's vector.
    func contentScores(user: UserSignals) -> [Float]? {
        let c = model.contentVectors.dimension
        guard user.hasHistory, c > 0 else { return nil }
        var profile = [Float](repeating: 0, count: c)
        model.contentVectors.values.withUnsafeBufferPointer { vectors in
            profile.withUnsafeMutableBufferPointer { p in
                for seed in user.seeds {
                    VectorMath.addScaled(vectors.baseAddress! + Int(seed.item) * c, weight: seed.weight,
                                         into: p.baseAddress!, count: c)
                }
            }
        }
        guard profile.contains(where: { $0 != 0 }) else { return nil }
        var scores = [Float](repeating: 0, count: model.itemCount)
        model.contentVectors.values.withUnsafeBufferPointer { vectors in
            profile.withUnsafeBufferPointer { p in
                scores.withUnsafeMutableBufferPointer { out in
                    VectorMath.scoreAll(p.baseAddress!, vectors.baseAddress!, rows: model.itemCount, dimension: c,
                                        into: out.baseAddress!)
                }
            }
        }
        return scores
    }

    /// Σ seed weight × similarity over the seeds' neighbour lists, dense.
    func neighbourScores(seeds: [(item: Int32, weight: Float)], lists: SparseRows) -> [Float] {
        var scores = [Float](repeating: 0, count: model.itemCount)
        for seed in seeds {
            for position in lists.range(of: Int(seed.item)) {
                scores[Int(lists.columns[position])] += seed.weight * lists.values[position]
            }
        }
        return scores
    }

    /// z-scores in place: (x − mean) / standard deviation; all zeros when the signal is flat.
    static func standardise(_ values: inout [Float]) {
        guard !values.isEmpty else { return }
        var sum: Double = 0
        var squares: Double = 0
        for v in values {
            sum += Double(v)
            squares += Double(v) * Double(v)
        }
        let mean = sum / Double(values.count)
        let variance = max(0, squares / Double(values.count) - mean * mean)
        let deviation = variance.squareRoot()
        guard deviation > 1e-12 else {
            for i in values.indices { values[i] = 0 }
            return
        }
        let m = Float(mean)
        let scale = Float(1 / deviation)
        for i in values.indices { values[i] = (values[i] - m) * scale }
    }
}
