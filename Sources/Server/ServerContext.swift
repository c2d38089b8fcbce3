public import Hummingbird

/// The request context of every route: Hummingbird's core storage plus the request id the
/// middleware settled on (from `X-Request-ID` or freshly generated).
public struct ServerContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var requestID = ""
    /// The admin token's name once `AdminAuth` accepted it (for audit records, never the token).
    public var actor: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Bodies are collected with `ServerDefaults.maxBodyBytes` explicitly; this is the cap
    /// for anything that uses Hummingbird's own decoding.
    public var maxUploadSize: Int { ServerDefaults.maxBodyBytes }
}
