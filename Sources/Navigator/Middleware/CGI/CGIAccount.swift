import NavigatorProcess

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `user`/`group` of a CGI script (F25) turned into ids: the group's id, or the user's primary group.
enum CGIAccount {
    /// Why the lookup failed.
    struct LookupError: Error, CustomStringConvertible {
        let description: String
    }

    /// The credentials for `user`/`group`, `nil` when neither is set. Blocking (NSS): call off the event loops.
    static func credentials(user: String?, group: String?) throws -> Credentials? {
        guard user != nil || group != nil else { return nil }
        var uid = getuid()
        var gid = getgid()
        if let user {
            guard let entry = getpwnam(user) else { throw LookupError(description: "unknown user `\(user)`") }
            uid = entry.pointee.pw_uid
            gid = entry.pointee.pw_gid
        }
        if let group {
            guard let entry = getgrnam(group) else { throw LookupError(description: "unknown group `\(group)`") }
            gid = entry.pointee.gr_gid
        }
        return Credentials(uid: uid, gid: gid)
    }
}
