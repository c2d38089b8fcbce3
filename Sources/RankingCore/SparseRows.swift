/// Compressed sparse rows: for each row, a run of (column, value) pairs.
///
/// Used for user histories (row = user, column = item, value = weight), item neighbour lists
/// (row = item, column = neighbour item, value = similarity) and category membership
/// (row = item, column = category). `offsets` has `rows + 1` entries.
public struct SparseRows: Sendable, Equatable {
    public var offsets: [Int64]
    public var columns: [Int32]
    public var values: [Float]

    public init(offsets: [Int64], columns: [Int32], values: [Float]) {
        precondition(!offsets.isEmpty && offsets.last! == Int64(columns.count) && columns.count == values.count,
                     "SparseRows: offsets/columns/values disagree")
        self.offsets = offsets
        self.columns = columns
        self.values = values
    }

    /// Builds rows from per-row lists (cold path: importers, trainers, tests).
    public init(rows: [[(column: Int32, value: Float)]]) {
        var offsets: [Int64] = [0]
        offsets.reserveCapacity(rows.count + 1)
        var columns: [Int32] = []
        var values: [Float] = []
        for row in rows {
            for entry in row {
                columns.append(entry.column)
                values.append(entry.value)
            }
            offsets.append(Int64(columns.count))
        }
        self.init(offsets: offsets, columns: columns, values: values)
    }

    public static func emptyRows(_ count: Int) -> SparseRows {
        SparseRows(offsets: [Int64](repeating: 0, count: count + 1), columns: [], values: [])
    }

    public var rowCount: Int { offsets.count - 1 }

    public func range(of row: Int) -> Range<Int> {
        Int(offsets[row]) ..< Int(offsets[row + 1])
    }

    public func columns(of row: Int) -> ArraySlice<Int32> { columns[range(of: row)] }
    public func values(of row: Int) -> ArraySlice<Float> { values[range(of: row)] }
}

extension SparseRows {
    /// The transpose: row = old column, columns = old rows (in ascending order), values kept.
    public func transposed(columnCount: Int) -> SparseRows {
        var counts = [Int64](repeating: 0, count: columnCount + 1)
        for column in columns { counts[Int(column) + 1] += 1 }
        for i in 0..<columnCount { counts[i + 1] += counts[i] }
        var next = counts
        var newColumns = [Int32](repeating: 0, count: columns.count)
        var newValues = [Float](repeating: 0, count: values.count)
        for row in 0..<rowCount {
            for position in range(of: row) {
                let column = Int(columns[position])
                let slot = Int(next[column])
                next[column] += 1
                newColumns[slot] = Int32(row)
                newValues[slot] = values[position]
            }
        }
        return SparseRows(offsets: counts, columns: newColumns, values: newValues)
    }
}
