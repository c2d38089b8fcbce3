/// Every route the server registers, in one list: the router is built from it, 405s are
/// answered from it, and a test checks it against `docs/openapi.yaml` both ways.
public enum RouteTable {
    /// `faults` is the fault-injection admin routes, present only with `serve --allow-fault-injection`.
    public enum Surface: Sendable { case client, operations, admin, faults }

    public struct Route: Sendable, Hashable {
        public var method: String
        /// OpenAPI form: `/v1/recommendations/{user_id}`.
        public var path: String
        public var surface: Surface

        /// Hummingbird's form: `/v1/recommendations/:user_id`.
        public var routerPath: String {
            path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
                segment.hasPrefix("{") && segment.hasSuffix("}") ? ":" + segment.dropFirst().dropLast() : segment
            }.joined(separator: "/")
        }

        func matches(_ requestPath: Substring) -> Bool {
            let want = path.split(separator: "/")
            let have = requestPath.split(separator: "/")
            guard want.count == have.count else { return false }
            return zip(want, have).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
    }

    public static let routes: [Route] = [
        .init(method: "GET", path: "/v1/recommendations/{user_id}", surface: .client),
        .init(method: "POST", path: "/v1/recommendations", surface: .client),
        .init(method: "GET", path: "/v1/items/{item_id}/similar", surface: .client),
        .init(method: "GET", path: "/healthz", surface: .operations),
        .init(method: "GET", path: "/readyz", surface: .operations),
        .init(method: "GET", path: "/metrics", surface: .operations),
        .init(method: "GET", path: "/v1/admin/toggles", surface: .admin),
        .init(method: "GET", path: "/v1/admin/toggles/explain", surface: .admin),
        .init(method: "GET", path: "/v1/admin/guardrails", surface: .admin),
        .init(method: "POST", path: "/v1/admin/guardrails/override", surface: .admin),
        .init(method: "POST", path: "/v1/admin/kill-switch", surface: .admin),
        .init(method: "GET", path: "/v1/admin/audit", surface: .admin),
        .init(method: "GET", path: "/v1/admin/model", surface: .admin),
        .init(method: "POST", path: "/v1/admin/model/reload", surface: .admin),
        .init(method: "POST", path: "/v1/admin/faults", surface: .faults),
        .init(method: "GET", path: "/v1/admin/faults", surface: .faults),
        .init(method: "DELETE", path: "/v1/admin/faults", surface: .faults),
    ]

    /// Methods registered for a path (empty = no such route).
    static func allowedMethods(for path: Substring, surfaces: Set<Surface>) -> [String] {
        routes.filter { surfaces.contains($0.surface) && $0.matches(path) }.map(\.method)
    }
}
