/// A URL query string split into names and percent-decoded byte values, validated as UTF-8.
///
/// Parsed by hand from the raw query (Hummingbird's `URI.query` is not decoded) so that a
/// malformed escape or a byte sequence that is not UTF-8 is a 400 naming the parameter,
/// rather than a silently replaced character.
public struct QueryParameters: Sendable {
    public private(set) var values: [String: String] = [:]
    /// Names in the order they came, for "unknown parameter" messages that name the first.
    public private(set) var names: [String] = []

    public init(raw: String?) throws(APIError) {
        guard let raw, !raw.isEmpty else { return }
        for pair in raw.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = pair.firstIndex(of: UInt8(ascii: "="))
            let rawName = equals.map { pair[pair.startIndex..<$0] } ?? pair[...]
            let rawValue = equals.map { pair[pair.index(after: $0)...] } ?? pair[pair.endIndex...]
            let name = try Self.decode(rawName, field: "query")
            let value = try Self.decode(rawValue, field: name)
            guard values[name] == nil else { throw .invalid(name, "query parameter '\(name)' is given more than once") }
            values[name] = value
            names.append(name)
        }
    }

    /// Throws for the first parameter not in `allowed`.
    public func rejectUnknown(allowed: Set<String>) throws(APIError) {
        if let unknown = names.first(where: { !allowed.contains($0) }) {
            throw .unknown(unknown, in: "query parameter")
        }
    }

    public subscript(name: String) -> String? { values[name] }

    /// Percent-decodes (and `+` → space, as HTML forms encode), then validates UTF-8.
    public static func decode(_ raw: Substring.UTF8View.SubSequence, field: String) throws(APIError) -> String {
        try decodeBytes(Array(raw), field: field, plusIsSpace: true)
    }

    public static func decodeBytes(_ raw: [UInt8], field: String, plusIsSpace: Bool) throws(APIError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < raw.count, let high = hexValue(raw[index + 1]), let low = hexValue(raw[index + 2]) else {
                    throw .invalid(field, "'\(field)' has a malformed percent escape")
                }
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw .invalid(field, "'\(field)' is not valid UTF-8 after percent-decoding")
        }
        return string
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
