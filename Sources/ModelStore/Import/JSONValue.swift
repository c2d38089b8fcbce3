/// The JSON values a JSON-lines dataset row can hold. Numbers keep their literal text so
/// ids stay exact and weights are parsed once, with correct rounding, by the caller.
enum JSONValue: Equatable {
    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([String: JSONValue])
}
