/// What the evaluator needs to know about a request.
public struct ToggleContext: Sendable, Equatable {
    /// Hashed as its UTF-8 bytes as stored (Swift never normalises a string's bytes; only
    /// `==` compares canonically), so pass the id exactly as received.
    public var userID: String
    public var region: String?
    public var cohort: String?
    public var client: String?

    public init(userID: String, region: String? = nil, cohort: String? = nil, client: String? = nil) {
        self.userID = userID
        self.region = region
        self.cohort = cohort
        self.client = client
    }
}
