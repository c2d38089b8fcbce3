import Foundation
import RankingCore
import Testing
@testable import ModelStore

/// Every way a file can be damaged is refused with the right code, naming the right place.
@Suite struct SnapshotCorruptionTests {
    /// Writes the chunked synthetic model (several chunks per array), then hands the bytes,
    /// the table and a path to write damaged copies to.
    private func withSnapshot(_ body: (_ bytes: [UInt8], _ table: SnapshotTable, _ damaged: String) throws -> Void) throws {
        try SnapshotFixtures.withTemporaryDirectory { dir in
            let path = dir + "/good.grs"
            var options = SnapshotWriteOptions()
            options.chunkSize = 2048
            _ = try ModelSnapshot.write(SnapshotFixtures.syntheticModel(items: 400, users: 300, dimension: 4),
                                        to: path, options: options)
            try body(try SnapshotFixtures.bytes(path), try SnapshotReader(path: path).table, dir + "/damaged.grs")
        }
    }

    @Test func aFlippedByteInAnyChunkOfAnySectionIsACheckSumMismatchNamingIt() throws {
        try withSnapshot { bytes, table, damaged in
            #expect(table.sections.count == SectionKind.required.count)
            for section in table.sections {
                for (arrayIndex, array) in section.arrays.enumerated() where !array.chunks.isEmpty {
                    for chunkIndex in Set([0, array.chunks.count - 1]) {
                        let chunk = array.chunks[chunkIndex]
                        var copy = bytes
                        copy[chunk.fileOffset + chunk.storedSize / 2] ^= 0x40
                        try SnapshotFixtures.write(copy, to: damaged)
                        let error = SnapshotFixtures.readError(damaged)
                        #expect(error?.code == .checksumMismatch, "\(section.name) array \(arrayIndex) chunk \(chunkIndex)")
                        #expect(error?.section == section.name)
                        #expect(error?.chunk == chunkIndex)
                        #expect(error?.offset == chunk.fileOffset)
                        #expect(error?.description.contains("checksum mismatch") == true)
                    }
                }
            }
        }
    }

    @Test func damagedHeaderIsRefused() throws {
        try withSnapshot { bytes, _, damaged in
            for (offset, code) in [(0, SnapshotError.Code.badMagic), (7, .badMagic), (9, .corruptHeader), (13, .corruptHeader),
                                   (20, .corruptHeader), (24, .corruptHeader), (31, .corruptHeader)] {
                var copy = bytes
                copy[offset] ^= 0x01
                try SnapshotFixtures.write(copy, to: damaged)
                let error = SnapshotFixtures.readError(damaged)
                #expect(error?.code == code, "header byte \(offset)")
                #expect(error?.section == nil)
                #expect(error?.description.hasPrefix("snapshot \(damaged) at byte offset ") == true)
                if code == .corruptHeader { #expect(error?.reason.hasPrefix("header checksum mismatch") == true) }
            }
        }
    }

    @Test func damagedFooterAndTableAreRefused() throws {
        try withSnapshot { bytes, _, damaged in
            let footer = bytes.count - SnapshotDefaults.footerSize
            let cases: [(Int, SnapshotError.Code)] = [
                (footer, .corruptFooter),          // table offset
                (footer + 8, .corruptFooter),      // table size
                (footer + 16, .corruptTable),      // table checksum
                (footer + 24, .corruptFooter),     // file size
                (bytes.count - 1, .truncated),     // end magic
                (footer - 1, .corruptTable),       // last byte of the section table
                (footer - 100, .corruptTable),
            ]
            for (offset, code) in cases {
                var copy = bytes
                copy[offset] ^= 0x01
                try SnapshotFixtures.write(copy, to: damaged)
                let error = SnapshotFixtures.readError(damaged)
                #expect(error?.code == code, "byte \(offset) of \(bytes.count)")
                let expected = [SnapshotError.Code.corruptFooter: "footer", .corruptTable: "section table checksum mismatch",
                                .truncated: "the file does not end with the footer"][code]!
                #expect(error?.reason.contains(expected) == true, "byte \(offset): \(String(describing: error))")
            }
        }
    }

    @Test func truncatedAnywhereIsRefusedAsTruncated() throws {
        try withSnapshot { bytes, _, damaged in
            let lengths = (1 ..< 20).map { bytes.count * $0 / 20 } + [bytes.count - 1, SnapshotDefaults.headerSize + 3]
            for length in lengths {
                try SnapshotFixtures.write(Array(bytes[0 ..< length]), to: damaged)
                let error = SnapshotFixtures.readError(damaged)
                #expect(error?.code == .truncated, "truncated to \(length) of \(bytes.count)")
                #expect(error?.description.contains("cut short") == true || error?.description.contains("header") == true)
            }
            try SnapshotFixtures.write(Array(bytes[0 ..< 5]), to: damaged)
            #expect(SnapshotFixtures.readError(damaged)?.code == .badMagic)
        }
    }

    @Test func zeroLengthFileIsRefused() throws {
        try SnapshotFixtures.withTemporaryDirectory { dir in
            try SnapshotFixtures.write([], to: dir + "/empty.grs")
            let error = SnapshotFixtures.readError(dir + "/empty.grs")
            #expect(error?.code == .emptyFile)
            #expect(error?.description == "snapshot \(dir)/empty.grs at byte offset 0: the file is empty (0 bytes)")
            #expect(SnapshotFixtures.readError(dir + "/missing.grs")?.code == .io)
        }
    }

    @Test func wrongMagicIsRefused() throws {
        try SnapshotFixtures.withTemporaryDirectory { dir in
            try SnapshotFixtures.write(Array("{\"not\": \"a snapshot\", \"padding\": \"................................\"}".utf8),
                                       to: dir + "/json.grs")
            let error = SnapshotFixtures.readError(dir + "/json.grs")
            #expect(error?.code == .badMagic)
            #expect(error?.reason.contains("not a guardrank model snapshot") == true)
        }
    }

    @Test func newerFormatVersionIsRefusedWithAClearMessage() throws {
        try SnapshotFixtures.withTemporaryDirectory { dir in
            var options = SnapshotWriteOptions()
            options.formatVersion = SnapshotDefaults.currentVersion + 1
            _ = try ModelSnapshot.write(SnapshotFixtures.smallModel(), to: dir + "/v2.grs", options: options)
            let error = SnapshotFixtures.readError(dir + "/v2.grs")
            #expect(error?.code == .unsupportedVersion)
            #expect(error?.reason.contains("format version 2 is newer than this build supports (≤ 1)") == true)
            options.formatVersion = 0
            _ = try ModelSnapshot.write(SnapshotFixtures.smallModel(), to: dir + "/v0.grs", options: options)
            #expect(SnapshotFixtures.readError(dir + "/v0.grs")?.code == .unsupportedVersion)
        }
    }

    @Test func unknownRequiredFlagIsRefused() throws {
        try SnapshotFixtures.withTemporaryDirectory { dir in
            var options = SnapshotWriteOptions()
            options.flags = 1 << 3
            _ = try ModelSnapshot.write(SnapshotFixtures.smallModel(), to: dir + "/flag.grs", options: options)
            #expect(SnapshotFixtures.readError(dir + "/flag.grs")?.code == .unsupportedFlags)
        }
    }
}
