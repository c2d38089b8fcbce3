import Foundation
import NIOCore
import Testing
@testable import Server

@Suite struct JSONWriterTests {
    @Test func escapesEveryCharacterJSONRequires() throws {
        let nasty = "quote\" backslash\\ newline\n tab\t cr\r bell\u{07} nul\u{00} é 🎬 </script>"
        var json = JSONWriter()
        json.object {
            $0.field("s", nasty)
            $0.field("n", 3)
            $0.field("b", true)
            $0.field("x", nil as String?)
            $0.key("f"); $0.float(.nan)
            $0.key("a"); $0.array { json in json.int(1); json.string("two"); json.object { $0.field("k", 1.5) } }
        }
        let parsed = try jsonObject(json.buffer)
        #expect(parsed["s"] as? String == nasty)
        #expect(parsed["n"] as? Int == 3)
        #expect(parsed["b"] as? Bool == true)
        #expect(parsed["x"] is NSNull)
        #expect(parsed["f"] is NSNull)
        #expect((parsed["a"] as? [Any])?.count == 3)
    }

    @Test func errorBodyShape() throws {
        let body = try jsonObject(APIError.invalid("k", "'k' must be at least 1").jsonBody())
        let error = try #require(body["error"] as? [String: Any])
        #expect(error["code"] as? String == "invalid_parameter")
        #expect(error["field"] as? String == "k")
        #expect(error["reason"] as? String == "'k' must be at least 1")
    }
}

@Suite struct QueryParametersTests {
    @Test func decodesPercentAndPlus() throws {
        let query = try QueryParameters(raw: "region=eu%2Dwest&cohort=a+b&client=%C3%A9")
        #expect(query["region"] == "eu-west")
        #expect(query["cohort"] == "a b")
        #expect(query["client"] == "é")
    }

    @Test func refusesInvalidUTF8AndBrokenEscapes() {
        #expect(throws: APIError.self) { try QueryParameters(raw: "region=%FF") }
        #expect(throws: APIError.self) { try QueryParameters(raw: "region=%4") }
        #expect(throws: APIError.self) { try QueryParameters(raw: "a=1&a=2") }
    }

    @Test func pathSegmentKeepsPlus() throws {
        #expect(try QueryParameters.decodeBytes(Array("a+b%20c".utf8), field: "user_id", plusIsSpace: false) == "a+b c")
    }
}

@Suite struct ResultCacheTests {
    @Test func entriesAreDroppedWhenTheGenerationChanges() {
        let cache = ResultCache(capacity: 160)
        let key = ResultCache.Key(query: RecommendationQuery(userID: "u"), fingerprint: "f")
        let result = RankingResultFixture.one
        cache.store(result, for: key, generation: "m1|c1")
        #expect(cache.lookup(key, generation: "m1|c1") == result)
        #expect(cache.lookup(key, generation: "m2|c1") == nil)
        cache.store(result, for: key, generation: "m2|c1")
        #expect(cache.lookup(key, generation: "m1|c1") == nil)
        #expect(cache.count == 1)
    }

    @Test func isBounded() {
        let cache = ResultCache(capacity: 16)
        for index in 0..<1_000 {
            cache.store(RankingResultFixture.one, for: .init(query: RecommendationQuery(userID: "u\(index)"), fingerprint: "f"), generation: "g")
        }
        #expect(cache.count <= 16)
    }
}

import RankingCore
enum RankingResultFixture {
    static let one = RankingResult(items: [RankedItem(item: 1, score: 0.5, stage: .a)], eligibleCount: 10, deepestStage: .a, failures: [], knownUser: true)
}
