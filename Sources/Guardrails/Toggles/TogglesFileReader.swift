#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What identifies one version of the toggles file without reading it: device, inode,
/// size, modification time and the resolved path. An in-place write changes size or
/// mtime, an atomic rename the inode, a ConfigMap `..data` symlink swap the resolved path
/// and inode.
struct FileFingerprint: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var mtimeSeconds: Int
    var mtimeNanoseconds: Int
    var resolvedPath: String

    init(_ st: stat, resolvedPath: String) {
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
        size = Int64(st.st_size)
        mtimeSeconds = Int(st.st_mtim.tv_sec)
        mtimeNanoseconds = Int(st.st_mtim.tv_nsec)
        self.resolvedPath = resolvedPath
    }
}

/// Reads the toggles file with POSIX calls so each failure has a precise reason, and
/// notices a file that changes while being read.
enum TogglesFileReader {
    struct Failure: Error, Equatable {
        var reason: String
        /// The file was changing under the read: try again on the next poll, report nothing.
        var inFlux = false
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }

    /// The fingerprint of what `path` points at now, following symlinks.
    static func fingerprint(_ path: String) throws(Failure) -> FileFingerprint {
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw Failure(reason: errno == ENOENT ? "file does not exist (deleted, or a dangling symlink)" : "cannot stat: \(errnoText())")
        }
        var resolved = path
        if let p = realpath(path, nil) {
            resolved = String(cString: p)
            free(p)
        }
        return FileFingerprint(st, resolvedPath: resolved)
    }

    static func read(_ path: String) throws(Failure) -> [UInt8] {
        try readWithFingerprint(path).bytes
    }

    static func readWithFingerprint(_ path: String) throws(Failure) -> (bytes: [UInt8], fingerprint: FileFingerprint) {
        let before = try fingerprint(path)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(reason: errno == ENOENT ? "file does not exist (deleted?)" : "cannot open: \(errnoText())") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw Failure(reason: "cannot stat: \(errnoText())") }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw Failure(reason: "not a regular file") }
        let limit = TogglesDefaults.maxFileBytes + 1
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while bytes.count < limit {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(reason: "cannot read: \(errnoText())")
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        let opened = FileFingerprint(st, resolvedPath: before.resolvedPath)
        var after = stat()
        let unchanged = fstat(fd, &after) == 0 && FileFingerprint(after, resolvedPath: before.resolvedPath) == opened
        guard unchanged, opened.inode == before.inode, Int64(bytes.count) == opened.size || bytes.count >= limit else {
            throw Failure(reason: "file changed while being read", inFlux: true)
        }
        return (bytes, opened)
    }
}

/// `read(2)`, named apart from `TogglesFileReader.read`.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(fd, buffer, count)
    #else
    Darwin.read(fd, buffer, count)
    #endif
}
