import Synchronization

/// Bounded interning of one label dimension (cohort or region): the first `capacity`
/// distinct labels get their own series, every later one shares the overflow slot
/// (`capacity`). Labels are never forgotten, so a series keeps its meaning for the
/// process's life. The lock is taken only on a stripe's first sight of a label; stripes
/// cache the answers (`LabelCache`).
final class LabelTable: Sendable {
    let capacity: Int
    private let state: Mutex<[String: Int]>

    init(capacity: Int) {
        self.capacity = capacity
        self.state = Mutex([:])
    }

    /// The slot for `label`, and the whole table once it is full (so a cache can answer
    /// every later miss with "overflow" without asking again).
    func intern(_ label: String) -> (slot: Int, fullTable: [String: Int]?) {
        state.withLock { table in
            if let slot = table[label] { return (slot, table.count >= capacity ? table : nil) }
            guard table.count < capacity else { return (capacity, table) }
            table[label] = table.count
            return (table[label]!, table.count >= capacity ? table : nil)
        }
    }

    /// Slot → label, the overflow slot last.
    func names() -> [String] {
        let table = state.withLock { $0 }
        var names = [String](repeating: MetricsDefaults.overflowLabel, count: capacity + 1)
        for (label, slot) in table { names[slot] = label }
        return names
    }
}

/// A stripe's private copy of a `LabelTable`: lookups without the table's lock.
struct LabelCache {
    private var known: [String: Int] = [:]
    /// The table is full and `known` holds all of it: a miss is the overflow slot.
    private var complete = false

    @inline(__always)
    mutating func slot(for label: String, in table: LabelTable) -> Int {
        if let slot = known[label] { return slot }
        if complete { return table.capacity }
        let (slot, full) = table.intern(label)
        if let full {
            known = full
            complete = true
        } else {
            known[label] = slot
        }
        return slot
    }
}
