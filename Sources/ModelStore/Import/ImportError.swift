/// Why an import failed: the file, the line, and a sentence an operator can act on.
///
/// A struct wrapping a code, like swift-service-lifecycle's `ServiceRunnerError`, so new codes
/// do not break callers that switch on them.
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        fileprivate enum Base: String, Sendable, Hashable {
            case missingFile, unreadableFile, emptyFile, missingHeader, badRow, noDataset, ambiguous
        }
        fileprivate let base: Base
        /// A required file is absent.
        public static let missingFile = Code(base: .missingFile)
        /// A file exists but cannot be read.
        public static let unreadableFile = Code(base: .unreadableFile)
        /// A file has no header line.
        public static let emptyFile = Code(base: .emptyFile)
        /// The first line is not the expected header.
        public static let missingHeader = Code(base: .missingHeader)
        /// One row is malformed; `skipBadRows` skips these.
        public static let badRow = Code(base: .badRow)
        /// The directory holds no recognised dataset.
        public static let noDataset = Code(base: .noDataset)
        /// The directory holds two candidate files for one role.
        public static let ambiguous = Code(base: .ambiguous)
        public var description: String { base.rawValue }
    }

    public let code: Code
    /// The file's path as the importer opened it.
    public let path: String
    /// 1-based line where the offending record starts; nil for whole-file errors.
    public let line: Int?
    public let reason: String

    public init(_ code: Code, path: String, line: Int? = nil, reason: String) {
        self.code = code
        self.path = path
        self.line = line
        self.reason = reason
    }

    public var description: String {
        if let line { return "\(path):\(line): \(reason)" }
        return "\(path): \(reason)"
    }
}
