public import Hummingbird
import NIOCore

/// An API error: an HTTP status, a stable machine-readable code, the field it concerns and
/// a sentence. Serialised as `{"error":{"code":…,"field":…,"reason":…}}`.
public struct APIError: HTTPResponseError, Sendable, Equatable {
    private enum Code: String, Sendable {
        case invalidParameter = "invalid_parameter"
        case unknownParameter = "unknown_parameter"
        case malformedJSON = "malformed_json"
        case wrongType = "wrong_type"
        case bodyTooLarge = "body_too_large"
        case notFound = "not_found"
        case methodNotAllowed = "method_not_allowed"
        case unauthorized = "unauthorized"
        case forbidden = "forbidden"
        case conflict = "conflict"
        case notReady = "not_ready"
        case unsupportedMediaType = "unsupported_media_type"
    }

    public let status: HTTPResponse.Status
    private let code: Code
    public let field: String?
    public let reason: String

    public var codeName: String { code.rawValue }

    private init(_ status: HTTPResponse.Status, _ code: Code, field: String?, _ reason: String) {
        self.status = status
        self.code = code
        self.field = field
        self.reason = reason
    }

    public static func invalid(_ field: String, _ reason: String) -> APIError { .init(.badRequest, .invalidParameter, field: field, reason) }
    public static func unknown(_ field: String, in place: String) -> APIError {
        .init(.badRequest, .unknownParameter, field: field, "unknown \(place) '\(field)'")
    }
    public static func malformedJSON(_ reason: String) -> APIError { .init(.badRequest, .malformedJSON, field: nil, reason) }
    public static func wrongType(_ field: String, expected: String) -> APIError {
        .init(.badRequest, .wrongType, field: field, "'\(field)' must be \(expected)")
    }
    public static let bodyTooLarge = APIError(.contentTooLarge, .bodyTooLarge, field: nil, "request body is larger than \(ServerDefaults.maxBodyBytes) bytes")
    public static func notFound(_ reason: String, field: String? = nil) -> APIError { .init(.notFound, .notFound, field: field, reason) }
    public static func methodNotAllowed(_ method: String, _ path: String, allowed: [String]) -> APIError {
        .init(.methodNotAllowed, .methodNotAllowed, field: nil, "\(method) is not allowed on \(path); allowed: \(allowed.joined(separator: ", "))")
    }
    public static let unauthorized = APIError(.unauthorized, .unauthorized, field: nil, "a valid bearer token is required")
    public static func forbidden(_ reason: String) -> APIError { .init(.forbidden, .forbidden, field: nil, reason) }
    public static func conflict(_ field: String?, _ reason: String) -> APIError { .init(.conflict, .conflict, field: field, reason) }
    public static func notReady(_ reason: String) -> APIError { .init(.serviceUnavailable, .notReady, field: nil, reason) }
    public static let unsupportedMediaType = APIError(.unsupportedMediaType, .unsupportedMediaType, field: nil, "request body must be application/json")

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: jsonBody()))
    }

    public func jsonBody() -> ByteBuffer {
        var json = JSONWriter(capacity: 128 + reason.utf8.count)
        json.object {
            $0.key("error")
            $0.object {
                $0.field("code", code.rawValue)
                $0.key("field")
                if let field { $0.string(field) } else { $0.null() }
                $0.field("reason", reason)
            }
        }
        return json.buffer
    }
}
