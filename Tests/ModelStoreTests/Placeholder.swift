import Testing
@testable import ModelStore

@Test func moduleLoads() { #expect(Bool(true)) }
