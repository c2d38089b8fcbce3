#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Typed access to the current record's fields, parsed straight from the bytes.
extension DelimitedReader {
    /// Fails unless the record has exactly `count` fields.
    func requireFieldCount(_ count: Int) throws(ImportError) {
        guard fields.count == count else {
            let kind = fields.count < count ? "missing columns" : "extra columns"
            throw rowError("\(kind): expected \(count) fields, found \(fields.count)")
        }
    }

    func isEmpty(_ index: Int) -> Bool { fields[index].isEmpty }

    /// The field as UTF-8 text, with doubled quotes collapsed.
    func string(_ index: Int, column: String) throws(ImportError) -> String {
        let field = fields[index]
        let text: String?
        if field.escaped {
            text = String(validating: unescaped(field), as: UTF8.self)
        } else {
            text = String(validating: bytes[field.start..<field.end], as: UTF8.self)
        }
        guard let text else { throw rowError("column '\(column)': invalid UTF-8") }
        return text
    }

    /// The field as Latin-1 text (MovieLens 100K and 1M predate UTF-8).
    func latin1String(_ index: Int) -> String {
        let field = fields[index]
        var scalars = String.UnicodeScalarView()
        for b in bytes[field.start..<field.end] { scalars.append(Unicode.Scalar(b)) }
        return String(scalars)
    }

    func int(_ index: Int, column: String) throws(ImportError) -> Int64 {
        let field = fields[index]
        var p = field.start
        var negative = false
        if p < field.end, bytes[p] == UInt8(ascii: "-") || bytes[p] == UInt8(ascii: "+") {
            negative = bytes[p] == UInt8(ascii: "-")
            p += 1
        }
        guard p < field.end else { throw notA("an integer", index, column) }
        var value: Int64 = 0
        while p < field.end {
            let digit = bytes[p] &- UInt8(ascii: "0")
            guard digit < 10 else { throw notA("an integer", index, column) }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int64(digit))
            guard !o1, !o2 else { throw rowError("column '\(column)': '\(preview(index))' is out of range") }
            value = sum
            p += 1
        }
        return negative ? -value : value
    }

    /// A finite, non-negative number (ratings and weights).
    func weight(_ index: Int, column: String) throws(ImportError) -> Float {
        let value = try float(index, column: column)
        guard value >= 0 else { throw rowError("column '\(column)': '\(preview(index))' is negative") }
        return value
    }

    /// A finite decimal number. Only digits, sign, point and exponent are accepted, so
    /// strtof's "nan", "inf" and hex forms are rejected; strtof gives correct rounding, which
    /// the writer→importer round trip relies on.
    func float(_ index: Int, column: String) throws(ImportError) -> Float {
        let field = fields[index]
        let length = field.end - field.start
        guard length > 0, length <= ImportDefaults.maxNumberBytes else { throw notA("a number", index, column) }
        var sawDigit = false
        for b in bytes[field.start..<field.end] {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-"): break
            default: throw notA("a number", index, column)
            }
        }
        guard sawDigit else { throw notA("a number", index, column) }
        let parsed: Float? = withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer in
            for i in 0..<length { buffer[i] = CChar(bitPattern: bytes[field.start + i]) }
            buffer[length] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtof(buffer.baseAddress!, &end)
            return end == buffer.baseAddress! + length ? value : nil
        }
        guard let parsed else { throw notA("a number", index, column) }
        guard parsed.isFinite else { throw rowError("column '\(column)': '\(preview(index))' is out of range") }
        return parsed
    }

    /// The field's text for an error message: lossy, truncated.
    func preview(_ index: Int) -> String {
        let field = fields[index]
        let end = min(field.end, field.start + 40)
        let text = String(decoding: bytes[field.start..<end], as: UTF8.self)
        return end < field.end ? text + "…" : text
    }

    private func notA(_ kind: String, _ index: Int, _ column: String) -> ImportError {
        if fields[index].isEmpty { return rowError("column '\(column)': empty, expected \(kind)") }
        return rowError("column '\(column)': '\(preview(index))' is not \(kind)")
    }

    private func unescaped(_ field: ByteField) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(field.end - field.start)
        var p = field.start
        while p < field.end {
            out.append(bytes[p])
            p += bytes[p] == UInt8(ascii: "\"") ? 2 : 1
        }
        return out
    }
}
