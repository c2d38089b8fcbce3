import Testing
@testable import LoadGenerator

@Suite struct LoadTargetTests {
    @Test func hostPortAndDefaultPath() throws {
        let target = try LoadTarget(url: "http://127.0.0.1:8080")
        #expect(target == LoadTarget(host: "127.0.0.1", port: 8080, pathTemplate: LoadGeneratorDefaults.pathTemplate))
        #expect(target.path(user: "u7") == "/v1/recommendations/u7?k=10")
    }

    @Test func explicitPathIsKeptAndUserSubstituted() throws {
        #expect(try LoadTarget(url: "http://localhost:81/rec.json").path(user: "u1") == "/rec.json")
        #expect(try LoadTarget(url: "http://localhost:81/rec.json").host == "127.0.0.1")
        #expect(try LoadTarget(url: "http://h:9/v1/items/{user}/similar?k=3").path(user: "42") == "/v1/items/42/similar?k=3")
        #expect(try LoadTarget(url: "http://h/x").port == 80)
    }

    @Test(arguments: ["https://127.0.0.1:8080", "127.0.0.1:8080", "http://:8080", "http://h:0", "http://h:99999", "http://h:80/a b"])
    func refusesBadURLs(url: String) {
        #expect(throws: LoadTarget.ParseError.self) { try LoadTarget(url: url) }
    }
}

@Suite struct ZipfSamplerTests {
    @Test func ranksFollowTheLaw() {
        let sampler = ZipfSampler(count: 100, exponent: 1)
        // H(100) = 5.1874; P(rank 1) = 1 / H ≈ 0.1928, P(rank ≤ 2) = 1.5 / H ≈ 0.2892.
        #expect(sampler.rank(forUniform: 0) == 1)
        #expect(sampler.rank(forUniform: 0.19) == 1)
        #expect(sampler.rank(forUniform: 0.20) == 2)
        #expect(sampler.rank(forUniform: 0.29) == 3)
        #expect(sampler.rank(forUniform: 0.999_999) == 100)
    }

    @Test func exponentZeroIsUniform() {
        let sampler = ZipfSampler(count: 4, exponent: 0)
        #expect([0.1, 0.3, 0.6, 0.9].map(sampler.rank(forUniform:)) == [1, 2, 3, 4])
    }
}
