import ArgumentParser

@main
struct GuardrankCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guardrank",
        abstract: "A recommendation serving engine with guardrails.",
        subcommands: [
            DemoCommand.self, TrainCommand.self, EvalCommand.self, ServeCommand.self, BenchCommand.self, TogglesCommand.self,
            IndexBenchCommand.self, CoreBenchCommand.self, DrillCommand.self,
        ]
    )

    /// SPEC §9's exit codes: 2 for bad usage (argument-parser's own is 64), the reason on stderr.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                CommandLineIO.printError(fullMessage(for: error))
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}
