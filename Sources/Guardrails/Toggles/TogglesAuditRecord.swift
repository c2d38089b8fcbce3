public import Foundation

/// An audit-log line for the toggles file: applied (with the field-level diff) or refused
/// (with the errors). One type so the log's readers see one shape.
public struct TogglesAuditRecord: Sendable, Encodable {
    public enum Kind: String, Sendable, Encodable {
        /// The first configuration the store started with.
        case loaded = "toggles_loaded"
        case applied = "toggles_applied"
        case refused = "toggles_refused"
    }

    public var kind: Kind
    public var time: Date
    public var file: String
    public var oldVersion: String?
    /// The version applied; for a refusal, nil (the old one keeps serving).
    public var newVersion: String?
    public var updatedBy: String?
    public var reason: String?
    public var diff: [TogglesFieldChange]
    public var errors: [TogglesIssue]

    enum CodingKeys: String, CodingKey {
        case kind, time, file, diff, errors, reason
        case oldVersion = "old_version"
        case newVersion = "new_version"
        case updatedBy = "updated_by"
    }
}
