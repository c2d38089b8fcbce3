import ArgumentParser

@main
struct GuardrankCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guardrank",
        abstract: "A recommendation serving engine with guardrails.",
        subcommands: [TogglesCommand.self]
    )
}
