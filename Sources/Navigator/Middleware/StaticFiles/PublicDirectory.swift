import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A regular file found under `public_dir`, with what the response headers need.
struct StaticFile: Sendable, Equatable {
    /// The lexical path (`public_dir` joined with the request path), logged as `file_path`.
    let path: String
    /// The same file with every symlink resolved; this is what gets opened.
    let resolvedPath: String
    /// Size in bytes.
    let size: Int64
    /// Modification time, whole seconds since the epoch.
    let modifiedSeconds: Int64
    /// Nanoseconds part of the modification time (feeds the ETag only).
    let modifiedNanoseconds: Int64
    /// The whole content, for a file small enough to be read during the lookup (`nil`: stream it from disk).
    var contents: ByteBuffer? = nil
}

/// File-system lookups confined to one `public_dir`, made on the calling thread (an event loop), as nginx does
/// without aio: `stat`/`realpath` of a cached path and the read of a page-cached small file take microseconds,
/// while a hand-off to a thread pool and back costs two wake-ups, which on a busy machine means milliseconds of
/// scheduling delay per request. A file of at most `inlineLimit` bytes is read whole here; bigger files stream
/// through Hummingbird's `FileIO` on NIO's thread pool, where a slow disk cannot stall other connections for long.
///
/// A candidate is served only when it is a regular file whose real path (symlinks resolved) is still inside the
/// real path of `public_dir`; a symlink that leads outside is treated as missing.
struct PublicDirectory: Sendable {
    /// `server.static.public_dir` as configured (absolute after loading).
    let root: String

    /// Creates a lookup over `root`.
    init(root: String) {
        self.root = root
    }

    /// Files up to this size are read with the lookup; bigger ones stream in chunks.
    static let inlineLimit: Int64 = 64 * 1024

    /// The first of `relativePaths` (each joined to the root) that is a servable regular file, with its content
    /// when it is small.
    func firstFile(among relativePaths: [String]) -> StaticFile? {
        for relative in relativePaths {
            if var file = Self.servableFile(root: root, relative: relative) {
                if file.size <= Self.inlineLimit { file.contents = Self.contents(of: file) }
                return file
            }
        }
        return nil
    }

    /// The bytes of `file`, or `nil` when it cannot be read whole or no longer has the size it was found with
    /// (then it is streamed, and a concurrent change shows up as it would there).
    static func contents(of file: StaticFile) -> ByteBuffer? {
        let descriptor = open(file.resolvedPath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        let size = Int(file.size)
        var buffer = ByteBufferAllocator().buffer(capacity: size)
        // One byte more than expected is asked for, so a file that grew is noticed.
        let complete = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: size + 1) { raw -> Int in
            var total = 0
            while total <= size {
                let count = read(descriptor, raw.baseAddress! + total, raw.count - total)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                total += count
            }
            return total
        }
        return complete == size ? buffer : nil
    }

    /// Whether `relative` names a directory inside the root that holds a servable `index.html`.
    func isDirectoryWithIndex(_ relative: String) -> Bool {
        let directory = LexicalPath.join(root, relative)
        guard let info = Self.status(of: directory), info.kind == .directory else { return false }
        return Self.servableFile(root: root, relative: relative + "/index.html") != nil
    }

    /// Whether any of `relativePaths`, joined and cleaned lexically, names an existing non-directory.
    ///
    /// Used only for paths with `..` segments, to answer 400 exactly where Navigator does; nothing is opened.
    func anyExistingNonDirectory(among relativePaths: [String]) -> Bool {
        relativePaths.contains { relative in
            guard let info = Self.status(of: LexicalPath.join(root, relative)) else { return false }
            return info.kind != .directory
        }
    }

    /// The file at `relative` if it is a regular file that really lives under `root`.
    private static func servableFile(root: String, relative: String) -> StaticFile? {
        let path = LexicalPath.join(root, relative)
        guard let info = status(of: path), info.kind == .regular,
            let realRoot = realPath(root), let realFile = realPath(path),
            isInside(realFile, directory: realRoot)
        else { return nil }
        return StaticFile(
            path: path, resolvedPath: realFile, size: info.size,
            modifiedSeconds: info.modifiedSeconds, modifiedNanoseconds: info.modifiedNanoseconds
        )
    }

    /// Whether `path` is `directory` itself or below it (both already resolved).
    static func isInside(_ path: String, directory: String) -> Bool {
        if directory == "/" { return path.hasPrefix("/") }
        return path.hasPrefix(directory + "/")
    }

    /// What `stat(2)` says about a path (symlinks followed).
    struct Status {
        /// The kinds of file this code distinguishes.
        enum Kind { case regular, directory, other }
        /// File kind.
        let kind: Kind
        /// Size in bytes.
        let size: Int64
        /// Modification time, seconds.
        let modifiedSeconds: Int64
        /// Modification time, nanoseconds part.
        let modifiedNanoseconds: Int64
    }

    /// `stat(2)`, or `nil` when it fails for any reason.
    static func status(of path: String) -> Status? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let kind: Status.Kind
        switch info.st_mode & 0o170000 {
        case 0o100000: kind = .regular
        case 0o040000: kind = .directory
        default: kind = .other
        }
        #if canImport(Darwin)
        let modified = info.st_mtimespec
        #else
        let modified = info.st_mtim
        #endif
        return Status(
            kind: kind, size: Int64(info.st_size),
            modifiedSeconds: Int64(modified.tv_sec), modifiedNanoseconds: Int64(modified.tv_nsec)
        )
    }

    /// `realpath(3)`, or `nil` when the path does not resolve.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
