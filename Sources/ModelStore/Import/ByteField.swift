/// One field of a record: a byte range into the file, and whether it holds doubled quotes
/// ("") that must be collapsed before use.
struct ByteField: Sendable {
    var start: Int
    var end: Int
    var escaped: Bool

    var isEmpty: Bool { start == end }
}
