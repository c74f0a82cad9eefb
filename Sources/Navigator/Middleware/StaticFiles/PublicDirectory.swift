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
/// without aio: `open`/`fstat` of a cached path and the read of a page-cached small file take microseconds,
/// while a hand-off to a thread pool and back costs two wake-ups, which on a busy machine means milliseconds of
/// scheduling delay per request. A file of at most `inlineLimit` bytes is read whole here; bigger files stream
/// with `sendfile(2)` or in chunks from NIO's thread pool, where a slow disk cannot stall other connections for long.
///
/// A candidate is served only when it is a regular file whose real path (symlinks resolved) is still inside the
/// real path of `public_dir`; a symlink that leads outside is treated as missing. The candidate is opened first and
/// its real path read back from the descriptor, as nginx opens and then `fstat`s: five system calls for a small
/// file instead of a dozen with `stat` and `realpath(3)` walking every component.
struct PublicDirectory: Sendable {
    /// `server.static.public_dir` as configured (absolute after loading).
    let root: String
    private let realRoot: RealRoot

    /// Creates a lookup over `root`.
    init(root: String) {
        self.root = root
        self.realRoot = RealRoot(root)
    }

    /// Files up to this size are read with the lookup; bigger ones stream in chunks.
    static let inlineLimit: Int64 = 64 * 1024

    /// The first of `relativePaths` (each joined to the root) that is a servable regular file, with its content
    /// when it is small.
    func firstFile(among relativePaths: [String]) -> StaticFile? {
        for relative in relativePaths {
            if let file = servableFile(relative: relative) { return file }
        }
        return nil
    }

    /// The file at `relative` if it is a regular file that really lives under `root`, read when it is small.
    private func servableFile(relative: String) -> StaticFile? {
        let path = LexicalPath.join(root, relative)
        // Non-blocking, as nginx opens: a FIFO under public_dir must not wait for a writer.
        let descriptor = path.withCString { open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK) }
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        guard let info = Self.status(of: descriptor), info.kind == .regular,
            let realFile = Self.realPath(of: descriptor) ?? Self.realPath(path), realRoot.contains(realFile)
        else { return nil }
        var file = StaticFile(
            path: path, resolvedPath: realFile, size: info.size,
            modifiedSeconds: info.modifiedSeconds, modifiedNanoseconds: info.modifiedNanoseconds
        )
        if info.size <= Self.inlineLimit { file.contents = Self.contents(of: descriptor, size: Int(info.size)) }
        return file
    }

    /// The `size` bytes of the open file, or `nil` when it cannot be read whole or no longer has that size (then it
    /// is streamed, and a concurrent change shows up as it would there).
    static func contents(of descriptor: CInt, size: Int) -> ByteBuffer? {
        var buffer = ByteBufferAllocator().buffer(capacity: size + 1)
        let complete = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: size + 1) { raw -> Int in
            var total = 0
            while total <= size {
                // One byte more than expected is asked for, so a file that grew is noticed; getting exactly the
                // expected size back means the end was reached, without another read to see 0.
                let count = read(descriptor, raw.baseAddress! + total, size + 1 - total)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                total += count
                if total == size { break }
            }
            return total
        }
        return complete == size ? buffer : nil
    }

    /// Whether `relative` names a directory inside the root that holds a servable `index.html`.
    func isDirectoryWithIndex(_ relative: String) -> Bool {
        let directory = LexicalPath.join(root, relative)
        guard let info = Self.status(of: directory), info.kind == .directory else { return false }
        return servableFile(relative: relative + "/index.html") != nil
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

    /// Whether `path` lies below `directory` (both already resolved).
    static func isInside(_ path: String, directory: String) -> Bool {
        if directory == "/" { return path.hasPrefix("/") }
        // Bytes, as the file system compares them, and without building `directory + "/"` per request.
        let path = path.utf8, directory = directory.utf8
        guard path.count > directory.count, path.starts(with: directory) else { return false }
        return path[path.index(path.startIndex, offsetBy: directory.count)] == UInt8(ascii: "/")
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

        /// The fields of a `stat` result.
        init(_ info: stat) {
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
            size = Int64(info.st_size)
            modifiedSeconds = Int64(modified.tv_sec)
            modifiedNanoseconds = Int64(modified.tv_nsec)
        }
    }

    /// `stat(2)`, or `nil` when it fails for any reason.
    static func status(of path: String) -> Status? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Status(info)
    }

    /// `fstat(2)` of an open descriptor, or `nil` when it fails.
    static func status(of descriptor: CInt) -> Status? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        return Status(info)
    }

    /// `realpath(3)`, or `nil` when the path does not resolve.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The path the kernel reports for an open descriptor (`/proc/self/fd`), or `nil` without procfs or for a
    /// file deleted since it was opened.
    static func realPath(of descriptor: CInt) -> String? {
        #if os(Linux)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Int(PATH_MAX) + 32) { buffer -> String? in
            // The link's name is built in the same buffer, after the room for the answer: no string per request.
            let name = UnsafeMutableBufferPointer(rebasing: buffer[Int(PATH_MAX)...])
            var writer = ASCIIWriter(name)
            writer.text("/proc/self/fd/")
            writer.decimal(Int(descriptor))
            writer.text("\0")
            let length = name.withMemoryRebound(to: CChar.self) { readlink($0.baseAddress!, buffer.baseAddress!, Int(PATH_MAX)) }
            guard length > 0, buffer[0] == UInt8(ascii: "/") else { return nil }
            let path = String(decoding: UnsafeBufferPointer(rebasing: buffer[..<length]), as: UTF8.self)
            // The kernel marks an unlinked file this way; realpath(3) of the name is then the honest answer.
            return path.hasSuffix(" (deleted)") ? nil : path
        }
        #else
        nil
        #endif
    }
}
