import RankingCore

/// One validated recommendations request, from either the GET query or the POST body.
/// Everything here has passed the limits of `ServerDefaults`; the ranker sees only this.
public struct RecommendationQuery: Sendable, Hashable {
    public var userID: String
    public var k: Int = RankingDefaults.defaultK
    public var region: String?
    public var cohort: String?
    public var client: String?
    public var includeCategories: [String] = []
    public var excludeCategories: [String] = []
    public var excludeItemIDs: [String] = []
    public var recentItemIDs: [String] = []
    public var includeSeen = false
    /// Adds each item's title to the response.
    public var titles = false

    public init(userID: String) { self.userID = userID }

    /// The field names of both forms (query parameters and JSON keys are the same words).
    public static let fields: Set<String> = [
        "user_id", "k", "region", "cohort", "client", "include_categories", "exclude_categories",
        "exclude_item_ids", "recent_item_ids", "include_seen", "titles",
    ]

    public var rankingRequest: RankingRequest {
        RankingRequest(userID: userID, k: k, includeCategories: includeCategories, excludeCategories: excludeCategories,
                       excludeItemIDs: excludeItemIDs, recentItemIDs: recentItemIDs, includeSeen: includeSeen)
    }

    // MARK: Validation shared by both forms

    static func validUserID(_ value: String) throws(APIError) -> String {
        guard !value.isEmpty else { throw .invalid("user_id", "'user_id' must not be empty") }
        guard value.utf8.count <= ServerDefaults.maxUserIDBytes else {
            throw .invalid("user_id", "'user_id' is longer than \(ServerDefaults.maxUserIDBytes) bytes")
        }
        try rejectControlCharacters(value, field: "user_id")
        return value
    }

    static func validK(_ value: Int, field: String = "k") throws(APIError) -> Int {
        guard value >= 1 else { throw .invalid(field, "'\(field)' must be at least 1, got \(value)") }
        guard value <= RankingDefaults.maxK else { throw .invalid(field, "'\(field)' must be at most \(RankingDefaults.maxK), got \(value)") }
        return value
    }

    static func parseK(_ text: String, field: String = "k") throws(APIError) -> Int {
        guard let value = Int(text) else { throw .invalid(field, "'\(field)' must be an integer, got '\(text.prefix(40))'") }
        return try validK(value, field: field)
    }

    static func validToken(_ value: String, field: String) throws(APIError) -> String {
        guard !value.isEmpty else { throw .invalid(field, "'\(field)' must not be empty") }
        guard value.utf8.count <= ServerDefaults.maxTokenBytes else {
            throw .invalid(field, "'\(field)' is longer than \(ServerDefaults.maxTokenBytes) bytes")
        }
        try rejectControlCharacters(value, field: field)
        return value
    }

    static func validList(_ values: [String], field: String) throws(APIError) -> [String] {
        guard values.count <= ServerDefaults.maxListEntries else {
            throw .invalid(field, "'\(field)' has more than \(ServerDefaults.maxListEntries) entries")
        }
        for value in values { _ = try validToken(value, field: field) }
        return values
    }

    static func parseBool(_ text: String, field: String) throws(APIError) -> Bool {
        switch text {
        case "true", "1": return true
        case "false", "0": return false
        default: throw .invalid(field, "'\(field)' must be true or false, got '\(text.prefix(40))'")
        }
    }

    private static func rejectControlCharacters(_ value: String, field: String) throws(APIError) {
        if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw .invalid(field, "'\(field)' contains control characters")
        }
    }

    // MARK: GET form

    /// `user_id` from the path segment (raw, percent-decoded here), the rest from the query.
    public init(rawUserID: String, query: QueryParameters) throws(APIError) {
        let decoded = try QueryParameters.decodeBytes(Array(rawUserID.utf8), field: "user_id", plusIsSpace: false)
        self.init(userID: try Self.validUserID(decoded))
        var allowed = Self.fields
        allowed.remove("user_id")
        try query.rejectUnknown(allowed: allowed)
        if let k = query["k"] { self.k = try Self.parseK(k) }
        region = try query["region"].map { v throws(APIError) in try Self.validToken(v, field: "region") }
        cohort = try query["cohort"].map { v throws(APIError) in try Self.validToken(v, field: "cohort") }
        client = try query["client"].map { v throws(APIError) in try Self.validToken(v, field: "client") }
        includeCategories = try Self.list(query, "include_categories")
        excludeCategories = try Self.list(query, "exclude_categories")
        excludeItemIDs = try Self.list(query, "exclude_item_ids")
        recentItemIDs = try Self.list(query, "recent_item_ids")
        if let v = query["include_seen"] { includeSeen = try Self.parseBool(v, field: "include_seen") }
        if let v = query["titles"] { titles = try Self.parseBool(v, field: "titles") }
    }

    /// Comma-separated; an empty value is an empty list.
    private static func list(_ query: QueryParameters, _ field: String) throws(APIError) -> [String] {
        guard let text = query[field], !text.isEmpty else { return [] }
        return try validList(text.split(separator: ",", omittingEmptySubsequences: false).map(String.init), field: field)
    }
}
