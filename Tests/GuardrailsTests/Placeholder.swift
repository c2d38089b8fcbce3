import Testing
@testable import Guardrails

@Test func moduleLoads() { #expect(Bool(true)) }
