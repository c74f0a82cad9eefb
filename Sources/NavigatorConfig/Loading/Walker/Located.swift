/// A value read from the file together with where it was written, so the compile stage can report errors precisely.
struct Located<Value> {
    /// The decoded value.
    var value: Value
    /// Where the value starts.
    var location: SourceLocation
    /// Its key path, e.g. `applications.tenants[2].path`.
    var keyPath: String
}

extension Located: Sendable where Value: Sendable {}

/// Where something is in the file: used to report a problem with a whole entry (e.g. a missing key).
struct Site: Sendable {
    /// Where the entry starts.
    var location: SourceLocation
    /// Its key path.
    var keyPath: String

    /// The site of a key below this one, for "missing key" errors.
    func child(_ key: String) -> Site { Site(location: location, keyPath: "\(keyPath).\(key)") }
}

extension Located {
    /// Where the value is.
    var site: Site { Site(location: location, keyPath: keyPath) }
}

extension ConfigNode {
    /// Where the node is.
    var site: Site { Site(location: location, keyPath: keyPath) }
}

extension ConfigMap {
    /// Where the mapping is.
    var site: Site { owner.site }
}
