import NIOCore
import RankingCore

extension RecommendationService.Answer {
    /// The response body, written by hand (see `JSONWriter`).
    public func json() -> ByteBuffer {
        var json = JSONWriter(capacity: 512 + result.items.count * (query.titles ? 96 : 64))
        json.object {
            $0.field("request_id", requestID)
            $0.field("user_id", query.userID)
            $0.field("policy", policy)
            $0.field("bucket", config.bucket)
            $0.field("exposed", config.exposed)
            $0.field("fallback_stage", result.deepestStage.rawValue)
            $0.field("config_version", config.configVersion)
            $0.field("model_version", modelVersion)
            $0.field("k", query.k)
            $0.field("k_returned", result.items.count)
            $0.field("eligible", result.eligibleCount)
            $0.field("known_user", result.knownUser)
            $0.field("cache_hit", cacheHit)
            $0.key("items")
            writeItems(result.items, catalog: catalog, titles: query.titles, into: &$0)
            $0.key("stage_failures")
            $0.array { json in
                for failure in result.failures {
                    json.object {
                        $0.field("stage", failure.stage.rawValue)
                        $0.field("reason", failure.reason)
                    }
                }
            }
        }
        return json.buffer
    }
}

func writeItems(_ items: [RankedItem], catalog: Catalog, titles: Bool, into json: inout JSONWriter) {
    json.array { json in
        for item in items {
            json.object {
                $0.field("item_id", catalog.itemIDs[Int(item.item)])
                $0.key("score")
                $0.float(item.score)
                $0.field("stage", item.stage.rawValue)
                if titles { $0.field("title", catalog.titles[Int(item.item)]) }
            }
        }
    }
}
