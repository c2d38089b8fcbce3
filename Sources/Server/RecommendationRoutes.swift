import Hummingbird
import NIOCore
import RankingCore

/// The client API: recommendations (GET and POST) and similar items.
struct RecommendationRoutes {
    let service: RecommendationService

    func register(on router: Router<ServerContext>) {
        router.get("/v1/recommendations/:user_id") { request, context -> Response in
            let query = try RecommendationQuery(rawUserID: context.parameters.get("user_id") ?? "",
                                                query: QueryParameters(raw: request.uri.query))
            return .json(try await service.recommend(query, requestID: context.requestID).json())
        }
        router.post("/v1/recommendations") { request, context -> Response in
            let bytes = try await request.jsonBodyBytes()
            try QueryParameters(raw: request.uri.query).rejectUnknown(allowed: [])
            let body = try JSONBody.decode(RecommendationBody.self, from: bytes)
            return .json(try await service.recommend(body.query, requestID: context.requestID).json())
        }
        router.get("/v1/items/:item_id/similar") { request, context -> Response in
            let raw = context.parameters.get("item_id") ?? ""
            let itemID = try RecommendationQuery.validToken(
                QueryParameters.decodeBytes(Array(raw.utf8), field: "item_id", plusIsSpace: false), field: "item_id")
            let query = try QueryParameters(raw: request.uri.query)
            try query.rejectUnknown(allowed: ["k", "titles"])
            let k = try query["k"].map { v throws(APIError) in try RecommendationQuery.parseK(v) } ?? RankingDefaults.defaultK
            let titles = try query["titles"].map { v throws(APIError) in try RecommendationQuery.parseBool(v, field: "titles") } ?? false
            guard let similar = try service.similar(to: itemID, k: k) else {
                throw APIError.notFound("item '\(itemID)' is not in the catalog", field: "item_id")
            }
            var json = JSONWriter(capacity: 256 + similar.items.count * 64)
            json.object {
                $0.field("request_id", context.requestID)
                $0.field("item_id", itemID)
                $0.field("model_version", similar.modelVersion)
                $0.field("k", k)
                $0.field("k_returned", similar.items.count)
                $0.key("items")
                writeItems(similar.items, catalog: similar.catalog, titles: titles, into: &$0)
            }
            return .json(json.buffer)
        }
    }
}
