import Guardrails

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
    var scope: ToggleScope?
    var reason: String

    init(from decoder: any Decoder) throws {
        let object = try StrictObject(decoder, allowed: ["action", "stage", "scope", "reason"])
        let names = OverrideCommand.Action.allCases.map(\.rawValue).joined(separator: ", ")
        guard let text = try object.decode(String.self, "action", expected: "a string") else {
            throw APIError.invalid("action", "'action' is required: one of \(names)")
        }
        // "pin" is the rollback controller's own name for pin_stage.
        guard let action = OverrideCommand.Action(rawValue: text == "pin" ? "pin_stage" : text) else {
            throw APIError.invalid("action", "'action' must be one of \(names), got '\(text.prefix(40))'")
        }
        guard let reason = try object.decode(String.self, "reason", expected: "a string"), !reason.isEmpty else {
            throw APIError.invalid("reason", "'reason' is required: say why, for the audit trail")
        }
        self.action = action
        self.stage = try object.decode(String.self, "stage", expected: "a string")
        if let scope = try object.decode([String: [String]].self, "scope", expected: "an object of region_scope, cohort_scope, client_scope arrays") {
            if let unknown = scope.keys.sorted().first(where: { !["region_scope", "cohort_scope", "client_scope"].contains($0) }) {
                throw APIError.unknown("scope.\(unknown)", in: "field")
            }
            self.scope = ToggleScope(regions: scope["region_scope"] ?? [], cohorts: scope["cohort_scope"] ?? [], clients: scope["client_scope"] ?? [])
        }
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
