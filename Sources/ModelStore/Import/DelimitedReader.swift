/// Splits a file's bytes into records and fields without building a String per line.
///
/// `.csv` follows RFC 4180 (quoted fields may hold commas, doubled quotes and newlines);
/// `.byte` and `.doubleColon` are the unquoted formats of MovieLens 100K (tab, pipe) and 1M
/// (`::`). Blank lines are skipped, `\r\n` is accepted, a UTF-8 byte order mark is ignored.
/// After a thrown row error the reader has moved past the bad record, so callers that skip
/// bad rows just call `nextRecord()` again.
struct DelimitedReader {
    enum Separator {
        case csv
        case byte(UInt8)
        case doubleColon
    }

    let path: String
    let bytes: [UInt8]
    let separator: Separator
    /// Fields of the current record.
    private(set) var fields: [ByteField] = []
    /// 1-based line where the current record starts.
    private(set) var line = 0
    private var position = 0
    private var nextLine = 1

    init(path: String, bytes: [UInt8], separator: Separator) {
        self.path = path
        self.bytes = bytes
        self.separator = separator
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
        fields.reserveCapacity(32)
    }

    init(path: String, separator: Separator) throws(ImportError) {
        self.init(path: path, bytes: try FileBytes.read(path), separator: separator)
    }

    /// Moves to the next record; returns false at the end of the file.
    mutating func nextRecord() throws(ImportError) -> Bool {
        fields.removeAll(keepingCapacity: true)
        skipBlankLines()
        guard position < bytes.count else { return false }
        line = nextLine
        while true {
            let atEnd: Bool
            if case .csv = separator, bytes[position] == UInt8(ascii: "\"") {
                atEnd = try readQuotedField()
            } else {
                atEnd = try readPlainField()
            }
            if atEnd { return true }
        }
    }

    /// An error for the current record.
    func rowError(_ reason: String) -> ImportError {
        ImportError(.badRow, path: path, line: line, reason: reason)
    }

    private mutating func skipBlankLines() {
        while position < bytes.count {
            if bytes[position] == UInt8(ascii: "\n") {
                position += 1
                nextLine += 1
            } else if bytes[position] == UInt8(ascii: "\r"), position + 1 < bytes.count,
                      bytes[position + 1] == UInt8(ascii: "\n") {
                position += 2
                nextLine += 1
            } else {
                return
            }
        }
    }

    /// Reads an unquoted field; returns true when it ended the record.
    private mutating func readPlainField() throws(ImportError) -> Bool {
        let start = position
        var p = position
        let count = bytes.count
        switch separator {
        case .csv:
            while p < count, bytes[p] != UInt8(ascii: ","), bytes[p] != UInt8(ascii: "\n") { p += 1 }
        case .byte(let sep):
            while p < count, bytes[p] != sep, bytes[p] != UInt8(ascii: "\n") { p += 1 }
        case .doubleColon:
            while p < count, bytes[p] != UInt8(ascii: "\n"),
                  !(bytes[p] == UInt8(ascii: ":") && p + 1 < count && bytes[p + 1] == UInt8(ascii: ":")) { p += 1 }
        }
        var end = p
        let endsLine = p >= count || bytes[p] == UInt8(ascii: "\n")
        if endsLine, end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        if end - start > ImportDefaults.maxFieldBytes {
            position = p
            skipRestOfLine()
            throw rowError("column \(fields.count + 1): field longer than \(ImportDefaults.maxFieldBytes) bytes")
        }
        fields.append(ByteField(start: start, end: end, escaped: false))
        if endsLine {
            position = min(p + 1, count)
            nextLine += 1
            return true
        }
        if case .doubleColon = separator { position = p + 2 } else { position = p + 1 }
        return false
    }

    /// Reads a quoted CSV field; returns true when it ended the record.
    private mutating func readQuotedField() throws(ImportError) -> Bool {
        let count = bytes.count
        var p = position + 1
        let start = p
        var escaped = false
        var newlines = 0
        while true {
            guard p < count else {
                position = count
                nextLine += newlines
                throw rowError("column \(fields.count + 1): unterminated quoted field")
            }
            let b = bytes[p]
            if b == UInt8(ascii: "\"") {
                if p + 1 < count, bytes[p + 1] == UInt8(ascii: "\"") {
                    escaped = true
                    p += 2
                    continue
                }
                break
            }
            if b == UInt8(ascii: "\n") { newlines += 1 }
            p += 1
            if p - start > ImportDefaults.maxFieldBytes {
                position = p
                nextLine += newlines
                skipRestOfLine()
                throw rowError("column \(fields.count + 1): quoted field longer than \(ImportDefaults.maxFieldBytes) bytes (unterminated quote?)")
            }
        }
        nextLine += newlines
        fields.append(ByteField(start: start, end: p, escaped: escaped))
        p += 1
        if p >= count {
            position = count
            nextLine += 1
            return true
        }
        switch bytes[p] {
        case UInt8(ascii: ","):
            position = p + 1
            return false
        case UInt8(ascii: "\n"):
            position = p + 1
            nextLine += 1
            return true
        case UInt8(ascii: "\r") where p + 1 < count && bytes[p + 1] == UInt8(ascii: "\n"):
            position = p + 2
            nextLine += 1
            return true
        default:
            position = p
            skipRestOfLine()
            throw rowError("column \(fields.count): unexpected character after closing quote")
        }
    }

    private mutating func skipRestOfLine() {
        while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
        if position < bytes.count { position += 1 }
        nextLine += 1
    }
}
