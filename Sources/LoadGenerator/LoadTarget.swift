/// Where the load goes: host, port and a path template where `{user}` becomes a user id.
///
/// `http://HOST:PORT` alone requests `LoadGeneratorDefaults.pathTemplate`; a URL with a path
/// requests that path (with `{user}` substituted if present), so the same tool measures a
/// static file on nginx and a top-K on guardrank in one run.
public struct LoadTarget: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var pathTemplate: String

    public struct ParseError: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    public init(host: String, port: Int, pathTemplate: String) {
        self.host = host
        self.port = port
        self.pathTemplate = pathTemplate
    }

    public init(url: String) throws(ParseError) {
        guard url.hasPrefix("http://") else {
            throw ParseError(reason: "--url must start with http:// (got '\(url)'); https is not supported")
        }
        let rest = url.dropFirst("http://".count)
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var path = String(rest[authorityEnd...])
        if path.isEmpty || path == "/" { path = LoadGeneratorDefaults.pathTemplate }
        if path.hasPrefix("?") { path = "/" + path }
        let host: Substring
        let port: Int
        if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            guard let parsed = Int(authority[authority.index(after: colon)...]), (1...65_535).contains(parsed) else {
                throw ParseError(reason: "--url has an invalid port in '\(authority)'")
            }
            port = parsed
        } else {
            host = authority
            port = 80
        }
        guard !host.isEmpty else { throw ParseError(reason: "--url has no host: '\(url)'") }
        guard path.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw ParseError(reason: "--url path must be printable ASCII without spaces (percent-encode it)")
        }
        self.init(host: host == "localhost" ? "127.0.0.1" : String(host), port: port, pathTemplate: path)
    }

    /// The request target for one user.
    public func path(user: String) -> String {
        pathTemplate.replacingAll("{user}", with: user)
    }
}

extension String {
    fileprivate func replacingAll(_ token: String, with value: String) -> String {
        guard contains(token) else { return self }
        return split(separator: token, omittingEmptySubsequences: false).joined(separator: value)
    }
}
