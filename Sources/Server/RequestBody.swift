public import Hummingbird
import NIOCore

extension Request {
    /// The body, at most `ServerDefaults.maxBodyBytes` (else 413), as JSON only (else 415).
    func jsonBodyBytes() async throws -> [UInt8] {
        if let type = headers[.contentType], !type.lowercased().hasPrefix("application/json") {
            throw APIError.unsupportedMediaType
        }
        if let length = headers[.contentLength].flatMap(Int.init), length > ServerDefaults.maxBodyBytes {
            throw APIError.bodyTooLarge
        }
        do {
            let buffer = try await body.collect(upTo: ServerDefaults.maxBodyBytes)
            return Array(buffer: buffer)
        } catch is NIOTooManyBytesError {
            throw APIError.bodyTooLarge
        }
    }
}

extension Response {
    static func json(_ buffer: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: buffer))
    }

    static func json(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        json(ByteBuffer(bytes: bytes), status: status)
    }
}
