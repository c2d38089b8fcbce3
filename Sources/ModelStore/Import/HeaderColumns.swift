/// Column positions named by a file's header line, matched case-insensitively.
///
/// Unknown header columns are ignored so files with extra annotation columns still load;
/// rows must still have as many fields as the header.
struct HeaderColumns {
    let count: Int
    private let positions: [String: Int]

    /// Reads the header from `reader`'s first record.
    init(reader: inout DelimitedReader, required: [String], optional: [String] = []) throws(ImportError) {
        let expected = (required + optional).joined(separator: ",")
        let hasRecord: Bool
        do {
            hasRecord = try reader.nextRecord()
        } catch {
            throw ImportError(.missingHeader, path: reader.path, line: 1, reason: "unreadable header line (\(error.reason))")
        }
        guard hasRecord else {
            throw ImportError(.emptyFile, path: reader.path, reason: "empty file: expected a header line '\(expected)'")
        }
        var positions: [String: Int] = [:]
        for index in reader.fields.indices {
            let name = reader.latin1String(index).trimmingSpaces().lowercased()
            if positions[name] == nil { positions[name] = index }
        }
        let missing = required.filter { positions[$0.lowercased()] == nil }
        guard missing.isEmpty else {
            let found = (0..<reader.fields.count).map { reader.preview($0) }.joined(separator: ",")
            throw ImportError(.missingHeader, path: reader.path, line: reader.line,
                              reason: "missing header: expected columns '\(expected)' (missing \(missing.joined(separator: ", "))), found '\(found)'")
        }
        self.count = reader.fields.count
        self.positions = positions
    }

    func index(_ name: String) -> Int? { positions[name.lowercased()] }

    /// The position of a column `init` already required.
    func required(_ name: String) -> Int { positions[name.lowercased()]! }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }

    /// `|`-separated list; empty parts are dropped.
    func pipeSeparated() -> [String] {
        split(separator: "|", omittingEmptySubsequences: true).map(String.init)
    }
}
