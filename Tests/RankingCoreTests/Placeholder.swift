import Testing
@testable import RankingCore

@Test func moduleLoads() { #expect(Bool(true)) }
