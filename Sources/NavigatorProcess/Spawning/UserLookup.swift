#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Resolves `user`/`group` names to ids (F25).
public enum UserLookup {
    /// Why the lookup failed.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// What was looked up.
        public var name: String
        public var description: String { "unknown user or group \(name)" }
    }

    /// The ids for `user` (name or number) and `group` (name or number; default: the user's primary group).
    public static func credentials(user: String, group: String?) throws -> Credentials {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16 * 1024)
        let uid: UInt32
        var gid: UInt32
        if getpwnam_r(user, &entry, &buffer, buffer.count, &result) == 0, result != nil {
            uid = entry.pw_uid
            gid = entry.pw_gid
        } else if let number = UInt32(user) {
            uid = number
            gid = number
        } else {
            throw Failure(name: user)
        }
        if let group, !group.isEmpty {
            var groupEntry = Glibc.group()
            var groupResult: UnsafeMutablePointer<Glibc.group>?
            if getgrnam_r(group, &groupEntry, &buffer, buffer.count, &groupResult) == 0, groupResult != nil {
                gid = groupEntry.gr_gid
            } else if let number = UInt32(group) {
                gid = number
            } else {
                throw Failure(name: group)
            }
        }
        return Credentials(uid: uid, gid: gid)
    }

    /// Whether the server runs as root (user switching and cgroups need it).
    public static var isRoot: Bool { geteuid() == 0 }
}
