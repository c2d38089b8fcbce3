/// The generic format: interactions (user,item[,weight][,timestamp]) and optional items
/// (id[,title][,categories][,tags], lists `|`-separated), each as CSV with a header or as
/// JSON lines. CSV and JSON lines with the same content give equal datasets.
enum GenericImporter {
    static let interactionsCSV = "interactions.csv"
    static let interactionsJSONL = "interactions.jsonl"
    static let itemsCSV = "items.csv"
    static let itemsJSONL = "items.jsonl"

    static func load(directory: String, options: ImportOptions) throws(ImportError) -> (Dataset, ImportReport) {
        var report = ImportReport(source: "generic")
        var builder = DatasetBuilder<String>()
        if let itemsPath = try pick(directory, itemsCSV, itemsJSONL, required: false) {
            if itemsPath.hasSuffix(".csv") {
                try readItemsCSV(path: itemsPath, into: &builder, options: options, report: &report)
            } else {
                try readItemsJSONL(path: itemsPath, into: &builder, options: options, report: &report)
            }
        }
        let interactionsPath = try pick(directory, interactionsCSV, interactionsJSONL, required: true)!
        if interactionsPath.hasSuffix(".csv") {
            try readInteractionsCSV(path: interactionsPath, into: &builder, options: options, report: &report)
        } else {
            try readInteractionsJSONL(path: interactionsPath, into: &builder, options: options, report: &report)
        }
        return (builder.build(name: directory.lastPathComponent), report)
    }

    /// The one file present of a CSV/JSONL pair; two present is ambiguous.
    private static func pick(_ directory: String, _ csv: String, _ jsonl: String, required: Bool) throws(ImportError) -> String? {
        let csvPath = directory.appendingPathComponent(csv)
        let jsonlPath = directory.appendingPathComponent(jsonl)
        switch (FileBytes.exists(csvPath), FileBytes.exists(jsonlPath)) {
        case (true, true):
            throw ImportError(.ambiguous, path: directory, reason: "both \(csv) and \(jsonl) are present; keep one")
        case (true, false): return csvPath
        case (false, true): return jsonlPath
        case (false, false):
            guard required else { return nil }
            throw ImportError(.missingFile, path: csvPath, reason: "required file not found (the generic format needs \(csv) or \(jsonl))")
        }
    }

    private static func addItem(_ record: ItemRecord, to builder: inout DatasetBuilder<String>, error: () -> ImportError) throws(ImportError) {
        guard builder.addItem(key: record.id, record: record) != nil else { throw error() }
    }

    private static func addInteraction(user: String, item: String, weight: Float?, timestamp: Int64?,
                                       to builder: inout DatasetBuilder<String>) {
        let userIndex = builder.user(key: user) { user }
        let itemIndex = builder.item(key: item) { item }
        builder.addInteraction(user: userIndex, item: itemIndex, weight: weight ?? 1, timestamp: timestamp ?? 0)
    }

    private static func readItemsCSV(path: String, into builder: inout DatasetBuilder<String>,
                                     options: ImportOptions, report: inout ImportReport) throws(ImportError) {
        var reader = try DelimitedReader(path: path, separator: .csv)
        report.files.append(path)
        let header = try HeaderColumns(reader: &reader, required: ["id"], optional: ["title", "categories", "tags"])
        let (id, title, categories, tags) = (header.required("id"), header.index("title"), header.index("categories"), header.index("tags"))
        try reader.forEachRecord(options: options, report: &report) { row throws(ImportError) in
            try row.requireFieldCount(header.count)
            guard !row.isEmpty(id) else { throw row.rowError("column 'id': empty") }
            let record = ItemRecord(
                id: try row.string(id, column: "id"),
                title: try title.map { i throws(ImportError) in try row.string(i, column: "title") } ?? "",
                categories: try categories.map { i throws(ImportError) in try row.string(i, column: "categories").pipeSeparated() } ?? [],
                tags: try tags.map { i throws(ImportError) in try row.string(i, column: "tags").pipeSeparated() } ?? []
            )
            try addItem(record, to: &builder) { row.rowError("column 'id': '\(record.id)' appears more than once") }
        }
    }

    private static func readItemsJSONL(path: String, into builder: inout DatasetBuilder<String>,
                                       options: ImportOptions, report: inout ImportReport) throws(ImportError) {
        let reader = try JSONLinesReader(path: path)
        report.files.append(path)
        try reader.forEachObject(options: options, report: &report) { object, row throws(ImportError) in
            let record = ItemRecord(
                id: try row.id(object, "id"),
                title: try row.optionalString(object, "title"),
                categories: try row.strings(object, "categories"),
                tags: try row.strings(object, "tags")
            )
            try addItem(record, to: &builder) { row.error("key 'id': '\(record.id)' appears more than once") }
        }
    }

    private static func readInteractionsCSV(path: String, into builder: inout DatasetBuilder<String>,
                                            options: ImportOptions, report: inout ImportReport) throws(ImportError) {
        var reader = try DelimitedReader(path: path, separator: .csv)
        report.files.append(path)
        builder.reserveInteractions(reader.bytes.count / 20)
        let header = try HeaderColumns(reader: &reader, required: ["user", "item"], optional: ["weight", "timestamp"])
        let (user, item, weight, timestamp) = (header.required("user"), header.required("item"), header.index("weight"), header.index("timestamp"))
        try reader.forEachRecord(options: options, report: &report) { row throws(ImportError) in
            try row.requireFieldCount(header.count)
            guard !row.isEmpty(user) else { throw row.rowError("column 'user': empty") }
            guard !row.isEmpty(item) else { throw row.rowError("column 'item': empty") }
            // Empty optional values mean "not given", as an absent column does.
            var weightValue: Float?
            if let weight, !row.isEmpty(weight) { weightValue = try row.weight(weight, column: "weight") }
            var timestampValue: Int64?
            if let timestamp, !row.isEmpty(timestamp) { timestampValue = try row.int(timestamp, column: "timestamp") }
            addInteraction(user: try row.string(user, column: "user"), item: try row.string(item, column: "item"),
                           weight: weightValue, timestamp: timestampValue, to: &builder)
        }
    }

    private static func readInteractionsJSONL(path: String, into builder: inout DatasetBuilder<String>,
                                              options: ImportOptions, report: inout ImportReport) throws(ImportError) {
        let reader = try JSONLinesReader(path: path)
        report.files.append(path)
        try reader.forEachObject(options: options, report: &report) { object, row throws(ImportError) in
            let user = try row.id(object, "user")
            let item = try row.id(object, "item")
            let weight = try row.weight(object, "weight")
            let timestamp = try row.timestamp(object, "timestamp")
            addInteraction(user: user, item: item, weight: weight, timestamp: timestamp, to: &builder)
        }
    }
}
