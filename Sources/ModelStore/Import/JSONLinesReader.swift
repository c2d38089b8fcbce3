/// One JSON object per line (JSON Lines); blank lines are skipped.
struct JSONLinesReader {
    let path: String
    private let bytes: [UInt8]

    init(path: String) throws(ImportError) {
        self.path = path
        self.bytes = try FileBytes.read(path)
    }

    /// Calls `body` with each object and its 1-based line; bad rows fail or are skipped.
    func forEachObject(
        options: ImportOptions,
        report: inout ImportReport,
        _ body: ([String: JSONValue], JSONRow) throws(ImportError) -> Void
    ) throws(ImportError) {
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        var sawObject = false
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            let next = end + 1
            var trimmedEnd = end
            while trimmedEnd > start, bytes[trimmedEnd - 1] == 0x20 || bytes[trimmedEnd - 1] == 0x0D || bytes[trimmedEnd - 1] == 0x09 {
                trimmedEnd -= 1
            }
            if trimmedEnd > start {
                sawObject = true
                let row = JSONRow(path: path, line: line)
                do throws(ImportError) {
                    if trimmedEnd - start > ImportDefaults.maxJSONLineBytes {
                        throw row.error("line longer than \(ImportDefaults.maxJSONLineBytes) bytes")
                    }
                    let object: [String: JSONValue]
                    do {
                        object = try JSONLineParser.object(bytes, start: start, end: trimmedEnd)
                    } catch {
                        throw row.error(error.reason)
                    }
                    try body(object, row)
                } catch {
                    guard error.code == .badRow, options.skipBadRows else { throw error }
                    report.recordSkip(error)
                }
            }
            start = next
            line += 1
        }
        guard sawObject else { throw ImportError(.emptyFile, path: path, reason: "empty file: expected one JSON object per line") }
    }
}

/// Typed access to one JSON-lines row's keys, with errors naming the file, line and key.
struct JSONRow {
    let path: String
    let line: Int

    func error(_ reason: String) -> ImportError {
        ImportError(.badRow, path: path, line: line, reason: reason)
    }

    /// A required id: a string, or a number kept as its literal text.
    func id(_ object: [String: JSONValue], _ key: String) throws(ImportError) -> String {
        switch object[key] {
        case .string(let text) where !text.isEmpty: return text
        case .number(let text): return text
        case nil, .null: throw error("key '\(key)': missing")
        default: throw error("key '\(key)': expected a non-empty string or a number")
        }
    }

    func optionalString(_ object: [String: JSONValue], _ key: String) throws(ImportError) -> String {
        switch object[key] {
        case .string(let text): return text
        case nil, .null: return ""
        default: throw error("key '\(key)': expected a string")
        }
    }

    func strings(_ object: [String: JSONValue], _ key: String) throws(ImportError) -> [String] {
        switch object[key] {
        case nil, .null: return []
        case .array(let elements):
            var out: [String] = []
            for element in elements {
                guard case .string(let text) = element else { throw error("key '\(key)': expected an array of strings") }
                if !text.isEmpty { out.append(text) }
            }
            return out
        default: throw error("key '\(key)': expected an array of strings")
        }
    }

    func weight(_ object: [String: JSONValue], _ key: String) throws(ImportError) -> Float? {
        switch object[key] {
        case nil, .null: return nil
        case .number(let text):
            guard let value = Float(text), value.isFinite else { throw error("key '\(key)': '\(text)' is not a finite number") }
            guard value >= 0 else { throw error("key '\(key)': '\(text)' is negative") }
            return value
        default: throw error("key '\(key)': expected a number")
        }
    }

    func timestamp(_ object: [String: JSONValue], _ key: String) throws(ImportError) -> Int64? {
        switch object[key] {
        case nil, .null: return nil
        case .number(let text):
            guard let value = Int64(text) else { throw error("key '\(key)': '\(text)' is not an integer") }
            return value
        default: throw error("key '\(key)': expected an integer")
        }
    }
}
