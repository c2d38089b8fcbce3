import Foundation

/// Writes a `Dataset` in the generic CSV format (items.csv, interactions.csv) so that
/// `DatasetImporter` reads back an equal dataset (except `name`, which is the directory's).
///
/// Users appear in the order of their first interaction, so a dataset whose users are in
/// first-interaction order (the importers' and the generator's) round-trips exactly; users
/// without interactions cannot be written (the format has no users file).
public enum GenericFormatWriter {
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    public static func write(_ dataset: Dataset, to directory: String) throws(WriteError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw WriteError(path: directory, reason: "cannot create directory: \(error.localizedDescription)")
        }
        let itemsPath = directory.appendingPathComponent(GenericImporter.itemsCSV)
        var out = BufferedFile()
        try out.open(itemsPath)
        out.append("id,title,categories,tags\n")
        for item in dataset.items {
            guard !item.id.isEmpty else { throw WriteError(path: itemsPath, reason: "an item has an empty id") }
            out.field(item.id); out.append(",")
            out.field(item.title); out.append(",")
            out.field(try joined(item.categories, what: "category", of: item.id, path: itemsPath)); out.append(",")
            out.field(try joined(item.tags, what: "tag", of: item.id, path: itemsPath)); out.append("\n")
            try out.flushIfFull()
        }
        try out.close()

        let interactionsPath = directory.appendingPathComponent(GenericImporter.interactionsCSV)
        try out.open(interactionsPath)
        out.append("user,item,weight,timestamp\n")
        for i in 0..<dataset.interactionCount {
            let user = dataset.userIDs[Int(dataset.interactionUsers[i])]
            guard !user.isEmpty else { throw WriteError(path: interactionsPath, reason: "a user has an empty id") }
            out.field(user); out.append(",")
            out.field(dataset.items[Int(dataset.interactionItems[i])].id); out.append(",")
            // Float's description is the shortest text that parses back to the same value.
            out.append(dataset.interactionWeights[i].description); out.append(",")
            out.append(String(dataset.interactionTimestamps[i])); out.append("\n")
            try out.flushIfFull()
        }
        try out.close()
    }

    private static func joined(_ values: [String], what: String, of id: String, path: String) throws(WriteError) -> String {
        for value in values where value.isEmpty || value.contains("|") {
            throw WriteError(path: path, reason: "item '\(id)': \(what) '\(value)' is empty or contains '|', which the format uses as separator")
        }
        return values.joined(separator: "|")
    }
}

/// Appends bytes and writes them in large chunks to `path + ".tmp"`, renamed on close so a
/// reader never sees half a file.
private struct BufferedFile {
    private var buffer: [UInt8] = []
    private var fd: Int32 = -1
    private var path = ""

    mutating func open(_ path: String) throws(GenericFormatWriter.WriteError) {
        self.path = path
        fd = Foundation.open(path + ".tmp", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw failure("cannot create") }
        buffer.reserveCapacity(1 << 20)
    }

    mutating func append(_ text: String) { buffer.append(contentsOf: text.utf8) }

    /// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
    mutating func field(_ text: String) {
        let needsQuotes = text.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { return append(text) }
        buffer.append(UInt8(ascii: "\""))
        for b in text.utf8 {
            if b == UInt8(ascii: "\"") { buffer.append(b) }
            buffer.append(b)
        }
        buffer.append(UInt8(ascii: "\""))
    }

    mutating func flushIfFull() throws(GenericFormatWriter.WriteError) {
        if buffer.count >= 1 << 20 { try flush() }
    }

    mutating func close() throws(GenericFormatWriter.WriteError) {
        try flush()
        guard fsync(fd) == 0, Foundation.close(fd) == 0 else { throw failure("cannot close") }
        fd = -1
        guard rename(path + ".tmp", path) == 0 else { throw failure("cannot rename into place") }
    }

    private mutating func flush() throws(GenericFormatWriter.WriteError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress!, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw failure("write failed")
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private func failure(_ what: String) -> GenericFormatWriter.WriteError {
        GenericFormatWriter.WriteError(path: path, reason: "\(what): \(String(cString: strerror(errno)))")
    }
}
