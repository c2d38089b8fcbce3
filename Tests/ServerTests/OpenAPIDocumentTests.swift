import Foundation
import Testing
@testable import Server

/// `docs/openapi.yaml` and the router agree: every registered route is documented and every
/// documented operation is registered (the router is built from `RouteTable.routes`).
@Suite struct OpenAPIDocumentTests {
    /// (method, path) pairs from the document's `paths:` block, read by indentation
    /// (two spaces for a path, four for a method), which is how the file is written.
    static func documentedRoutes() throws -> Set<String> {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/openapi.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        var routes = Set<String>()
        var inPaths = false
        var path: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("paths:") { inPaths = true; continue }
            if inPaths, let first = line.first, first != " ", first != "#" { inPaths = false }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":") { path = String(line.dropFirst(2).dropLast()); continue }
            if line.hasPrefix("    "), !line.hasPrefix("     "), let path {
                let method = line.trimmingCharacters(in: .whitespaces).dropLast()
                if ["get", "post", "put", "delete", "patch"].contains(String(method)) { routes.insert("\(method.uppercased()) \(path)") }
            }
        }
        return routes
    }

    @Test func everyRouteIsDocumentedAndViceVersa() throws {
        let documented = try Self.documentedRoutes()
        let registered = Set(RouteTable.routes.map { "\($0.method) \($0.path)" })
        #expect(registered.subtracting(documented).isEmpty, "not in docs/openapi.yaml: \(registered.subtracting(documented).sorted())")
        #expect(documented.subtracting(registered).isEmpty, "documented but not served: \(documented.subtracting(registered).sorted())")
    }
}

import HTTPTypes
import HummingbirdTesting

extension OpenAPIDocumentTests {
    /// The router really answers each table route (no 404/405), so the table is the router's list
    /// (with fault injection enabled: its routes are absent otherwise, `FaultInjectionTests`).
    @Test func everyTableRouteHasAHandler() async throws {
        try await withRouter(try makeComponents(faults: FaultInjection(enabled: true))) { client in
            for route in RouteTable.routes {
                let uri = route.path.replacingOccurrences(of: "{user_id}", with: TestModel.knownUser)
                    .replacingOccurrences(of: "{item_id}", with: TestModel.itemID)
                let method = HTTPRequest.Method(route.method)!
                try await client.execute(uri: uri, method: method, headers: [.authorization: "Bearer \(TestTokens.operatorToken)",
                                                                            .contentType: "application/json"],
                                         body: method == .post ? .init(string: "{}") : nil) { response in
                    #expect(![404, 405].contains(response.status.code), "\(route.method) \(route.path): \(response.status)")
                }
            }
        }
    }
}
