import Foundation
import Guardrails
import Hummingbird
import HummingbirdTesting
import Logging
import ModelStore
import NIOCore
import RankingCore
@testable import Server

/// A small model trained once per test process (debug ALS is slow; 150 items is enough to
/// exercise every stage).
enum TestModel {
    static let model: RecommenderModel = ModelTrainer().train(SyntheticDataset.generate(.init(items: 150, users: 240, seed: 11)))
    static var knownUser: String { model.userIDs[0] }
    static var itemID: String { model.catalog.itemIDs[0] }
    static var category: String { model.catalog.categoryNames[0] }

    /// A snapshot of `model` written into a fresh temporary directory.
    static func snapshot(in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("model.grk").path
        _ = try ModelSnapshot.write(model, to: path)
        return path
    }
}

enum TestTokens {
    static let viewer = "viewer-token-0123456789abcdef"
    static let operatorToken = "operator-token-0123456789abcdef"
    static let tokens = AdminTokens(entries: [
        .init(token: viewer, role: .viewer, name: "vera"),
        .init(token: operatorToken, role: .operator, name: "otto"),
    ])
    static let json = #"{"tokens":[{"token":"viewer-token-0123456789abcdef","role":"viewer","name":"vera"},{"token":"operator-token-0123456789abcdef","role":"operator","name":"otto"}]}"#
}

/// Components around the test model, in memory (no events files), with an audit file in a
/// temporary directory and a loader that reads real snapshots.
func makeComponents(model: RecommenderModel? = TestModel.model, auditPath: String? = nil, shadowRate: Double = 0,
                    config: (any ServingConfigProvider)? = nil, events: EventLog? = nil,
                    faults: FaultInjection = FaultInjection(enabled: false)) throws -> ServerComponents {
    let models = ModelHolder()
    if let model { models.install(model, source: "test") }
    let service = RecommendationService(models: models, config: config ?? ShippedDefaultsProvider(), guardrails: RollbackGuardrailMonitor(),
                                        admin: AdminOverrides(), cache: ResultCache(capacity: 1_000),
                                        events: try events ?? EventLog(directory: nil), shadowRate: shadowRate, faults: faults)
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return ServerComponents(service: service, audit: try AuditTrail(path: auditPath), tokens: TestTokens.tokens,
                            logger: logger, loadModel: { try ModelSnapshot.read(from: $0) })
}

/// Runs `body` against the router (no sockets), all surfaces on one router.
func withRouter(_ components: ServerComponents, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    let app = Application(router: buildRouter(components, surfaces: [.client, .operations, .admin]), logger: logger)
    try await app.test(.router) { client in try await body(client) }
}

/// The body parsed as a JSON object (fails the test if it is not one).
func jsonObject(_ buffer: ByteBuffer) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))
    guard let dictionary = object as? [String: Any] else { throw TestFailure("body is not a JSON object: \(String(buffer: buffer))") }
    return dictionary
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("guardrank-server-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The shipped `Config/runtime_toggles.json` with `edit` applied to its text, written to a temp file.
func togglesFile(in directory: URL, name: String = "toggles.json", _ edit: (String) -> String = { $0 }) throws -> String {
    let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Config/runtime_toggles.json")
    let path = directory.appendingPathComponent(name).path
    try edit(try String(contentsOf: shipped, encoding: .utf8)).write(toFile: path, atomically: true, encoding: .utf8)
    return path
}
