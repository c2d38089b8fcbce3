/// Why a snapshot could not be written or read: a code to match on and a sentence naming the
/// file, the section, the chunk or byte offset, and the reason.
///
/// Shaped like swift-service-lifecycle's `ServiceLifecycleError`: a struct wrapping a private
/// code enum, so new codes can be added without breaking callers' exhaustive switches.
public struct SnapshotError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case io, emptyFile, truncated, badMagic, unsupportedVersion, unsupportedFlags
            case corruptHeader, corruptFooter, corruptTable, checksumMismatch, decompressionFailed
            case sizeMismatch, missingSection, duplicateSection, invalidContent, inconsistentModel
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// Opening, reading, writing, syncing or renaming failed (errno in the sentence).
        public static let io = Code(.io)
        public static let emptyFile = Code(.emptyFile)
        /// The file ends before its footer: cut short or still being written by a non-atomic copy.
        public static let truncated = Code(.truncated)
        public static let badMagic = Code(.badMagic)
        /// A format version this build has no decoder for (newer, or unknown).
        public static let unsupportedVersion = Code(.unsupportedVersion)
        public static let unsupportedFlags = Code(.unsupportedFlags)
        public static let corruptHeader = Code(.corruptHeader)
        public static let corruptFooter = Code(.corruptFooter)
        /// The section table fails its checksum or describes bytes outside the file.
        public static let corruptTable = Code(.corruptTable)
        public static let checksumMismatch = Code(.checksumMismatch)
        public static let decompressionFailed = Code(.decompressionFailed)
        /// Array lengths disagree: with the table, with each other, or with the metadata.
        public static let sizeMismatch = Code(.sizeMismatch)
        public static let missingSection = Code(.missingSection)
        public static let duplicateSection = Code(.duplicateSection)
        /// Decoded bytes that are not what the section means: bad UTF-8, bad JSON, offsets out of order.
        public static let invalidContent = Code(.invalidContent)
        /// Every section decoded but `RecommenderModel.consistencyProblems()` is not empty.
        public static let inconsistentModel = Code(.inconsistentModel)

        public var description: String { base.rawValue }
    }

    public let code: Code
    public let path: String
    /// The section the problem is in (`"userFactors"`), when it is in one.
    public let section: String?
    /// The chunk index within the section's array, when the problem is in one.
    public let chunk: Int?
    /// The byte offset in the file, when known.
    public let offset: Int?
    public let reason: String

    package init(_ code: Code, path: String, section: String? = nil, chunk: Int? = nil, offset: Int? = nil,
                 reason: String) {
        self.code = code
        self.path = path
        self.section = section
        self.chunk = chunk
        self.offset = offset
        self.reason = reason
    }

    public var description: String {
        var place = "snapshot \(path)"
        if let section { place += ", section '\(section)'" }
        if let chunk { place += ", chunk \(chunk)" }
        if let offset { place += " at byte offset \(offset)" }
        return "\(place): \(reason)"
    }
}
