import Dispatch

/// Runs `body(0..<iterations)` on all cores via `DispatchQueue.concurrentPerform`, which
/// returns only when every iteration is done.
///
/// Why the unchecked box: `concurrentPerform` wants a `@Sendable` closure, but the callers hand
/// each iteration raw pointers to disjoint parts of one buffer (a chunk's destination, a range
/// of strings) — safe by construction, and not expressible to the checker.
package func parallelFor(_ iterations: Int, _ body: (Int) -> Void) {
    guard iterations > 1 else {
        if iterations == 1 { body(0) }
        return
    }
    withoutActuallyEscaping(body) { body in
        let box = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: iterations) { box.value($0) }
    }
}

private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
