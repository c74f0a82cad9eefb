#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The server's own environment, which every child inherits (F2, F4, F5).
public enum ServerEnvironment {
    /// `environ` as ordered name/value pairs.
    public static func current() -> [(String, String)] {
        var result: [(String, String)] = []
        var cursor = environ
        while let entry = cursor.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result.append((String(text[..<equals]), String(text[text.index(after: equals)...])))
            }
            cursor += 1
        }
        return result
    }
}
