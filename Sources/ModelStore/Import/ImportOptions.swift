/// How tolerant an import is.
public struct ImportOptions: Sendable, Equatable {
    /// Skip malformed rows (counted in `ImportReport`) instead of failing on the first one.
    /// Whole-file problems (missing file, missing header) fail either way.
    public var skipBadRows: Bool

    public init(skipBadRows: Bool = false) {
        self.skipBadRows = skipBadRows
    }
}

/// What an import did besides producing the dataset.
public struct ImportReport: Sendable, Equatable {
    /// The detected source, e.g. "movielens-latest", "movielens-100k", "generic-csv".
    public var source: String
    /// Files read, in order.
    public var files: [String] = []
    /// Rows skipped under `skipBadRows`.
    public var skippedRows = 0
    /// The first `ImportDefaults.recordedSkipReasons` skipped rows' errors.
    public var skipReasons: [ImportError] = []

    public init(source: String) {
        self.source = source
    }

    mutating func recordSkip(_ error: ImportError) {
        skippedRows += 1
        if skipReasons.count < ImportDefaults.recordedSkipReasons { skipReasons.append(error) }
    }
}
