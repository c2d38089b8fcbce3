import ArgumentParser
import Foundation
import Guardrails

/// `guardrank toggles validate|explain|diff` (SPEC §9). Exit codes: 0 success, 1 failure
/// of the work, 2 bad usage or bad input (reason on stderr).
struct TogglesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toggles",
        abstract: "Validate, explain and diff runtime toggles files.",
        subcommands: [Validate.self, Explain.self, Diff.self, BenchEvaluate.self]
    )

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a toggles file; errors and warnings on stderr.")
        @Argument(help: "The toggles file.") var file: String?

        func run() throws {
            let file = try required(file, "FILE")
            let config = try loadConfig(file)
            for warning in config.warnings { printError(warning.description) }
            print("\(file): valid (config_version \(config.metadata.configVersion), \(config.warnings.count) warning(s))")
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the effective toggles for one request and the rule behind each.")
        @Argument(help: "The toggles file.") var file: String?
        @Option(help: "User id (hashed as given); required.") var user: String?
        @Option(help: "Request region.") var region: String?
        @Option(help: "Request cohort.") var cohort: String?
        @Option(help: "Request client.") var client: String?
        @Flag(help: "One JSON object on stdout.") var json = false

        func run() throws {
            let snapshot = TogglesSnapshot(config: try loadConfig(try required(file, "FILE")))
            let context = ToggleContext(userID: try required(user, "--user"), region: region, cohort: cohort, client: client)
            let explanation = TogglesExplanation(snapshot: snapshot, context: context)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(explanation), as: UTF8.self))
                return
            }
            let e = snapshot.evaluate(context)
            print("config_version \(e.configVersion)  bucket \(e.bucket)  exposed \(e.exposed)  (salt \"\(explanation.experimentSalt)\")")
            let t = e.toggles, s = e.sources
            let rows: [(String, String, ToggleRule)] = [
                ("alpha_override", t.alphaOverride.map { "\($0)" } ?? "null", s.alphaOverride),
                ("policy_mode", t.policyMode.rawValue, s.policyMode),
                ("disable_cf", "\(t.disableCF)", s.disableCF),
                ("disable_content", "\(t.disableContent)", s.disableContent),
                ("candidate_fallback_level", t.candidateFallbackLevel.rawValue, s.candidateFallbackLevel),
                ("kill_switch", "\(t.killSwitch)", s.killSwitch),
                ("exposure_percent", "\(t.exposurePercent)", s.exposurePercent),
                ("cache_mode", t.cacheMode.rawValue, s.cacheMode),
                ("experiment_freeze", "\(t.experimentFreeze)", s.experimentFreeze),
            ]
            for (name, value, rule) in rows {
                print("  \(name.padding(toLength: 26, withPad: " ", startingAt: 0)) \(value.padding(toLength: 16, withPad: " ", startingAt: 0)) \(rule)")
            }
            print("  matched overrides: \(explanation.matchedOverrides.isEmpty ? "none" : explanation.matchedOverrides.joined(separator: ", "))")
            print("served: policy \(e.servedPolicy.rawValue), alpha \(e.alpha) (\(e.alphaRule)), collaborative \(e.collaborativeEnabled), content \(e.contentEnabled), start level \(e.startLevel.rawValue) (\(e.startLevelRule))")
            for note in explanation.resolutions { print("  note: \(note)") }
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Field-level differences between two toggles files.")
        @Argument(help: "The old file.") var old: String?
        @Argument(help: "The new file.") var new: String?
        @Flag(help: "A JSON array of {path, old, new} on stdout.") var json = false

        func run() throws {
            let changes = TogglesDiff.diff(try loadDocument(try required(old, "OLD")), try loadDocument(try required(new, "NEW")))
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(changes), as: UTF8.self))
            } else if changes.isEmpty {
                print("no differences")
            } else {
                for change in changes { print(change.description) }
            }
        }
    }

    /// A plain timed loop over `evaluate`, for machines where the benchmark package does not build.
    struct BenchEvaluate: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "bench-evaluate", abstract: "Time toggles evaluation.", shouldDisplay: false)
        @Argument var file: String
        @Option var iterations = 1_000_000

        func run() throws {
            let snapshot = TogglesSnapshot(config: try loadConfig(file))
            let contexts = (0..<1024).map { ToggleContext(userID: "user-\($0)", region: ["eu", "us", "apac"][$0 % 3], cohort: $0 % 5 == 0 ? "new_users" : "regular", client: "web") }
            var sink = 0
            let clock = ContinuousClock()
            let elapsed = clock.measure {
                for i in 0..<iterations { sink &+= snapshot.evaluate(contexts[i & 1023]).bucket }
            }
            let ns = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
            print("evaluate: \(iterations) iterations, \(String(format: "%.1f", ns / Double(iterations))) ns each (checksum \(sink))")
        }
    }
}

/// Missing arguments are checked here rather than by the parser, whose usage errors exit
/// 64; SPEC §9 wants 2 for bad usage.
private func required(_ value: String?, _ name: String) throws -> String {
    guard let value else {
        printError("error: missing \(name)")
        throw ExitCode(2)
    }
    return value
}

/// Reads and validates `path`; on failure prints every issue to stderr and exits 2.
private func loadConfig(_ path: String) throws -> TogglesConfig {
    guard let data = FileManager.default.contents(atPath: path) else {
        printError("\(path): error: cannot read file")
        throw ExitCode(2)
    }
    do {
        return try TogglesConfig.parse(Array(data), file: path)
    } catch {
        for issue in error.errors + error.warnings { printError(issue.description) }
        printError("\(path): invalid (\(error.errors.count) error(s)); nothing applied")
        throw ExitCode(2)
    }
}

/// Reads `path` as JSON only (a diff of a file that does not validate is still useful).
private func loadDocument(_ path: String) throws -> JSONNode {
    guard let data = FileManager.default.contents(atPath: path) else {
        printError("\(path): error: cannot read file")
        throw ExitCode(2)
    }
    do {
        return try TogglesConfig.parseDocument(Array(data), file: path)
    } catch {
        for issue in error.errors { printError(issue.description) }
        throw ExitCode(2)
    }
}

private func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
