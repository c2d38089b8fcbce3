import Foundation

/// A NumPy `.npy` file (format versions 1–3): a little-endian `float32` or `int64` array in
/// C order, as `numpy.save` writes it. Enough for benchmark inputs (`guardrank index-bench`);
/// not a general reader (no Fortran order, no other dtypes, no pickles).
public struct NumpyArray: Sendable {
    public enum Values: Sendable {
        case float32([Float])
        case int64([Int64])
    }

    public let shape: [Int]
    public let values: Values

    public struct FormatError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Rows and columns of a 2-D array (a 1-D array is one column).
    public var rows: Int { shape.first ?? 1 }
    public var columns: Int { shape.count > 1 ? shape.dropFirst().reduce(1, *) : 1 }

    public static func read(_ path: String) throws -> NumpyArray {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FormatError(path: path, reason: "cannot read the file")
        }
        return try parse([UInt8](data), path: path)
    }

    static func parse(_ bytes: [UInt8], path: String) throws -> NumpyArray {
        func fail(_ reason: String) -> FormatError { FormatError(path: path, reason: reason) }
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // "\x93NUMPY"
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw fail("not a .npy file (bad magic)") }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw fail("truncated header") }
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
            headerStart = 12
        default:
            throw fail("unsupported .npy version \(major)")
        }
        let dataStart = headerStart + headerLength
        guard dataStart <= bytes.count else { throw fail("truncated header") }
        let header = String(decoding: bytes[headerStart..<dataStart], as: UTF8.self)

        guard let descr = field("descr", in: header).map({ $0.trimmingCharacters(in: CharacterSet(charactersIn: "'\" ")) })
        else { throw fail("header has no descr") }
        guard let order = field("fortran_order", in: header), order.hasPrefix("False") else {
            throw fail("only C-order arrays are supported")
        }
        guard let shapeText = field("shape", in: header) else { throw fail("header has no shape") }
        let shape = shapeText.split(whereSeparator: { "(), ".contains($0) }).compactMap { Int($0) }
        let count = shape.reduce(1, *)

        let elementSize: Int
        switch descr {
        case "<f4": elementSize = 4
        case "<i8": elementSize = 8
        default: throw fail("unsupported dtype \(descr) (want <f4 or <i8)")
        }
        guard bytes.count - dataStart >= count * elementSize else {
            throw fail("holds \(bytes.count - dataStart) data bytes, shape \(shape) needs \(count * elementSize)")
        }
        let values: Values = bytes.withUnsafeBytes { raw in
            let start = raw.baseAddress! + dataStart
            // Bulk copies: the data is the little-endian memory image (like the snapshot's arrays).
            if elementSize == 4 {
                return .float32([Float](unsafeUninitializedCapacity: count) { buffer, n in
                    memcpy(buffer.baseAddress!, start, count * 4)
                    n = count
                })
            }
            return .int64([Int64](unsafeUninitializedCapacity: count) { buffer, n in
                memcpy(buffer.baseAddress!, start, count * 8)
                n = count
            })
        }
        return NumpyArray(shape: shape, values: values)
    }

    /// The text after `'key':` up to the next top-level comma (a tuple counts as one value).
    private static func field(_ key: String, in header: String) -> String? {
        guard let range = header.range(of: "'\(key)':") else { return nil }
        var depth = 0
        var value = ""
        for character in header[range.upperBound...] {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if (character == "," && depth == 0) || character == "}" { break }
            value.append(character)
        }
        return value.trimmingCharacters(in: .whitespaces)
    }

    public var floats: [Float]? { if case .float32(let v) = values { return v } else { return nil } }
    public var integers: [Int64]? { if case .int64(let v) = values { return v } else { return nil } }
}
