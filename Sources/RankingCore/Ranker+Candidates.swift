extension Ranker {
    /// Stage A on a large catalog: candidates instead of every item (docs/scaling.md).
    ///
    /// Candidates are the index's best items (`max(2k, 20)`, RankingDefaults) for the user's CF vector (a
    /// known user's factors, or for an unknown user the weighted sum of their history items'
    /// factors: item-to-item similarity in factor space), plus the neighbours of the history
    /// items. Both signals are then scored exactly on the candidates only, z-scored over the
    /// candidates and blended. Slot i's cf and content scores sit at `scratch.collaborative[i]`
    /// and `scratch.content[i]`; the blend goes to `scratch.primarySet`'s scores.
    func candidateScores(
        index: CandidateIndex, user: UserSignals, settings: RankingSettings, request: RankingRequest,
        faults: (any StageFaultInjector)?, failures: inout [StageFailure], scratch: RankingScratch
    ) -> PrimaryScores {
        let alpha = min(max(settings.alpha, 0), 1)
        let d = model.itemFactors.dimension
        var collaborative = false
        if settings.collaborativeEnabled && alpha > 0 && run(.collaborative, request, faults, &failures) {
            collaborative = collaborativeQuery(user: user, into: &scratch.query)
        }
        var content = false
        if settings.contentEnabled && alpha < 1 && run(.content, request, faults, &failures) {
            content = contentProfile(user: user, scratch: scratch)
        }
        guard collaborative || content else { return .none }

        scratch.primarySet.clear()
        if collaborative {
            let wanted = max(RankingDefaults.indexCandidatesPerK * request.k, RankingDefaults.indexMinCandidates)
            var heap = scratch.takeHeap(capacity: wanted)
            scratch.query.withUnsafeBufferPointer { q in
                index.search(q.baseAddress!, scratch: &scratch.indexScratch!, into: &heap)
            }
            for i in 0..<heap.count { _ = scratch.primarySet.slot(of: heap.items[i], initial: 0) }
            scratch.heap = heap
        }
        func addNeighbours(_ lists: SparseRows) {
            for seed in user.seeds where Int(seed.item) < lists.rowCount {
                for position in lists.range(of: Int(seed.item)) {
                    _ = scratch.primarySet.slot(of: lists.columns[position], initial: 0)
                }
            }
        }
        addNeighbours(model.contentNeighbours)
        addNeighbours(model.collaborativeNeighbours)
        let count = scratch.primarySet.count
        guard count > 0 else { return .none }
        let items = scratch.primarySet.items
        if collaborative {
            model.itemFactors.values.withUnsafeBufferPointer { factors in
                scratch.query.withUnsafeBufferPointer { q in
                    for slot in 0..<count {
                        scratch.collaborative[slot] = VectorMath.dot(q.baseAddress!, factors.baseAddress! + Int(items[slot]) * d, count: d)
                    }
                }
            }
            Self.standardise(scratch.collaborative, count: count)
        }
        if content {
            let c = model.contentVectors.dimension
            model.contentVectors.values.withUnsafeBufferPointer { vectors in
                scratch.profile.withUnsafeBufferPointer { p in
                    for slot in 0..<count {
                        scratch.content[slot] = VectorMath.dot(p.baseAddress!, vectors.baseAddress! + Int(items[slot]) * c, count: c)
                    }
                }
            }
            Self.standardise(scratch.content, count: count)
        }
        let blend = scratch.primarySet.scores
        let a: Float = collaborative && content ? alpha : (collaborative ? 1 : 0)
        for slot in 0..<count {
            blend[slot] = (collaborative ? a * scratch.collaborative[slot] : 0)
                + (content ? (1 - a) * scratch.content[slot] : 0)
        }
        return PrimaryScores(source: .candidates, usedCollaborative: collaborative, usedContent: content)
    }

    /// The CF query vector: a known user's factors, else Σ weight × factors of the history
    /// items. False when the user has neither.
    func collaborativeQuery(user: UserSignals, into query: inout [Float]) -> Bool {
        let d = model.itemFactors.dimension
        guard d > 0 else { return false }
        if let userIndex = user.userIndex {
            for j in 0..<d { query[j] = model.userFactors.values[Int(userIndex) * d + j] }
            return true
        }
        guard user.hasHistory else { return false }
        query.withUnsafeMutableBufferPointer { q in
            q.update(repeating: 0)
            model.itemFactors.values.withUnsafeBufferPointer { factors in
                for seed in user.seeds {
                    VectorMath.addScaled(factors.baseAddress! + Int(seed.item) * d, weight: seed.weight,
                                         into: q.baseAddress!, count: d)
                }
            }
        }
        return true
    }
}

extension RankingScratch {
    /// The thread's heap, reset for `capacity` (give it back by assigning `heap`): moved out
    /// so the hot loops work on a local value, not through the class.
    func takeHeap(capacity: Int) -> TopK {
        var heap = self.heap
        self.heap = TopK(capacity: 0)
        heap.reset(capacity: capacity)
        return heap
    }

    /// The thread's leader buffer, reset (give it back by assigning `leaders`); moved out
    /// like `takeHeap`, so appending never copies storage the scratch still references.
    func takeLeaders(capacity: Int, threshold: Float = -.infinity) -> LeaderBuffer {
        var leaders = self.leaders
        self.leaders = LeaderBuffer()
        leaders.reset(capacity: capacity, threshold: threshold)
        return leaders
    }
}
