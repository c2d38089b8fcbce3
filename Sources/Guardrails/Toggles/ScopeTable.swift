/// The file's layers below the rollback controller — defaults, override blocks by
/// specificity, active profile — folded once per snapshot for every combination of the
/// region, cohort and client values the file names. A request then costs three dictionary
/// lookups and one copy instead of matching every block.
final class ScopeTable: Sendable {
    private let regionIndex: [String: Int]
    private let cohortIndex: [String: Int]
    private let clientIndex: [String: Int]
    /// Number of cohort / client slots (named values + 1 for "not named").
    private let cohortSlots: Int
    private let clientSlots: Int
    /// One entry per combination (index 0 of a dimension = a value the file does not name),
    /// or nil when there are too many combinations to precompute.
    private let entries: [ResolvedToggles]?
    private let base: ResolvedToggles
    /// Layers in the order they apply (lowest first), for the non-precomputed path.
    private let layers: [(scope: ToggleScope, patch: TogglePatch, rule: ToggleRule)]

    init(config: TogglesConfig) {
        base = ResolvedToggles(defaults: config.defaults)
        // Less specific first so the most specific matching block applies last; ties keep
        // file order, so a later block wins over an earlier one of the same specificity.
        let ordered = config.overrides.enumerated().sorted {
            ($0.element.scope.specificity, $0.offset) < ($1.element.scope.specificity, $1.offset)
        }.map(\.element)
        var layers = ordered.map { (scope: $0.scope, patch: $0.patch, rule: ToggleRule.scope($0.source)) }
        if let name = config.activeProfile, let patch = config.baselines[name] {
            layers.append((.everywhere, patch, .profile(name)))
        }
        self.layers = layers

        func index(_ values: [String]) -> [String: Int] {
            var out: [String: Int] = [:]
            for v in values where out[v] == nil { out[v] = out.count + 1 }
            return out
        }
        regionIndex = index(config.overrides.flatMap(\.scope.regions))
        cohortIndex = index(config.overrides.flatMap(\.scope.cohorts))
        clientIndex = index(config.overrides.flatMap(\.scope.clients))
        cohortSlots = cohortIndex.count + 1
        clientSlots = clientIndex.count + 1
        let combinations = (regionIndex.count + 1) * (cohortIndex.count + 1) * (clientIndex.count + 1)
        guard combinations <= TogglesDefaults.maxPrecomputedCombinations else {
            entries = nil
            return
        }
        func names(_ index: [String: Int]) -> [String?] {
            var out = [String?](repeating: nil, count: index.count + 1)
            for (name, i) in index { out[i] = name }
            return out
        }
        var entries: [ResolvedToggles] = []
        entries.reserveCapacity(combinations)
        for region in names(regionIndex) {
            for cohort in names(cohortIndex) {
                for client in names(clientIndex) {
                    entries.append(Self.fold(base, layers, region: region, cohort: cohort, client: client))
                }
            }
        }
        self.entries = entries
    }

    private static func fold(
        _ base: ResolvedToggles, _ layers: [(scope: ToggleScope, patch: TogglePatch, rule: ToggleRule)],
        region: String?, cohort: String?, client: String?
    ) -> ResolvedToggles {
        var r = base
        for layer in layers where layer.scope.matches(region: region, cohort: cohort, client: client) {
            r.apply(layer.patch, rule: layer.rule)
        }
        return r
    }

    func resolved(region: String?, cohort: String?, client: String?) -> ResolvedToggles {
        guard let entries else { return Self.fold(base, layers, region: region, cohort: cohort, client: client) }
        // Skip hashing a dimension the file never scopes on (the common case).
        let r = regionIndex.isEmpty ? 0 : region.flatMap { regionIndex[$0] } ?? 0
        let c = cohortIndex.isEmpty ? 0 : cohort.flatMap { cohortIndex[$0] } ?? 0
        let k = clientIndex.isEmpty ? 0 : client.flatMap { clientIndex[$0] } ?? 0
        return entries[(r * cohortSlots + c) * clientSlots + k]
    }
}
