/// The file's layers below the rollback controller — defaults, override blocks by
/// specificity, active profile — folded once per snapshot for every combination of the
/// region, cohort and client values the file names. A request then costs three dictionary
/// lookups and one copy instead of matching every block.
final class ScopeTable: Sendable {
    private let regionIndex: [String: Int]
    private let cohortIndex: [String: Int]
    private let clientIndex: [String: Int]
    /// The same values in slot order (slot i + 1), for the linear path.
    private let regionNames: [String]
    private let cohortNames: [String]
    private let clientNames: [String]
    /// Number of cohort / client slots (named values + 1 for "not named").
    private let cohortSlots: Int
    private let clientSlots: Int
    /// One entry per combination (index 0 of a dimension = a value the file does not name),
    /// or nil when there are too many combinations to precompute.
    private let entries: [ResolvedToggles]?
    private let base: ResolvedToggles
    /// Layers in the order they apply (lowest first), for the non-precomputed path.
    private let layers: [(scope: ToggleScope, patch: TogglePatch, rule: RuleRef)]

    init(config: TogglesConfig) {
        base = ResolvedToggles(defaults: config.defaults)
        // Less specific first so the most specific matching block applies last; ties keep
        // file order, so a later block wins over an earlier one of the same specificity.
        let ordered = config.overrides.enumerated().sorted {
            ($0.element.scope.specificity, $0.offset) < ($1.element.scope.specificity, $1.offset)
        }
        var layers = ordered.map { (scope: $0.element.scope, patch: $0.element.patch, rule: RuleRef.scope($0.offset)) }
        if let name = config.activeProfile, let patch = config.baselines[name] {
            layers.append((.everywhere, patch, .profile))
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
        func inSlotOrder(_ index: [String: Int]) -> [String] { index.sorted { $0.value < $1.value }.map(\.key) }
        regionNames = inSlotOrder(regionIndex)
        cohortNames = inSlotOrder(cohortIndex)
        clientNames = inSlotOrder(clientIndex)
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
        _ base: ResolvedToggles, _ layers: [(scope: ToggleScope, patch: TogglePatch, rule: RuleRef)],
        region: String?, cohort: String?, client: String?
    ) -> ResolvedToggles {
        var r = base
        for layer in layers where layer.scope.matches(region: region, cohort: cohort, client: client) {
            r.apply(layer.patch, rule: layer.rule)
        }
        return r
    }

    /// The slot of `value` in one dimension: a few names are compared directly (cheaper
    /// than hashing the string), many go through the dictionary.
    @inline(__always)
    private static func slot(_ value: String?, _ names: [String], _ index: [String: Int]) -> Int {
        guard let value, !names.isEmpty else { return 0 }
        if names.count <= 8 {
            for i in names.indices where names[i] == value { return i + 1 }
            return 0
        }
        return index[value] ?? 0
    }

    func resolved(region: String?, cohort: String?, client: String?) -> ResolvedToggles {
        guard let entries else { return Self.fold(base, layers, region: region, cohort: cohort, client: client) }
        let r = Self.slot(region, regionNames, regionIndex)
        let c = Self.slot(cohort, cohortNames, cohortIndex)
        let k = Self.slot(client, clientNames, clientIndex)
        return entries[(r * cohortSlots + c) * clientSlots + k]
    }
}
