import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A running `guardrank serve` (the debug binary `swift build` made), on `--port 0`, with
/// its stdout read for the "listening on" line. Killed on `stop()` and on deinit.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    let directory: URL
    private(set) var port = 0
    private(set) var adminPort: Int?
    private let output = Pipe()
    private let lock = NSLock()
    private var stdoutText = ""

    static var binary: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/guardrank")
    }

    init(arguments: [String] = [], environment: [String: String] = [:], directory: URL? = nil) throws {
        self.directory = try directory ?? temporaryDirectory()
        process.executableURL = Self.binary
        process.arguments = ["serve", "--port", "0"] + arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.stdoutText += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        let wantsAdmin = arguments.contains("--admin-port")
        while Date() < deadline {
            let text = lock.withLock { stdoutText }
            if let port = Self.port(in: text, prefix: "guardrank listening on http://127.0.0.1:") {
                self.port = port
                if !wantsAdmin { return }
                if let admin = Self.port(in: text, prefix: "guardrank admin listening on http://127.0.0.1:") {
                    adminPort = admin
                    return
                }
            }
            guard process.isRunning else { throw TestFailure("guardrank serve exited with \(process.terminationStatus)") }
            usleep(20_000)
        }
        stop()
        throw TestFailure("guardrank serve did not print its port within 60 s")
    }

    static func port(in text: String, prefix: String) -> Int? {
        for line in text.split(separator: "\n") where line.hasPrefix(prefix) { return Int(line.dropFirst(prefix.count)) }
        return nil
    }

    /// SIGTERM, then waits for the exit; returns the exit status.
    @discardableResult
    func terminate() -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { stop() }
        return process.terminationStatus
    }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}

/// A tiny HTTP/1.1 client over a raw socket: sends exactly the bytes given (so malformed
/// requests reach the server as written), reads the response to the end.
struct RawHTTP {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: Data
        func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else { throw TestFailure("not a JSON object") }
            return object
        }
    }

    let port: Int

    func send(_ method: String, _ target: String, headers: [String: String] = [:], body: Data? = nil) throws -> Response {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        var request = Data(head.utf8) + Data("\r\n".utf8)
        if let body { request += body }
        return try sendRaw(request)
    }

    /// One connection per request: write the bytes, read until the server closes.
    func sendRaw(_ bytes: Data) throws -> Response {
        let socket = try OpenSocket(port: port)
        socket.write(bytes)
        return try Self.parse(socket.readToEnd())
    }

    static func parse(_ data: Data) throws -> Response {
        guard let split = data.range(of: Data("\r\n\r\n".utf8)) else { throw TestFailure("no response head in \(data.count) bytes") }
        let head = String(decoding: data[..<split.lowerBound], as: UTF8.self).split(separator: "\r\n")
        guard let statusLine = head.first, let status = Int(statusLine.split(separator: " ")[1]) else { throw TestFailure("bad status line") }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            if let colon = line.firstIndex(of: ":") {
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        var body = Data(data[split.upperBound...])
        if headers["transfer-encoding"] == "chunked" { body = dechunk(body) }
        return Response(status: status, headers: headers, body: body)
    }

    static func dechunk(_ data: Data) -> Data {
        var out = Data()
        var rest = data[...]
        while let lineEnd = rest.range(of: Data("\r\n".utf8)) {
            let size = Int(String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self), radix: 16) ?? 0
            if size == 0 { break }
            let start = lineEnd.upperBound
            out += rest[start..<start + size]
            rest = rest[(start + size + 2)...]
        }
        return out
    }
}
