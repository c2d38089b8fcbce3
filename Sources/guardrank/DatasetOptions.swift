import ArgumentParser
import ModelStore

/// `--dataset DIR [--format auto|movielens|generic] [--skip-bad-rows]`, shared by `train` and `eval`.
struct DatasetOptions: ParsableArguments {
    @Option(help: "Directory holding the dataset (MovieLens or generic format).")
    var dataset: String

    @Option(help: "auto, movielens or generic.")
    var format: String = DatasetFormat.auto.rawValue

    @Flag(help: "Skip malformed rows (counted and reported) instead of refusing the file.")
    var skipBadRows = false

    /// Imports the dataset; a bad file or format is bad input (exit 2) naming file:line and reason.
    func load(command: String) throws -> Dataset {
        guard let format = DatasetFormat(rawValue: format) else {
            throw CommandLineIO.badInput(command, "--format must be one of \(DatasetFormat.allCases.map(\.rawValue).joined(separator: ", ")), got '\(self.format)'")
        }
        do {
            let (dataset, report) = try DatasetImporter.load(directory: dataset, format: format,
                                                             options: ImportOptions(skipBadRows: skipBadRows))
            if report.skippedRows > 0 {
                CommandLineIO.printError("guardrank \(command): skipped \(report.skippedRows) malformed rows; first: "
                    + report.skipReasons.prefix(3).map(\.description).joined(separator: "; "))
            }
            return dataset
        } catch {
            throw CommandLineIO.badInput(command, error.description)
        }
    }
}
