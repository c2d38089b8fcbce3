/// The record loop every importer shares: bad rows either fail the import or, under
/// `skipBadRows`, are counted in the report and skipped.
extension DelimitedReader {
    mutating func forEachRecord(
        options: ImportOptions,
        report: inout ImportReport,
        _ body: (DelimitedReader) throws(ImportError) -> Void
    ) throws(ImportError) {
        while true {
            do throws(ImportError) {
                guard try nextRecord() else { return }
                try body(self)
            } catch {
                guard error.code == .badRow, options.skipBadRows else { throw error }
                report.recordSkip(error)
            }
        }
    }
}
