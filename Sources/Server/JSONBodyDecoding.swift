import Foundation

/// Strict JSON bodies: unknown keys, wrong types and malformed JSON are each a 400 naming
/// the field. `JSONDecoder` does the parsing; `StrictObject` walks the keys by hand so an
/// unknown key is refused rather than ignored.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

struct StrictObject {
    let container: KeyedDecodingContainer<AnyKey>

    init(_ decoder: any Decoder, allowed: Set<String>) throws {
        do {
            container = try decoder.container(keyedBy: AnyKey.self)
        } catch {
            throw APIError.wrongType("body", expected: "a JSON object")
        }
        if let unknown = container.allKeys.map(\.stringValue).sorted().first(where: { !allowed.contains($0) }) {
            throw APIError.unknown(unknown, in: "field")
        }
    }

    func has(_ name: String) -> Bool { container.contains(AnyKey(stringValue: name)) }

    /// The value of `name` if present and not null; a wrong type throws naming the field.
    func decode<T: Decodable>(_ type: T.Type, _ name: String, expected: String) throws -> T? {
        let key = AnyKey(stringValue: name)
        guard container.contains(key) else { return nil }
        do {
            if try container.decodeNil(forKey: key) { return nil }
            return try container.decode(T.self, forKey: key)
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.wrongType(name, expected: expected)
        }
    }
}

enum JSONBody {
    /// Decodes a body; malformed JSON and non-API decoding failures become `malformed_json`.
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws(APIError) -> T {
        guard !bytes.isEmpty else { throw .malformedJSON("request body is empty; expected a JSON object") }
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let error as APIError {
            throw error
        } catch let DecodingError.dataCorrupted(context) {
            let detail = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            throw .malformedJSON("request body is not valid JSON" + (detail.map { ": \($0)" } ?? ""))
        } catch {
            throw .malformedJSON("request body is not valid JSON")
        }
    }
}

/// The POST /v1/recommendations body: the same fields as the GET form, arrays as JSON arrays.
struct RecommendationBody: Decodable {
    var query: RecommendationQuery

    init(from decoder: any Decoder) throws {
        let object = try StrictObject(decoder, allowed: RecommendationQuery.fields)
        guard let userID = try object.decode(String.self, "user_id", expected: "a string") else {
            throw APIError.invalid("user_id", "'user_id' is required")
        }
        var query = RecommendationQuery(userID: try RecommendationQuery.validUserID(userID))
        if let k = try object.decode(Int.self, "k", expected: "an integer") { query.k = try RecommendationQuery.validK(k) }
        for (name, path) in [("region", \RecommendationQuery.region), ("cohort", \.cohort), ("client", \.client)] {
            if let value = try object.decode(String.self, name, expected: "a string") {
                query[keyPath: path] = try RecommendationQuery.validToken(value, field: name)
            }
        }
        let lists: [(String, WritableKeyPath<RecommendationQuery, [String]>)] = [
            ("include_categories", \.includeCategories), ("exclude_categories", \.excludeCategories),
            ("exclude_item_ids", \.excludeItemIDs), ("recent_item_ids", \.recentItemIDs),
        ]
        for (name, path) in lists {
            if let value = try object.decode([String].self, name, expected: "an array of strings") {
                query[keyPath: path] = try RecommendationQuery.validList(value, field: name)
            }
        }
        if let value = try object.decode(Bool.self, "include_seen", expected: "a boolean") { query.includeSeen = value }
        if let value = try object.decode(Bool.self, "titles", expected: "a boolean") { query.titles = value }
        self.query = query
    }
}
