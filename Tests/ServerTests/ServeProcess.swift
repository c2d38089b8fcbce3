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

    func sendRaw(_ bytes: Data) throws -> Response {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw TestFailure("connect to \(port) failed: errno \(errno)") }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        var received = Data()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(fd, &chunk, chunk.count)
            if count <= 0 { break }
            received.append(contentsOf: chunk[0..<count])
        }
        return try Self.parse(received)
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
