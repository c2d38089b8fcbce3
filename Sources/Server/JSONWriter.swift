import NIOCore

/// Writes JSON straight into a `ByteBuffer`: the hot responses (recommendations, errors)
/// skip `JSONEncoder`'s boxing and key sorting. Strings are escaped per RFC 8259 §7.
public struct JSONWriter: Sendable {
    public var buffer: ByteBuffer
    /// One entry per open container: true until its first element is written.
    private var first: [Bool] = []

    public init(capacity: Int = 512) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    private mutating func separate() {
        if let last = first.last {
            if last { first[first.count - 1] = false } else { buffer.writeInteger(UInt8(ascii: ",")) }
        }
    }

    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        beginValue()
        buffer.writeInteger(UInt8(ascii: "{"))
        first.append(true)
        body(&self)
        first.removeLast()
        buffer.writeInteger(UInt8(ascii: "}"))
    }

    public mutating func array(_ body: (inout JSONWriter) -> Void) {
        beginValue()
        buffer.writeInteger(UInt8(ascii: "["))
        first.append(true)
        body(&self)
        first.removeLast()
        buffer.writeInteger(UInt8(ascii: "]"))
    }

    /// Writes `"name":`; the value that follows must not separate again.
    public mutating func key(_ name: String) {
        separate()
        writeEscaped(name)
        buffer.writeInteger(UInt8(ascii: ":"))
        pendingValue = true
    }

    /// True right after a key: the value that follows takes no comma.
    private var pendingValue = false

    private mutating func beginValue() {
        if pendingValue {
            pendingValue = false
        } else {
            separate()
        }
    }

    public mutating func string(_ value: String) { beginValue(); writeEscaped(value) }
    public mutating func int(_ value: Int) { beginValue(); buffer.writeString(String(value)) }
    public mutating func bool(_ value: Bool) { beginValue(); buffer.writeString(value ? "true" : "false") }
    public mutating func null() { beginValue(); buffer.writeString("null") }
    /// Non-finite numbers have no JSON form: they are written as null.
    public mutating func double(_ value: Double) {
        beginValue()
        buffer.writeString(value.isFinite ? String(value) : "null")
    }
    public mutating func float(_ value: Float) {
        beginValue()
        buffer.writeString(value.isFinite ? String(value) : "null")
    }
    /// Pre-serialised JSON (e.g. from JSONEncoder for admin documents).
    public mutating func raw(_ bytes: some Sequence<UInt8>) { beginValue(); buffer.writeBytes(bytes) }

    public mutating func field(_ name: String, _ value: String) { key(name); string(value) }
    public mutating func field(_ name: String, _ value: Int) { key(name); int(value) }
    public mutating func field(_ name: String, _ value: Bool) { key(name); bool(value) }
    public mutating func field(_ name: String, _ value: Double) { key(name); double(value) }
    public mutating func field(_ name: String, _ value: String?) {
        key(name)
        if let value { string(value) } else { null() }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func writeEscaped(_ value: String) {
        buffer.writeInteger(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { bytes in
            var start = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                if start < index { buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start..<index])) }
                switch byte {
                case 0x22: buffer.writeString("\\\"")
                case 0x5C: buffer.writeString("\\\\")
                case 0x0A: buffer.writeString("\\n")
                case 0x0D: buffer.writeString("\\r")
                case 0x09: buffer.writeString("\\t")
                default:
                    buffer.writeString("\\u00")
                    buffer.writeInteger(Self.hex[Int(byte >> 4)])
                    buffer.writeInteger(Self.hex[Int(byte & 0xF)])
                }
                start = index + 1
            }
            if start < bytes.count { buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start...])) }
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }
}
