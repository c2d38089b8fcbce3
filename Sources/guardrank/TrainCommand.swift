import ArgumentParser
import Foundation
import ModelStore

/// `guardrank train --dataset DIR [--format …] --out MODEL`: imports, trains and writes a
/// snapshot (SPEC §9). Prints the time each phase took.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Import a dataset, train a model (ALS, content, popularity, neighbours) and write a snapshot."
    )

    @OptionGroup var data: DatasetOptions

    @Option(help: "Path of the model snapshot to write (replaced atomically).")
    var out: String

    @OptionGroup var training: TrainingOptions

    func run() throws {
        let configuration = try training.configuration(command: "train")
        let clock = ContinuousClock()
        let importStart = clock.now
        let dataset = try data.load(command: "train")
        let importTime = clock.now - importStart
        let trainStart = clock.now
        var phases: [String] = []
        let model = ModelTrainer(configuration: configuration).train(dataset) { name, duration in
            phases.append("\(name) \(duration.seconds)s")
        }
        let trainTime = clock.now - trainStart
        let writeStart = clock.now
        do {
            try ModelSnapshot.write(model, to: out, trainerParameters: configuration.parameters)
        } catch {
            throw CommandLineIO.failure("train", "\(error)")
        }
        print("model \(model.version): \(model.userCount) users, \(model.itemCount) items, d=\(model.itemFactors.dimension)")
        print("import \(importTime.seconds)s, train \(trainTime.seconds)s (\(phases.joined(separator: ", "))), "
              + "write \((clock.now - writeStart).seconds)s -> \(out)")
    }
}

extension Duration {
    /// Seconds with millisecond precision, for progress lines.
    var seconds: String { String(format: "%.3f", Double(components.seconds) + Double(components.attoseconds) / 1e18) }
}
