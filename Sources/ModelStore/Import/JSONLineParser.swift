/// A small, strict JSON parser over one line's bytes (RFC 8259), enough for dataset rows.
///
/// Foundation's JSONSerialization would build NSObjects per row; this reads the bytes the
/// importer already holds. Failures are a sentence for `ImportError`'s reason.
struct JSONLineParser {
    private let bytes: [UInt8]
    private var p: Int
    private let end: Int
    private var depth = 0

    struct Failure: Error { let reason: String }

    /// Parses bytes[start..<end] as one JSON object.
    static func object(_ bytes: [UInt8], start: Int, end: Int) throws(Failure) -> [String: JSONValue] {
        var parser = JSONLineParser(bytes: bytes, p: start, end: end)
        parser.skipSpace()
        guard parser.p < end, bytes[parser.p] == UInt8(ascii: "{") else { throw Failure(reason: "expected a JSON object") }
        guard case .object(let fields) = try parser.value() else { throw Failure(reason: "expected a JSON object") }
        parser.skipSpace()
        guard parser.p == end else { throw Failure(reason: "unexpected text after the JSON object") }
        return fields
    }

    private mutating func skipSpace() {
        while p < end, bytes[p] == 0x20 || bytes[p] == 0x09 || bytes[p] == 0x0D || bytes[p] == 0x0A { p += 1 }
    }

    private mutating func value() throws(Failure) -> JSONValue {
        skipSpace()
        guard p < end else { throw Failure(reason: "unexpected end of line in JSON") }
        switch bytes[p] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    private mutating func object() throws(Failure) -> JSONValue {
        depth += 1
        guard depth <= 32 else { throw Failure(reason: "JSON nested too deeply") }
        defer { depth -= 1 }
        p += 1
        var fields: [String: JSONValue] = [:]
        skipSpace()
        if p < end, bytes[p] == UInt8(ascii: "}") { p += 1; return .object(fields) }
        while true {
            skipSpace()
            guard p < end, bytes[p] == UInt8(ascii: "\"") else { throw Failure(reason: "expected a JSON key string") }
            let key = try string()
            skipSpace()
            guard p < end, bytes[p] == UInt8(ascii: ":") else { throw Failure(reason: "expected ':' after JSON key '\(key)'") }
            p += 1
            fields[key] = try value()
            skipSpace()
            guard p < end else { throw Failure(reason: "unterminated JSON object") }
            if bytes[p] == UInt8(ascii: ",") { p += 1; continue }
            if bytes[p] == UInt8(ascii: "}") { p += 1; return .object(fields) }
            throw Failure(reason: "expected ',' or '}' in JSON object")
        }
    }

    private mutating func array() throws(Failure) -> JSONValue {
        depth += 1
        guard depth <= 32 else { throw Failure(reason: "JSON nested too deeply") }
        defer { depth -= 1 }
        p += 1
        var elements: [JSONValue] = []
        skipSpace()
        if p < end, bytes[p] == UInt8(ascii: "]") { p += 1; return .array(elements) }
        while true {
            elements.append(try value())
            skipSpace()
            guard p < end else { throw Failure(reason: "unterminated JSON array") }
            if bytes[p] == UInt8(ascii: ",") { p += 1; continue }
            if bytes[p] == UInt8(ascii: "]") { p += 1; return .array(elements) }
            throw Failure(reason: "expected ',' or ']' in JSON array")
        }
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard end - p >= count else { throw Failure(reason: "invalid JSON literal") }
        for i in 0..<count where bytes[p + i] != word.utf8Start[i] { throw Failure(reason: "invalid JSON literal") }
        p += count
    }

    private mutating func number() throws(Failure) -> String {
        let start = p
        while p < end, isNumberByte(bytes[p]) { p += 1 }
        guard p > start else { throw Failure(reason: "unexpected character in JSON") }
        return String(decoding: bytes[start..<p], as: UTF8.self)
    }

    private func isNumberByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+")
            || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
    }

    private mutating func string() throws(Failure) -> String {
        p += 1
        var out: [UInt8] = []
        while true {
            guard p < end else { throw Failure(reason: "unterminated JSON string") }
            let b = bytes[p]
            if b == UInt8(ascii: "\"") { p += 1; break }
            if b < 0x20 { throw Failure(reason: "control character in JSON string") }
            if b != UInt8(ascii: "\\") { out.append(b); p += 1; continue }
            guard p + 1 < end else { throw Failure(reason: "unterminated JSON string") }
            let escape = bytes[p + 1]
            p += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if scalar >= 0xD800, scalar < 0xDC00 {
                    guard p + 1 < end, bytes[p] == UInt8(ascii: "\\"), bytes[p + 1] == UInt8(ascii: "u") else {
                        throw Failure(reason: "unpaired surrogate in JSON string")
                    }
                    p += 2
                    let low = try hex4()
                    guard low >= 0xDC00, low < 0xE000 else { throw Failure(reason: "unpaired surrogate in JSON string") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw Failure(reason: "invalid \\u escape in JSON string") }
                out.append(contentsOf: Array(String(unicode).utf8))
            default: throw Failure(reason: "invalid escape in JSON string")
            }
        }
        guard let text = String(validating: out, as: UTF8.self) else { throw Failure(reason: "invalid UTF-8 in JSON string") }
        return text
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard end - p >= 4 else { throw Failure(reason: "invalid \\u escape in JSON string") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[p]
            let digit: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw Failure(reason: "invalid \\u escape in JSON string")
            }
            value = value << 4 | digit
            p += 1
        }
        return value
    }
}
