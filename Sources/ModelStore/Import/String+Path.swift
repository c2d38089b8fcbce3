/// Path joining without Foundation's URL round trips (paths here are plain POSIX strings).
extension String {
    func appendingPathComponent(_ component: String) -> String {
        if isEmpty { return component }
        return hasSuffix("/") ? self + component : self + "/" + component
    }

    var lastPathComponent: String {
        let trimmed = hasSuffix("/") && count > 1 ? String(dropLast()) : self
        return trimmed.split(separator: "/").last.map(String.init) ?? trimmed
    }
}
