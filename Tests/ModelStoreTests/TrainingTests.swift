import Testing
@testable import ModelStore
import RankingCore

/// Two groups of users, each interacting with one half of the items: a model that learned
/// anything ranks a user's own half above the other.
private func twoCommunities(users: Int = 40, items: Int = 20) -> Dataset {
    var interactionUsers: [Int32] = [], interactionItems: [Int32] = []
    for user in 0..<users {
        let half = user % 2
        for item in stride(from: half, to: items, by: 2) where (item + user) % 3 != 0 {
            interactionUsers.append(Int32(user))
            interactionItems.append(Int32(item))
        }
    }
    return Dataset(
        name: "communities", userIDs: (0..<users).map { "u\($0)" },
        items: (0..<items).map { ItemRecord(id: "i\($0)", title: "Item \($0) (199\($0 % 10))", categories: [$0 % 2 == 0 ? "even" : "odd"]) },
        interactionUsers: interactionUsers, interactionItems: interactionItems,
        interactionWeights: [Float](repeating: 1, count: interactionUsers.count),
        interactionTimestamps: (0..<interactionUsers.count).map { Int64($0) })
}

@Suite struct ALSTrainerTests {
    @Test func sameSeedSameFactorsWhateverTheThreads() {
        let counts = ModelTrainer.interactionCounts(twoCommunities())
        var one = ALSTrainer.Configuration(factors: 8, iterations: 5)
        one.threads = 1
        var two = one
        two.threads = 2
        let a = ALSTrainer(configuration: one).train(interactions: counts, itemCount: 20)
        let b = ALSTrainer(configuration: two).train(interactions: counts, itemCount: 20)
        #expect(a.users == b.users && a.items == b.items)
        var otherSeed = one
        otherSeed.seed = 99
        #expect(ALSTrainer(configuration: otherSeed).train(interactions: counts, itemCount: 20).items != a.items)
    }

    @Test func learnsTheCommunities() {
        let dataset = twoCommunities()
        let counts = ModelTrainer.interactionCounts(dataset)
        let (users, items) = ALSTrainer(configuration: .init(factors: 8, regularization: 0.1, iterations: 10))
            .train(interactions: counts, itemCount: 20)
        for user in 0..<40 {
            let u = users.row(user)
            func score(_ item: Int) -> Float { zip(u, items.row(item)).map(*).reduce(0, +) }
            let own = stride(from: user % 2, to: 20, by: 2).map(score).reduce(0, +)
            let other = stride(from: 1 - user % 2, to: 20, by: 2).map(score).reduce(0, +)
            #expect(own > other, "user \(user)")
        }
    }
}

@Suite struct ModelTrainerTests {
    @Test func trainedModelIsConsistentAndRanksOwnCommunity() {
        let model = ModelTrainer(configuration: .init(als: .init(factors: 8, iterations: 8))).train(twoCommunities())
        #expect(model.consistencyProblems().isEmpty)
        let ranker = Ranker(model: model)
        let result = ranker.rank(RankingRequest(userID: "u0", k: 3), settings: RankingSettings(alpha: 1, contentEnabled: false))
        // u0 saw the even items but (item + 0) % 3 == 0 ones: 0, 6, 12, 18 are unseen evens.
        #expect(result.items.allSatisfy { $0.item % 2 == 0 }, "\(result.items)")
    }

    @Test func historiesWeighTheNewestMost() {
        let dataset = Dataset(name: "h", userIDs: ["u"], items: (0..<3).map { ItemRecord(id: "i\($0)") },
                              interactionUsers: [0, 0, 0], interactionItems: [2, 0, 1],
                              interactionWeights: [1, 1, 1], interactionTimestamps: [30, 10, 20])
        let histories = ModelTrainer.histories(dataset, halfLife: 1)
        #expect(Array(histories.columns(of: 0)) == [0, 1, 2])
        #expect(Array(histories.values(of: 0)) == [0.25, 0.5, 1])
    }

    @Test func popularityDecaysWithAge() {
        let dataset = Dataset(name: "p", userIDs: ["a", "b"], items: (0..<2).map { ItemRecord(id: "i\($0)") },
                              interactionUsers: [0, 1, 0], interactionItems: [0, 0, 1],
                              interactionWeights: [1, 1, 1], interactionTimestamps: [0, 0, 100])
        #expect(ModelTrainer.popularity(dataset, halfLifeSeconds: nil) == [2, 1])
        #expect(ModelTrainer.popularity(dataset, halfLifeSeconds: 100) == [1, 1])
    }

    @Test func contentVectorsAreUnitRowsWithDecades() {
        let items = [ItemRecord(id: "a", title: "Heat (1995)", categories: ["Action"], tags: ["heist"]),
                     ItemRecord(id: "b", title: "Ronin (1998)", categories: ["Action"], tags: ["Heist "]),
                     ItemRecord(id: "c", title: "")]
        let vectors = ContentVectorizer().vectors(for: items)
        let norms = (0..<3).map { vectors.row($0).map { $0 * $0 }.reduce(0, +) }
        #expect(abs(norms[0] - 1) < 1e-5 && abs(norms[1] - 1) < 1e-5 && norms[2] == 0)
        #expect(ContentVectorizer.tokens(of: items[0]).contains("decade:1990"))
        // Same category, decade and tag: identical vectors.
        #expect(vectors.row(0) == vectors.row(1))
    }
}
