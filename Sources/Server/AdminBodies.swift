/// Strict bodies of the admin POSTs (unknown fields and wrong types are 400s naming the field).
struct KillSwitchBody: Decodable {
    var enabled: Bool
    var reason: String

    init(from decoder: any Decoder) throws {
        let object = try StrictObject(decoder, allowed: ["enabled", "reason"])
        guard let enabled = try object.decode(Bool.self, "enabled", expected: "a boolean") else {
            throw APIError.invalid("enabled", "'enabled' is required")
        }
        guard let reason = try object.decode(String.self, "reason", expected: "a string"), !reason.isEmpty else {
            throw APIError.invalid("reason", "'reason' is required: say why, for the audit trail")
        }
        self.enabled = enabled
        self.reason = String(reason.prefix(1_000))
    }
}

struct OverrideBody: Decodable {
    var action: OverrideCommand.Action
    var stage: String?
    var reason: String

    init(from decoder: any Decoder) throws {
        let object = try StrictObject(decoder, allowed: ["action", "stage", "reason"])
        let names = OverrideCommand.Action.allCases.map(\.rawValue).joined(separator: ", ")
        guard let text = try object.decode(String.self, "action", expected: "a string") else {
            throw APIError.invalid("action", "'action' is required: one of \(names)")
        }
        guard let action = OverrideCommand.Action(rawValue: text) else {
            throw APIError.invalid("action", "'action' must be one of \(names), got '\(text.prefix(40))'")
        }
        guard let reason = try object.decode(String.self, "reason", expected: "a string"), !reason.isEmpty else {
            throw APIError.invalid("reason", "'reason' is required: say why, for the audit trail")
        }
        self.action = action
        self.stage = try object.decode(String.self, "stage", expected: "a string")
        self.reason = String(reason.prefix(1_000))
    }
}

struct ModelReloadBody: Decodable {
    var path: String

    init(from decoder: any Decoder) throws {
        let object = try StrictObject(decoder, allowed: ["path"])
        guard let path = try object.decode(String.self, "path", expected: "a string"), !path.isEmpty else {
            throw APIError.invalid("path", "'path' is required: the model snapshot to load")
        }
        self.path = path
    }
}
