import Foundation
import LoadGenerator

/// The drill's own connection to the admin API: blocking JSON calls with a bearer token,
/// one keep-alive connection, used from one thread at a time.
final class AdminClient {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let connection: HTTPConnection
    private let token: String?

    init(host: String, port: Int, token: String?) {
        connection = HTTPConnection(host: host, port: port)
        self.token = token
    }

    /// Sends one request and decodes a JSON object answer; a non-2xx answer is a failure
    /// carrying the server's reason (a drill cannot go on without its admin calls).
    @discardableResult
    func call(_ method: String, _ path: String, body: [String: Any]? = nil, expect: ClosedRange<Int> = 200...299) throws -> [String: Any] {
        let (status, bytes) = try send(method, path, body: body)
        guard expect.contains(status) else {
            throw Failure(description: "\(method) \(path) answered \(status): \(String(decoding: bytes.prefix(300), as: UTF8.self))")
        }
        return (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
    }

    /// The status and raw body, whatever the status.
    func send(_ method: String, _ path: String, body: [String: Any]? = nil) throws -> (Int, [UInt8]) {
        var headers: [String] = []
        if let token { headers.append("Authorization: Bearer \(token)") }
        let encoded = try body.map { Array(try JSONSerialization.data(withJSONObject: $0)) }
        do {
            return try connection.request(method, path, headers: headers, body: encoded)
        } catch {
            // One retry on a fresh connection: the server may have closed an idle one.
            return try connection.request(method, path, headers: headers, body: encoded)
        }
    }

    func close() { connection.close() }
}

/// Reads nested JSON (`[String: Any]` from JSONSerialization) by key path.
extension Dictionary where Key == String, Value == Any {
    func value(_ path: String...) -> Any? {
        var current: Any? = self
        for key in path { current = (current as? [String: Any])?[key] }
        return current
    }

    func string(_ path: String...) -> String? {
        var current: Any? = self
        for key in path { current = (current as? [String: Any])?[key] }
        return current as? String
    }

    func number(_ path: String...) -> Double? {
        var current: Any? = self
        for key in path { current = (current as? [String: Any])?[key] }
        return (current as? NSNumber)?.doubleValue
    }
}
