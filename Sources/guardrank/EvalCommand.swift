import ArgumentParser
import Foundation
import ModelStore

/// `guardrank eval --dataset DIR [--json]`: SPEC §2's offline evaluation, as a table or as
/// SPEC §9's JSON object `{"rows":[…]}`.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Offline evaluation: recall@10, NDCG@10 and catalog coverage per policy on a temporal split."
    )

    @OptionGroup var data: DatasetOptions
    @OptionGroup var training: TrainingOptions

    @Flag(help: "Print one JSON object on stdout instead of a table.")
    var json = false

    struct Output: Encodable {
        let rows: [OfflineEvaluation.Row]
    }

    func run() throws {
        let trainer = ModelTrainer(configuration: try training.configuration(command: "eval"))
        let dataset = try data.load(command: "eval")
        let rows = OfflineEvaluation(trainer: trainer).run(dataset)
        if json {
            try CommandLineIO.printJSON(Output(rows: rows))
            return
        }
        print("dataset \(dataset.name): \(dataset.userCount) users, \(dataset.itemCount) items, \(dataset.interactionCount) interactions")
        print("policy        alpha  recall@10  ndcg@10  coverage  default")
        for row in rows {
            let alpha = row.alpha.map { String(format: "%.2f", $0) } ?? "  - "
            let policy = row.policy.padding(toLength: 13, withPad: " ", startingAt: 0)
            print(policy + String(format: " %@  %9.4f  %7.4f  %8.3f  %@", alpha, row.recallAt10, row.ndcgAt10,
                                  row.catalogCoverage, row.isDefault ? "yes" : ""))
        }
    }
}
