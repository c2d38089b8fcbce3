import Foundation

/// Reads a whole file into bytes with POSIX calls: one allocation of the file's size, no
/// `Data` bridge copy (ml-25m's ratings.csv is 650 MB).
enum FileBytes {
    static func exists(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    static func read(_ path: String) throws(ImportError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            let reason = errno == ENOENT ? "required file not found" : "cannot open: \(String(cString: strerror(errno)))"
            throw ImportError(errno == ENOENT ? .missingFile : .unreadableFile, path: path, reason: reason)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw ImportError(.unreadableFile, path: path, reason: "cannot stat: \(String(cString: strerror(errno)))")
        }
        let size = Int(info.st_size)
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < size {
                let got = Foundation.read(fd, buffer.baseAddress! + count, size - count)
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if got == 0 { return }
                count += got
            }
        }
        if failure != 0 {
            throw ImportError(.unreadableFile, path: path, reason: "read failed: \(String(cString: strerror(failure)))")
        }
        return bytes
    }
}
