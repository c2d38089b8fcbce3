#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One blocking HTTP/1.1 keep-alive connection: send a GET, read the whole response
/// (Content-Length or chunked), reconnect when the server closes. One per load thread, so
/// a slow response holds only its own connection, as a real client's would.
public final class HTTPConnection {
    public enum Failure: Error, CustomStringConvertible {
        case connect(String)
        case io(String)
        case protocolError(String)

        public var description: String {
            switch self {
            case .connect(let reason): "connect: \(reason)"
            case .io(let reason): "i/o: \(reason)"
            case .protocolError(let reason): "bad response: \(reason)"
            }
        }
    }

    private let host: String
    private let port: Int
    private var descriptor: Int32 = -1
    private var buffer: [UInt8] = []
    private var start = 0

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
        buffer.reserveCapacity(64 * 1024)
    }

    deinit { close() }

    public func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
        buffer.removeAll(keepingCapacity: true)
        start = 0
    }

    /// Sends `GET path` and returns the status code once the whole body has arrived.
    func get(_ path: String) throws(Failure) -> Int {
        try request("GET", path, keepBody: false).status
    }

    /// One request; the body is returned when `keepBody` (drills read answers, bench does not).
    /// `headers` are extra lines ("Name: value"); a body is sent as JSON.
    public func request(_ method: String, _ path: String, headers: [String] = [], body: [UInt8]? = nil,
                        keepBody: Bool = true) throws(Failure) -> (status: Int, body: [UInt8]) {
        if descriptor < 0 { try connect() }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nUser-Agent: guardrank-bench\r\n"
        for line in headers { head += line + "\r\n" }
        if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
        head += "\r\n"
        do {
            try send(Array(head.utf8) + (body ?? []))
            return try readResponse(keepBody: keepBody)
        } catch {
            close()
            throw error
        }
    }

    private func connect() throws(Failure) {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw .connect("'\(host)' is not an IPv4 address (use 127.0.0.1)")
        }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .connect(String(cString: strerror(errno))) }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: LoadGeneratorDefaults.responseTimeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let reason = String(cString: strerror(errno))
            _ = Glibc.close(fd)
            throw .connect("\(host):\(port): \(reason)")
        }
        descriptor = fd
    }

    private func send(_ bytes: [UInt8]) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EINTR { continue }
                throw .io(String(cString: strerror(errno)))
            }
            offset += sent
        }
    }

    /// Reads more bytes into the buffer; false at end of stream.
    private func fill() throws(Failure) -> Bool {
        if start > 0 && start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let received = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress!, $0.count, 0) }
            if received > 0 {
                buffer.append(contentsOf: chunk[0..<received])
                return true
            }
            if received == 0 { return false }
            if errno == EINTR { continue }
            throw .io(errno == EAGAIN || errno == EWOULDBLOCK ? "no response within \(LoadGeneratorDefaults.responseTimeoutSeconds) s"
                                                              : String(cString: strerror(errno)))
        }
    }

    private func readResponse(keepBody: Bool) throws(Failure) -> (status: Int, body: [UInt8]) {
        // Head.
        var headEnd: Int?
        while headEnd == nil {
            headEnd = Self.find([13, 10, 13, 10], in: buffer, from: start)
            if headEnd == nil {
                guard buffer.count - start < LoadGeneratorDefaults.maxHeadBytes else { throw .protocolError("response head too large") }
                guard try fill() else { throw .io("connection closed before the response head") }
            }
        }
        let head = String(decoding: buffer[start..<headEnd!], as: UTF8.self)
        start = headEnd! + 4
        let lines = head.split(separator: "\r\n")
        guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/1."),
              let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else {
            throw .protocolError("status line '\(lines.first ?? "")'")
        }
        var contentLength: Int?
        var chunked = false
        var closeAfter = false
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingSpaces().lowercased()
            if name == "content-length" { contentLength = Int(value) }
            if name == "transfer-encoding" && value.contains("chunked") { chunked = true }
            if name == "connection" && value == "close" { closeAfter = true }
        }
        // Body.
        var body: [UInt8] = []
        if chunked {
            try readChunkedBody(into: &body, keep: keepBody)
        } else {
            let length = contentLength ?? 0
            while buffer.count - start < length {
                guard try fill() else { throw .io("connection closed inside the body") }
            }
            if keepBody { body = Array(buffer[start..<start + length]) }
            start += length
        }
        if closeAfter { close() }
        return (status, body)
    }

    private func readChunkedBody(into body: inout [UInt8], keep: Bool) throws(Failure) {
        while true {
            var lineEnd = Self.find([13, 10], in: buffer, from: start)
            while lineEnd == nil {
                guard try fill() else { throw .io("connection closed inside a chunk") }
                lineEnd = Self.find([13, 10], in: buffer, from: start)
            }
            let sizeText = String(decoding: buffer[start..<lineEnd!], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingSpaces(), radix: 16) else { throw .protocolError("chunk size '\(sizeText)'") }
            start = lineEnd! + 2
            while buffer.count - start < size + 2 {
                guard try fill() else { throw .io("connection closed inside a chunk") }
            }
            if keep { body.append(contentsOf: buffer[start..<start + size]) }
            start += size + 2
            if size == 0 { return }
        }
    }

    private static func find(_ pattern: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard bytes.count - from >= pattern.count else { return nil }
        var i = from
        while i + pattern.count <= bytes.count {
            if bytes[i] == pattern[0] && Array(bytes[i..<(i + pattern.count)]) == pattern { return i }
            i += 1
        }
        return nil
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        var text = self
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return String(text)
    }
}
