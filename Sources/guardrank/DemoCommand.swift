import ArgumentParser
import Foundation
import ModelStore

/// `guardrank demo [--items N --users N --seed S] --out DIR`: writes the synthetic dataset
/// in the generic CSV format (SPEC §9).
///
/// Options are optional strings checked in `run()` so bad values exit 2 with the reason on
/// stderr, as SPEC §9 asks, rather than argument-parser's own exit code 64.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Write the synthetic demo dataset (generic CSV format) to a directory."
    )

    @Option(help: "Number of items (1…\(SyntheticDefaults.maxItems)); default \(SyntheticDefaults.demoItems).")
    var items: String?

    @Option(help: "Number of users (1…\(SyntheticDefaults.maxUsers)); default \(SyntheticDefaults.demoUsers).")
    var users: String?

    @Option(help: "Random seed; the same seed writes the same files. Default \(SyntheticDefaults.seed).")
    var seed: String?

    @Option(help: "Directory to write items.csv and interactions.csv into (created if missing).")
    var out: String?

    func run() throws {
        guard let out, !out.isEmpty else { return try usage("--out DIR is required") }
        guard let items = self.items.map({ Int($0) }) ?? SyntheticDefaults.demoItems,
              (1...SyntheticDefaults.maxItems).contains(items) else {
            return try usage("--items must be an integer 1…\(SyntheticDefaults.maxItems), got '\(self.items ?? "")'")
        }
        guard let users = self.users.map({ Int($0) }) ?? SyntheticDefaults.demoUsers,
              (1...SyntheticDefaults.maxUsers).contains(users) else {
            return try usage("--users must be an integer 1…\(SyntheticDefaults.maxUsers), got '\(self.users ?? "")'")
        }
        guard let seed = self.seed.map({ UInt64($0) }) ?? SyntheticDefaults.seed else {
            return try usage("--seed must be an integer 0…\(UInt64.max), got '\(self.seed ?? "")'")
        }
        let configuration = SyntheticDataset.Configuration(items: items, users: users, seed: seed)
        let dataset = SyntheticDataset.generate(configuration)
        do {
            try GenericFormatWriter.write(dataset, to: out)
        } catch {
            throw CommandLineIO.failure("demo", "\(error)")
        }
        print("wrote \(dataset.itemCount) items, \(dataset.userCount) users, \(dataset.interactionCount) interactions to \(out)")
    }

    private func usage(_ reason: String) throws {
        throw CommandLineIO.badInput("demo", reason)
    }
}
