import ArgumentParser
import Foundation

/// Shared by every subcommand: SPEC §9's exit codes (1 = the work failed, 2 = bad usage or
/// bad input) with the reason on stderr.
enum CommandLineIO {
    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Prints "guardrank <command>: <reason>" and exits 2.
    static func badInput(_ command: String, _ reason: String) -> ExitCode {
        printError("guardrank \(command): \(reason)")
        return ExitCode(2)
    }

    /// Prints "guardrank <command>: <reason>" and exits 1.
    static func failure(_ command: String, _ reason: String) -> ExitCode {
        printError("guardrank \(command): \(reason)")
        return ExitCode(1)
    }

    /// Writes `value` as one line of JSON (sorted keys) on stdout.
    static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
