import Foundation
import Guardrails
import HTTPTypes
public import Hummingbird
import Logging
import NIOCore

/// Outermost middleware of every router: settles the request id, turns every error into a
/// JSON error (404 and 405 included, never an HTML or empty body), counts the request per
/// route and status, and writes one structured access-log line.
public struct ServerMiddleware: RouterMiddleware {
    public typealias Context = ServerContext

    let metrics: RequestMetrics
    let events: EventLog
    /// A 500 is a failed request for the metrics window (a client's 4xx is not: a bad client
    /// must not be able to trigger a rollback).
    let guardrails: any GuardrailMonitor
    let logger: Logger
    let surfaces: Set<RouteTable.Surface>

    public func handle(_ request: Request, context: ServerContext,
                       next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var context = context
        context.requestID = Self.requestID(from: request.headers[.xRequestID])
        var response: Response
        var matched = true
        do {
            response = try await next(request, context)
        } catch let error as APIError {
            response = try error.response(from: request, context: context)
        } catch let error as HTTPError where error.status == .notFound {
            matched = context.endpointPath != nil && context.endpointPath != "NotFound"
            let path = request.uri.path[...]
            let allowed = RouteTable.allowedMethods(for: path, surfaces: surfaces)
            let apiError = allowed.isEmpty ? APIError.notFound("no route for \(request.method.rawValue) \(request.uri.path)")
                : APIError.methodNotAllowed(request.method.rawValue, request.uri.path, allowed: allowed)
            response = try apiError.response(from: request, context: context)
            if !allowed.isEmpty { response.headers[.allow] = allowed.joined(separator: ", ") }
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            response = try APIError.bodyTooLarge.response(from: request, context: context)
        } catch let error as any HTTPResponseError where (400..<500).contains(error.status.code) {
            response = try APIError.invalid("request", "\(error.status.reasonPhrase)").response(from: request, context: context)
        } catch {
            // A bug, not bad input: say so without echoing internals to the client.
            logger.error("unhandled error", metadata: ["request_id": "\(context.requestID)", "error": "\(error)"])
            events.emit(.error(.init(time: Date(), requestID: context.requestID, component: "http", severity: "error", message: "\(error)")))
            guardrails.record(RequestSample(latencyNanos: 0, k: 1, kReturned: 0, failed: true, stageFailed: false, cacheHit: nil,
                                           bucket: 0, cohort: nil, region: nil))
            var json = JSONWriter()
            json.object {
                $0.key("error")
                $0.object {
                    $0.field("code", "internal")
                    $0.field("field", nil as String?)
                    $0.field("reason", "internal error; request id \(context.requestID)")
                }
            }
            response = Response(status: .internalServerError, headers: [.contentType: "application/json"], body: .init(byteBuffer: json.buffer))
        }
        response.headers[.xRequestID] = context.requestID
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        // Unknown paths share one label: a scanner must not create a series per path.
        let route = matched ? context.endpointPath ?? "unmatched" : "unmatched"
        metrics.record(route: route, method: request.method.rawValue, status: response.status.code, seconds: seconds)
        logger.info("request", metadata: [
            "request_id": "\(context.requestID)", "method": "\(request.method.rawValue)", "route": "\(route)",
            "status": "\(response.status.code)", "latency_us": "\(Int(seconds * 1e6))",
        ])
        return response
    }

    /// Honours a client's id when it is 1…128 printable ASCII characters; otherwise a new one.
    static func requestID(from header: String?) -> String {
        if let header, !header.isEmpty, header.utf8.count <= ServerDefaults.maxRequestIDLength,
           header.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) {
            return header
        }
        return String(UInt64.random(in: .min ... .max), radix: 16, uppercase: false)
            + String(UInt64.random(in: .min ... .max) | 1 << 63, radix: 16, uppercase: false)
    }
}

extension HTTPField.Name {
    static let xRequestID = HTTPField.Name("X-Request-ID")!
}
