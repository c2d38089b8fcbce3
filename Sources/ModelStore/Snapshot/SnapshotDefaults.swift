/// Every constant of the snapshot file format, each with a note on where its value comes from.
/// The byte layout they describe is documented in `docs/model-format.md`.
package enum SnapshotDefaults {
    /// First 8 bytes of every snapshot: "GRNKSNAP". Chosen to be readable in a hex dump and
    /// unlikely to begin any other file (no common format starts with ASCII "GRNK").
    package static let magic: [UInt8] = Array("GRNKSNAP".utf8)

    /// Last 8 bytes of every complete snapshot: "GRNKEND!". A file cut short anywhere lacks
    /// it, which is how truncation is told apart from corruption.
    package static let endMagic: [UInt8] = Array("GRNKEND!".utf8)

    /// The format version this build writes. Bump only for incompatible changes; additive
    /// changes are new optional sections and keep the version (docs/model-format.md).
    package static let currentVersion: UInt32 = 1

    /// Versions this build can read. A reader keeps a decoder for every old version it lists.
    package static let supportedVersions: ClosedRange<UInt32> = 1 ... 1

    /// Header flag bits 0–15 must be understood by a reader (it refuses a file with an unknown
    /// one); bits 16–31 are hints it may ignore. Version 1 defines none of either.
    package static let knownRequiredFlags: UInt32 = 0
    package static let requiredFlagMask: UInt32 = 0x0000_FFFF

    /// Raw bytes per chunk: 16 MiB. LZ4's API takes `Int32` sizes, so a section of gigabytes
    /// must be cut up anyway; 16 MiB is large enough that per-chunk overhead (a table entry,
    /// a hash finalisation, a dispatch) is negligible and small enough that a 2.5 GB
    /// user-factor section gives ~150 chunks to spread over the cores.
    package static let chunkSize = 16 << 20

    /// Largest raw chunk a reader accepts (64 MiB): refuses a corrupt table that would make it
    /// allocate or decompress absurd sizes, while leaving writers room to raise `chunkSize`.
    package static let maxChunkSize = 64 << 20

    /// Seed of the xxHash64 chunk, header and table checksums. Zero, like the reference
    /// implementation's default, so `xxhsum -H64` of a chunk's bytes reproduces the value.
    package static let checksumSeed: UInt64 = 0

    /// Fixed sizes of the header and footer (bytes); see the tables in docs/model-format.md.
    package static let headerSize = 32
    package static let footerSize = 40
}
