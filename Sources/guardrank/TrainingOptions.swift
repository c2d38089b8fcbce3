import ArgumentParser
import ModelStore

/// Training settings a user may change from the command line (`train`, `eval`); the rest
/// stay at `ModelStoreDefaults`.
struct TrainingOptions: ParsableArguments {
    @Option(help: "Training threads (0 = one per core).")
    var threads: Int = 0

    @Option(help: "Popularity half-life in days (default: none, plain interaction counts).")
    var popularityHalfLifeDays: Double?

    func configuration(command: String) throws -> ModelTrainer.Configuration {
        guard threads >= 0 else { throw CommandLineIO.badInput(command, "--threads must be 0 or more, got \(threads)") }
        if let days = popularityHalfLifeDays, !(days > 0 && days.isFinite) {
            throw CommandLineIO.badInput(command, "--popularity-half-life-days must be a positive number, got \(days)")
        }
        var configuration = ModelTrainer.Configuration()
        configuration.als.threads = threads
        configuration.popularityHalfLifeSeconds = popularityHalfLifeDays.map { $0 * 86_400 }
        return configuration
    }
}
