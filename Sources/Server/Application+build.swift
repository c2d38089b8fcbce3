public import Hummingbird
import Logging
import NIOCore
public import ServiceLifecycle

/// Where the server listens. The admin API shares the client port unless `adminPort` is set.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var adminPort: Int?
    public var idleTimeout: TimeAmount

    public init(host: String = ServerDefaults.host, port: Int = ServerDefaults.port, adminPort: Int? = nil,
                idleTimeout: TimeAmount = ServerDefaults.idleTimeout) {
        self.host = host
        self.port = port
        self.adminPort = adminPort
        self.idleTimeout = idleTimeout
    }
}

/// The router for some surfaces (client + operations + admin on one port, or split).
public func buildRouter(_ components: ServerComponents, surfaces: Set<RouteTable.Surface>) -> Router<ServerContext> {
    var surfaces = surfaces
    if surfaces.contains(.admin) && components.faults.enabled { surfaces.insert(.faults) }
    let router = Router(context: ServerContext.self)
    router.add(middleware: ServerMiddleware(metrics: components.metrics, events: components.service.events,
                                            guardrails: components.service.guardrails, logger: components.logger, surfaces: surfaces))
    if surfaces.contains(.client) { RecommendationRoutes(service: components.service).register(on: router) }
    if surfaces.contains(.operations) { OperationsRoutes(components: components).register(on: router) }
    if surfaces.contains(.admin) { AdminRoutes(components: components).register(on: router) }
    if surfaces.contains(.faults) { FaultRoutes(components: components).register(on: router) }
    return router
}

/// The applications to run: one, or two when the admin API has its own port.
/// `onListening(name, port)` is called once each is bound (port 0 gives the real port).
public func buildApplications(
    _ components: ServerComponents, configuration: ServerConfiguration,
    onListening: @escaping @Sendable (_ name: String, _ port: Int) -> Void
) -> [any Service] {
    func app(_ name: String, port: Int, surfaces: Set<RouteTable.Surface>) -> any Service {
        Application(
            router: buildRouter(components, surfaces: surfaces),
            server: .http1(configuration: .init(idleTimeout: configuration.idleTimeout)),
            configuration: .init(address: .hostname(configuration.host, port: port), serverName: "guardrank"),
            onServerRunning: { channel in onListening(name, channel.localAddress?.port ?? port) },
            logger: components.logger
        )
    }
    guard let adminPort = configuration.adminPort else {
        return [app("guardrank", port: configuration.port, surfaces: [.client, .operations, .admin])]
    }
    return [
        app("guardrank", port: configuration.port, surfaces: [.client, .operations]),
        app("guardrank admin", port: adminPort, surfaces: [.admin, .operations]),
    ]
}
