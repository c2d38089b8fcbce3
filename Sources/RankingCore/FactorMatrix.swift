/// A dense row-major matrix of `Float`: one row per user or item.
///
/// Rows are stored contiguously (`values[row * dimension ..< (row + 1) * dimension]`) so a
/// scan over items reads memory in order; this is the layout the snapshot file stores too.
public struct FactorMatrix: Sendable, Equatable {
    public let rows: Int
    public let dimension: Int
    public var values: [Float]

    public init(rows: Int, dimension: Int, values: [Float]) {
        precondition(rows >= 0 && dimension >= 0 && values.count == rows * dimension,
                     "FactorMatrix: \(values.count) values do not fill \(rows) x \(dimension)")
        self.rows = rows
        self.dimension = dimension
        self.values = values
    }

    public init(rows: Int, dimension: Int, repeating value: Float = 0) {
        self.init(rows: rows, dimension: dimension, values: [Float](repeating: value, count: rows * dimension))
    }

    public static let empty = FactorMatrix(rows: 0, dimension: 0, values: [])

    /// The row as a copy (for tests and cold paths; hot paths use `withRow`).
    public func row(_ index: Int) -> [Float] {
        Array(values[index * dimension ..< (index + 1) * dimension])
    }

    /// Calls `body` with a pointer to the row, without copying it.
    @inlinable
    public func withRow<R>(_ index: Int, _ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try values.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[index * dimension ..< (index + 1) * dimension]))
        }
    }
}
