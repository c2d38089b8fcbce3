import Testing
@testable import ModelStore

/// `.npy` files as `numpy.save` writes them (v1 header, padded to 64 bytes, little-endian).
@Suite struct NumpyArrayTests {
    func file(_ header: String, _ payload: [UInt8], major: UInt8 = 1) -> [UInt8] {
        var text = header
        let prefix = major == 1 ? 10 : 12
        while (prefix + text.utf8.count + 1) % 64 != 0 { text += " " }
        text += "\n"
        let length = text.utf8.count
        var bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, major, 0]
        bytes += major == 1 ? [UInt8(length & 0xFF), UInt8(length >> 8)]
                            : [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), 0, 0]
        return bytes + Array(text.utf8) + payload
    }

    @Test func readsFloat32Matrix() throws {
        let values: [Float] = [1, 2, 3, 4, 5, 6]
        let payload = values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }
        let array = try NumpyArray.parse(file("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", payload), path: "m")
        #expect(array.shape == [2, 3])
        #expect(array.rows == 2 && array.columns == 3)
        #expect(array.floats == values)
    }

    @Test func readsInt64VectorWithVersion2Header() throws {
        let values: [Int64] = [7, -1, 1 << 40]
        let payload = values.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) }
        let array = try NumpyArray.parse(file("{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }", payload, major: 2), path: "v")
        #expect(array.integers == values)
        #expect(array.columns == 1)
    }

    @Test func refusesFortranOrderOtherTypesAndShortData() {
        #expect(throws: NumpyArray.FormatError.self) {
            try NumpyArray.parse(self.file("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", [0, 0, 0, 0]), path: "f")
        }
        #expect(throws: NumpyArray.FormatError.self) {
            try NumpyArray.parse(self.file("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", [UInt8](repeating: 0, count: 8)), path: "d")
        }
        #expect(throws: NumpyArray.FormatError.self) {
            try NumpyArray.parse(self.file("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", [0, 0, 0, 0]), path: "s")
        }
        #expect(throws: NumpyArray.FormatError.self) { try NumpyArray.parse([1, 2, 3], path: "x") }
    }
}
