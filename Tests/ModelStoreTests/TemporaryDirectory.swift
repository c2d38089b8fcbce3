import Foundation

/// A fresh directory under the system temp dir, removed after `body`. Importers read real
/// files, so tests write real files.
struct TemporaryDirectory {
    let path: String

    func write(_ name: String, _ text: String) throws {
        try write(name, bytes: Array(text.utf8))
    }

    func write(_ name: String, bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path + "/" + name))
    }

    func subdirectory(_ name: String) throws -> TemporaryDirectory {
        let sub = TemporaryDirectory(path: path + "/" + name)
        try FileManager.default.createDirectory(atPath: sub.path, withIntermediateDirectories: true)
        return sub
    }
}

@discardableResult
func withTemporaryDirectory<T>(_ body: (TemporaryDirectory) throws -> T) throws -> T {
    let path = NSTemporaryDirectory() + "guardrank-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(TemporaryDirectory(path: path))
}
