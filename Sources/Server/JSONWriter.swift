import NIOCore

/// Writes JSON by hand: the hot responses (recommendations, errors, events) skip
/// `JSONEncoder`'s boxing, key sorting and dynamic casts. Strings are escaped per RFC 8259 §7.
///
/// Bytes go into a plain `[UInt8]` (appends inline to a store; a `ByteBuffer` write per byte
/// costs an exclusivity check and a capacity check each) and are copied into one `ByteBuffer`
/// at the end. Measured: docs/api.md "JSON writing".
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8]
    /// Bit d set = the container at depth d already has an element (needs a comma).
    private var hasElement: UInt64 = 0
    private var depth = 0
    /// True right after a key: the value that follows takes no comma.
    private var afterKey = false

    public init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public var buffer: ByteBuffer { ByteBuffer(bytes: bytes) }

    /// Ends a JSON line (events files, logs).
    public mutating func newline() { bytes.append(UInt8(ascii: "\n")) }

    @inline(__always)
    private mutating func beginValue() {
        if afterKey {
            afterKey = false
        } else if depth > 0 {
            let bit: UInt64 = 1 << UInt64(depth & 63)
            if hasElement & bit != 0 { bytes.append(UInt8(ascii: ",")) } else { hasElement |= bit }
        }
    }

    private mutating func open(_ byte: UInt8) {
        beginValue()
        bytes.append(byte)
        depth += 1
        hasElement &= ~(1 << UInt64(depth & 63))
    }

    private mutating func close(_ byte: UInt8) {
        depth -= 1
        bytes.append(byte)
    }

    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "}"))
    }

    public mutating func array(_ body: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "["))
        body(&self)
        close(UInt8(ascii: "]"))
    }

    /// Writes `"name":`; the next value written is that key's value.
    public mutating func key(_ name: String) {
        beginValue()
        writeEscaped(name)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    public mutating func string(_ value: String) { beginValue(); writeEscaped(value) }
    public mutating func int(_ value: Int) { beginValue(); writeInt(value) }
    public mutating func bool(_ value: Bool) { beginValue(); append(value ? "true" : "false") }
    public mutating func null() { beginValue(); append("null") }
    /// Non-finite numbers have no JSON form: they are written as null.
    public mutating func double(_ value: Double) {
        beginValue()
        append(value.isFinite ? value.description : "null")
    }
    public mutating func float(_ value: Float) {
        beginValue()
        append(value.isFinite ? value.description : "null")
    }
    /// Pre-serialised JSON (e.g. from JSONEncoder for admin documents, audit records).
    public mutating func raw(_ json: some Sequence<UInt8>) { beginValue(); bytes.append(contentsOf: json) }

    public mutating func field(_ name: String, _ value: String) { key(name); string(value) }
    public mutating func field(_ name: String, _ value: Int) { key(name); int(value) }
    public mutating func field(_ name: String, _ value: Bool) { key(name); bool(value) }
    public mutating func field(_ name: String, _ value: Double) { key(name); double(value) }
    public mutating func field(_ name: String, _ value: String?) {
        key(name)
        if let value { string(value) } else { null() }
    }

    private mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    private mutating func writeInt(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        // Digits are appended least significant first, then reversed in place: no temporaries.
        var magnitude = value.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func writeEscaped(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        // Fast path: ids and titles almost never need escaping; copy them in one go.
        let copied = value.utf8.withContiguousStorageIfAvailable { span -> Bool in
            guard !span.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else { return false }
            bytes.append(contentsOf: span)
            return true
        }
        if copied != true { writeEscapedSlowly(value) }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func writeEscapedSlowly(_ value: String) {
        for byte in value.utf8 {
            switch byte {
            case 0x22: bytes.append(UInt8(ascii: "\\")); bytes.append(0x22)
            case 0x5C: bytes.append(UInt8(ascii: "\\")); bytes.append(0x5C)
            case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20:
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          Self.hex[Int(byte >> 4)], Self.hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
    }
}
